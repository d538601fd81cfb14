"""Choropleth of European countries from the Natural Earth boundaries."""

from __future__ import annotations

import folium

from atlas import escape
from atlas.i18n import Translator
from geo.boundaries import basemap_frame
from geo.mapview import ENGLISH, Legend, base_map

SHADES = ("#f1eef6", "#d4b9da", "#c994c7", "#df65b0", "#dd1c77", "#980043")
"""Sequential colours, lightest for the fewest."""
NO_DATA = "#ffffff"


def shade(value: int, highest: int) -> str:
    """The colour of `value` on a scale up to `highest` (0 or no data is white)."""
    if value <= 0 or highest <= 0:
        return NO_DATA
    index = min(len(SHADES) - 1, int((len(SHADES) - 1) * value / highest + 0.5))
    return SHADES[max(1, index)]


def _name(tr: Translator, code: str, basemap_name: str) -> str:
    if tr.lang == ENGLISH.lang or not isinstance(code, str) or len(code) != 2:
        return basemap_name
    return tr.country(code)


def country_choropleth(counts: dict[str, int], what: str, tr: Translator = ENGLISH) -> folium.Map:
    """Countries shaded by `counts` (ISO alpha-2 -> number of `what`, a word in `tr`'s
    language), with a tooltip per country named in that language and a legend; names are
    escaped before they reach the map's HTML."""
    frame = basemap_frame()
    frame = frame.assign(
        count=frame["iso_a2"].map(counts).fillna(0).astype(int),
        label=[
            escape.html_text(f"{_name(tr, code, name)}: {tr.count(counts.get(code, 0))} {what}")
            for name, code in zip(frame["name"], frame["iso_a2"], strict=True)
        ],
    )
    highest = max(counts.values(), default=0)
    frame["fill"] = [shade(value, highest) for value in frame["count"]]
    steps = sorted({1, max(1, highest // 2), highest}) if highest else []
    legend = Legend(
        what.capitalize(), [(tr.count(value), shade(value, highest)) for value in steps]
    )
    fmap = base_map(legend=legend)
    folium.GeoJson(
        frame[["iso_a2", "label", "fill", "geometry"]].to_json(drop_id=True),
        style_function=lambda feature: {
            "fillColor": feature["properties"]["fill"],
            "color": "#777777",
            "weight": 0.6,
            "fillOpacity": 0.85,
        },
        tooltip=folium.GeoJsonTooltip(fields=["label"], labels=False),
        name=what,
    ).add_to(fmap)
    return fmap
