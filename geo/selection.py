"""Turn what streamlit-folium reports about a click into a selected city."""

from __future__ import annotations

from collections.abc import Mapping

import pandas as pd

from geo.mapview import COORD_DECIMALS

_TOLERANCE_DEG = 0.5 * 10**-COORD_DECIMALS


def city_from_click(event: Mapping | None, cities: pd.DataFrame) -> str | None:
    """The slug of the city whose marker was clicked, or None.

    `event` is st_folium's return value; markers sit at coordinates rounded to
    COORD_DECIMALS, so the click's latlng is matched within half that step. When several
    cities share a point, the clicked marker's tooltip (the city name) decides.
    """
    clicked = (event or {}).get("last_object_clicked")
    if not clicked or "lat" not in clicked or "lng" not in clicked:
        return None
    lat, lng = float(clicked["lat"]), float(clicked["lng"])
    near = cities[
        ((cities["latitude"] - lat).abs() <= _TOLERANCE_DEG)
        & ((cities["longitude"] - lng).abs() <= _TOLERANCE_DEG)
    ]
    if len(near) > 1:
        tooltip = (event or {}).get("last_object_clicked_tooltip")
        named = near[near["name"] == tooltip] if tooltip else near.iloc[0:0]
        near = named if not named.empty else near
    return None if near.empty else str(near.iloc[0]["slug"])
