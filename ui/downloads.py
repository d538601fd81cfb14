"""Download buttons for the cities currently shown."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from atlas.export import ATTRIBUTION, city_rows, to_csv, to_geojson
from atlas.queries import AtlasData


def render_downloads(data: AtlasData, cities: pd.DataFrame) -> None:
    rows = city_rows(data, cities)
    left, right = st.columns(2)
    left.download_button(
        f"Download these {len(rows)} cities (CSV)",
        to_csv(rows),
        file_name="frontrunners-atlas-cities.csv",
        mime="text/csv",
        key="download_csv",
    )
    right.download_button(
        f"Download these {len(rows)} cities (GeoJSON)",
        to_geojson(rows),
        file_name="frontrunners-atlas-cities.geojson",
        mime="application/geo+json",
        key="download_geojson",
    )
    st.caption(ATTRIBUTION)
