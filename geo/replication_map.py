"""Replication drawn on the atlas map: a curved line from each frontrunner city to each
follower city that took up one of its practices, an arrow head at the follower's end, a
tooltip naming the practices, and a legend shown while the lines are."""

from __future__ import annotations

import math

import folium
import pandas as pd
from branca.element import MacroElement
from folium.template import Template

from atlas import escape
from atlas.i18n import N_, Translator, said_in
from geo.mapview import ENGLISH

LINE_COLOUR = "#6A3D9A"
ARC_BEND = 0.18
"""How far an arc bends away from the straight line, as a share of its length: lines in
both directions between two cities stay apart."""
ARC_POINTS = 24
ARROW_SHARE = 0.12
"""Arrow head length as a share of the line's length, within ARROW_KM."""
ARROW_KM = (8.0, 60.0)
KM_PER_DEGREE = 111.32


class LayerLegend(MacroElement):
    """A legend control shown on the map while its parent layer is (the atlas map swaps
    layers in place, so a legend added to the map itself would outlive them)."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: "bottomright"});
        {{ this.get_name() }}.onAdd = function() {
            var div = L.DomUtil.create("div", "atlas-legend atlas-replication-legend");
            div.innerHTML = {{ this.html|tojson }};
            return div;
        };
        (function(group, legend) {
            if (group._map) { legend.addTo(group._map); }
            group.on("add", function() { legend.addTo(group._map); });
            group.on("remove", function() { legend.remove(); });
        })({{ this._parent.get_name() }}, {{ this.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, html: str) -> None:
        super().__init__()
        self._name = "LayerLegend"
        self.html = html


def _planar(lat: float, lon: float, origin_lat: float) -> tuple[float, float]:
    """Kilometres east and north of (0, 0), scaled at `origin_lat` (good over a few
    hundred km, enough to shape an arc and an arrow head)."""
    return (lon * KM_PER_DEGREE * math.cos(math.radians(origin_lat)), lat * KM_PER_DEGREE)


def _degrees(x: float, y: float, origin_lat: float) -> tuple[float, float]:
    return (y / KM_PER_DEGREE, x / (KM_PER_DEGREE * math.cos(math.radians(origin_lat))))


def arc_points(
    start: tuple[float, float], end: tuple[float, float], points: int = ARC_POINTS
) -> list[tuple[float, float]]:
    """A quadratic curve from `start` to `end` (lat, lon in WGS84 degrees) bending to the
    right of the direction of travel, as `points` + 1 (lat, lon) pairs."""
    origin = (start[0] + end[0]) / 2
    (x0, y0), (x1, y1) = _planar(*start, origin), _planar(*end, origin)
    cx = (x0 + x1) / 2 + (y1 - y0) * ARC_BEND
    cy = (y0 + y1) / 2 - (x1 - x0) * ARC_BEND
    curve = []
    for step in range(points + 1):
        t = step / points
        x = (1 - t) ** 2 * x0 + 2 * (1 - t) * t * cx + t**2 * x1
        y = (1 - t) ** 2 * y0 + 2 * (1 - t) * t * cy + t**2 * y1
        curve.append(_degrees(x, y, origin))
    return curve


def arrow_head(curve: list[tuple[float, float]]) -> list[tuple[float, float]]:
    """A triangle (three (lat, lon) corners) pointing along the curve's last stretch,
    its tip at the curve's end."""
    origin = curve[-1][0]
    x1, y1 = _planar(*curve[-1], origin)
    x0, y0 = _planar(*curve[-2], origin)
    sx, sy = _planar(*curve[0], origin)
    length = max(
        8.0, min(ARROW_KM[1], max(ARROW_KM[0], math.hypot(x1 - sx, y1 - sy) * ARROW_SHARE))
    )
    heading = math.atan2(y1 - y0, x1 - x0)
    corners = [(x1, y1)]
    for turn in (math.radians(155), math.radians(-155)):
        corners.append(
            (x1 + length * math.cos(heading + turn), y1 + length * math.sin(heading + turn))
        )
    return [_degrees(x, y, origin) for x, y in corners]


def legend_html(project_name: str, tr: Translator = ENGLISH) -> str:
    title = tr.text(N_("Replication in {project}"), project=said_in(project_name, tr))
    line = tr.text(N_("a follower took up a frontrunner's practice"))
    return (
        f"<h4>{escape.html_text(title)}</h4>"
        f'<div><span style="color:{LINE_COLOUR};font-weight:bold">⟶</span> '
        f"{escape.html_text(line)}</div>"
    )


def replication_layer(
    lines: pd.DataFrame, project_name: str, tr: Translator = ENGLISH
) -> folium.FeatureGroup:
    """The lines of `atlas.replication_links.project_lines` as a layer, with its legend
    (an empty layer when there are no lines)."""
    group = folium.FeatureGroup(name="Replication", control=False)
    if lines.empty:
        return group
    for _, line in lines.iterrows():
        curve = arc_points(
            (line["from_latitude"], line["from_longitude"]),
            (line["to_latitude"], line["to_longitude"]),
        )
        heading = f"{line['from_name']} → {line['to_name']}"
        taken_up = [
            f"{said_in(original, tr)} → {said_in(adopted, tr)}"
            for original, adopted in line["practices"]
        ]
        folium.PolyLine(
            curve,
            color=LINE_COLOUR,
            weight=3,
            opacity=0.85,
            tooltip=escape.tooltip_lines(heading, taken_up),
            class_name="atlas-replication",
        ).add_to(group)
        folium.Polygon(
            arrow_head(curve),
            color=LINE_COLOUR,
            weight=1,
            fill=True,
            fill_color=LINE_COLOUR,
            fill_opacity=0.9,
            tooltip=escape.tooltip_lines(heading, taken_up),
        ).add_to(group)
    group.add_child(LayerLegend(legend_html(project_name, tr)))
    return group
