"""Download buttons for the cities currently shown. The files are built when a button is
clicked, never on a page run: the whole Covenant makes megabytes of CSV and GeoJSON."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from atlas.export import city_rows, to_csv, to_geojson
from atlas.i18n import N_
from atlas.queries import AtlasData
from ui.i18n import _, n_

ATTRIBUTION = N_(
    "Frontrunners Atlas, CC BY 4.0. Each row names its source. Coordinates and populations: "
    "GeoNames (CC BY 4.0) unless the row says otherwise; Covenant of Mayors signatories and "
    "populations at adhesion: JRC GCoM MyCovenant signatories, 5th release 2024 "
    "(CC BY 4.0, © European Union)."
)
"""atlas.export.ATTRIBUTION, which the files carry in English, as a page shows it."""


def render_downloads(data: AtlasData, cities: pd.DataFrame) -> None:
    left, right = st.columns(2)
    left.download_button(
        n_("Download this {count} city (CSV)", "Download these {count} cities (CSV)", len(cities)),
        lambda: to_csv(city_rows(data, cities)),
        file_name="frontrunners-atlas-cities.csv",
        mime="text/csv",
        on_click="ignore",
        key="download_csv",
    )
    right.download_button(
        n_(
            "Download this {count} city (GeoJSON)",
            "Download these {count} cities (GeoJSON)",
            len(cities),
        ),
        lambda: to_geojson(city_rows(data, cities)),
        file_name="frontrunners-atlas-cities.geojson",
        mime="application/geo+json",
        on_click="ignore",
        key="download_geojson",
    )
    st.caption(_(ATTRIBUTION))
