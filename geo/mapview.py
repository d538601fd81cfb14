"""Folium maps of the atlas, built from frames; every asset is served by the app itself.

The base map (basemap, tiles, legend) never depends on filters, so streamlit-folium keeps
the same component while the city layer, built separately, is swapped in place.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Iterable
from dataclasses import dataclass
from itertools import zip_longest
from typing import ClassVar

import folium
import pandas as pd
from branca.element import CssLink, Element, JavascriptLink, MacroElement
from folium.elements import JSCSSMixin
from folium.template import Template

from atlas import escape
from atlas.i18n import N_, Translator, translator
from atlas.models import FOLLOWER, FRONTRUNNER, PARTNER, ROLES, SIGNATORY
from geo import assets

ENGLISH = translator("en")
EUROPE_CENTER = (50.5, 14.0)
EUROPE_ZOOM = 4
MAX_ZOOM = 18
CITY_ZOOM = 7
COORD_DECIMALS = 5  # ~1 m at European latitudes

ROLE_COLOURS = {
    FRONTRUNNER: "#D55E00",
    FOLLOWER: "#0072B2",
    PARTNER: "#009E73",
    SIGNATORY: "#8C8C8C",
}
ROLE_LABELS = {
    FRONTRUNNER: N_("Frontrunner"),
    FOLLOWER: N_("Follower"),
    PARTNER: N_("Partner"),
    SIGNATORY: N_("Covenant of Mayors signatory"),
}
NO_ROLE_COLOUR = "#444444"
ROLE_MARKS = {
    FRONTRUNNER: (9, "#1f1f1f", 2),
    FOLLOWER: (7, "#ffffff", 1.5),
    PARTNER: (6, "#1f1f1f", 1),
    SIGNATORY: (5, "#ffffff", 1),
}
"""Marker radius (px), outline colour and outline width (px) per role: roles differ in size
and outline as well as colour, so colour is never the only difference."""
NO_ROLE_MARK = (6, "#ffffff", 1)

MAP_CSS = """
<style>
.leaflet-container { background: #d6e6f2; font-family: system-ui, sans-serif; }
.leaflet-container .leaflet-control-attribution,
.leaflet-container .leaflet-control-scale { font-size: 12px; line-height: 1.4; }
.leaflet-container .leaflet-control-attribution { max-width: calc(100vw - 140px); }
.leaflet-bar a:focus-visible, .leaflet-container:focus-visible { outline: 3px solid #1a5fb4; }
@media (max-width: 640px) {
  .leaflet-touch .leaflet-bar a { width: 44px; height: 44px; line-height: 44px; }
}
.atlas-legend { background: rgba(255,255,255,.9); padding: 4px 8px; border-radius: 4px;
  box-shadow: 0 1px 3px rgba(0,0,0,.3); font-size: 12px; line-height: 1.45; }
.atlas-legend h4 { margin: 0 0 2px; font-size: 12px; }
.atlas-legend i { display: inline-block; width: 10px; height: 10px; border-radius: 50%;
  margin-right: 6px; vertical-align: -1px; border: 1px solid #fff; }
</style>
"""


class OfflineMap(folium.Map):
    """A folium Map that loads only Leaflet, from the app's own static files."""

    default_js: ClassVar = [("leaflet", assets.LEAFLET_JS)]
    default_css: ClassVar = [("leaflet_css", assets.LEAFLET_CSS)]


class Basemap(MacroElement):
    """Country shapes fetched from the app's static GeoJSON, drawn under any tile layer so
    the map stays readable when no tile server is reachable."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function(map) {
            map.createPane("basemap");
            map.getPane("basemap").style.zIndex = 150;
            var group = L.layerGroup().addTo(map);
            fetch({{ this.url|tojson }})
                .then(function(response) {
                    if (!response.ok) { throw new Error("HTTP " + response.status); }
                    return response.json();
                })
                .then(function(data) {
                    L.geoJSON(data, {
                        pane: "basemap", interactive: false, style: {{ this.style|tojson }}
                    }).addTo(group);
                })
                .catch(function(error) { console.warn("basemap not loaded:", error); });
            map.attributionControl.addAttribution({{ this.attribution|tojson }});
            return group;
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(self, url: str) -> None:
        super().__init__()
        self._name = "Basemap"
        self.url = url
        self.style = {"color": "#9aa7b1", "weight": 0.8, "fillColor": "#f4f1ea", "fillOpacity": 1}
        self.attribution = "Basemap: Natural Earth"


def _swatch_style(colour: str, mark: tuple[float, str, float] | None) -> str:
    style = f"background:{escape.html_text(colour)}"
    if mark:
        radius, outline, weight = mark
        style += (
            f";width:{2 * radius}px;height:{2 * radius}px;box-sizing:border-box"
            f";border:{weight}px solid {escape.html_text(outline)}"
        )
    return style


class Legend(MacroElement):
    """A Leaflet control listing colours (with `marks`, also each entry's marker size and
    outline); its HTML is built from escaped text."""

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = L.control({position: "topright"});
        {{ this.get_name() }}.onAdd = function() {
            var div = L.DomUtil.create("div", "atlas-legend");
            div.innerHTML = {{ this.html_json }};
            return div;
        };
        {{ this.get_name() }}.addTo({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        title: str,
        entries: Iterable[tuple[str, str]],
        marks: Iterable[tuple[float, str, float]] | None = None,
    ) -> None:
        super().__init__()
        self._name = "Legend"
        swatches = zip_longest(entries, marks or ())
        items = "".join(
            f'<div><i style="{_swatch_style(colour, mark)}"></i>{escape.html_text(label)}</div>'
            for (label, colour), mark in swatches
        )
        self.html = f"<h4>{escape.html_text(title)}</h4>{items}"

    @property
    def html_json(self) -> str:
        return escape.script_json(self.html)


class CityCluster(JSCSSMixin, MacroElement):
    """Cities as circle markers clustered in the browser (Leaflet.markercluster).

    Each city travels as one compact row [lat, lon, role index, escaped name]; markers are
    created by the browser, not as one Python object per city. streamlit-folium evaluates
    the whole city layer again whenever any part of it changes (the selection ring, say):
    the browser keeps the last few clusters it built, by `cache_key`, and reuses one when
    the same rows come back instead of creating every marker anew.
    """

    default_js: ClassVar = [("leaflet_markercluster", assets.MARKERCLUSTER_JS)]
    default_css: ClassVar = [
        (f"markercluster_css_{index}", url) for index, url in enumerate(assets.MARKERCLUSTER_CSS)
    ]
    KEPT_IN_BROWSER = 4

    _template = Template(
        """
        {% macro script(this, kwargs) %}
        var {{ this.get_name() }} = (function(parent) {
            var built = window.atlasClusters = window.atlasClusters || new Map();
            var key = {{ this.cache_key|tojson }};
            var cluster = built.get(key);
            if (cluster) {
                built.delete(key);
                if (cluster.atlasParent) { cluster.atlasParent.removeLayer(cluster); }
            } else {
                cluster = L.markerClusterGroup({{ this.options|tojson }});
                cluster.on("click", function() { setTimeout(reportClickNow, 0); });
                var colours = {{ this.colours|tojson }};
                var marks = {{ this.marks|tojson }};
                var rows = {{ this.rows_json }};
                var fixed = {{ this.fixed_role|tojson }};
                // One by one: addLayers on a cluster not yet on the map checks each new
                // marker against all the others (quadratic: 0.15 s for the Covenant).
                for (var i = 0; i < rows.length; i++) {
                    var row = rows[i];
                    var role = fixed === null ? row[2] : fixed;
                    var marker = L.circleMarker([row[0], row[1]], {
                        radius: marks[role][0], color: marks[role][1], weight: marks[role][2],
                        fillColor: colours[role], fillOpacity: 0.9
                    });
                    if (fixed === null) { marker.bindTooltip(row[3]); }
                    cluster.addLayer(marker);
                }
            }
            built.set(key, cluster);
            while (built.size > {{ this.KEPT_IN_BROWSER }}) {
                built.delete(built.keys().next().value);
            }
            cluster.atlasParent = parent;
            cluster.addTo(parent);
            return cluster;

            // streamlit-folium tells the page about a click 250 ms later (it waits for
            // map moves to settle); a marker click is complete at once, so it is told
            // now, and the later report then finds nothing new to send.
            function reportClickNow() {
                var state = window.__GLOBAL_DATA__;
                var wanted = state && state.returned_objects;
                if (!window.Streamlit || !wanted || !wanted.length) { return; }
                var known = {
                    last_object_clicked: state.last_object_clicked,
                    last_object_clicked_count: state.last_object_clicked_count,
                    last_object_clicked_tooltip: state.last_object_clicked_tooltip
                };
                if (!wanted.every(function(name) { return name in known; })) { return; }
                var value = {};
                Object.keys(known).forEach(function(name) {
                    if (wanted.indexOf(name) >= 0) { value[name] = known[name]; }
                });
                if (JSON.stringify(value) !== JSON.stringify(state.previous_data)) {
                    state.previous_data = value;
                    window.Streamlit.setComponentValue(value);
                }
            }
        })({{ this._parent.get_name() }});
        {% endmacro %}
        """
    )

    def __init__(
        self,
        rows_json: str,
        colours: list[str],
        fixed_role: int | None = None,
        marks: list[tuple[float, str, float]] | None = None,
    ) -> None:
        """`rows_json` is a list of rows [lat, lon, role index, escaped name] as script
        JSON (`escape.script_json`); with `fixed_role` the rows are just [lat, lon], every
        marker takes that role's colour and has no tooltip (the city's details come when it
        is selected). `marks` are (radius, outline colour, outline width) by role index,
        like `colours`."""
        super().__init__()
        self._name = "CityCluster"
        self.rows_json = rows_json
        self.colours = colours
        self.marks = marks or [NO_ROLE_MARK] * len(colours)
        self.fixed_role = fixed_role
        self.options = {
            "showCoverageOnHover": False,
            "maxClusterRadius": 40,
            "disableClusteringAtZoom": 9,
            "chunkedLoading": False,
        }
        drawn = json.dumps([rows_json, colours, self.marks, fixed_role, self.options])
        self.cache_key = hashlib.sha256(drawn.encode()).hexdigest()[:24]

    def render(self, **kwargs) -> None:
        """As folium renders an element, except that the script, which holds every row,
        joins the figure as it is: folium would first compile it as a Jinja template, on
        every page run (20 to 40 ms for the whole Covenant)."""
        figure = self.get_root()
        for name, url in self.default_js:
            figure.header.add_child(JavascriptLink(url), name=name)
        for name, url in self.default_css:
            figure.header.add_child(CssLink(url), name=name)
        script = self._template.module.__dict__["script"]
        figure.script.add_child(_Verbatim(script(self, kwargs)), name=self.get_name())


class _Verbatim(Element):
    """Text that renders as itself (an Element given a template compiles it)."""

    def __init__(self, text: str) -> None:
        super().__init__()
        self.text = text

    def render(self, **kwargs) -> str:  # noqa: ARG002 - the signature of Element.render
        return self.text


def embed_height(pixels: int | None, default: int = 600) -> int:
    """The pixel height of an embedded map: `pixels` kept within 200..2000, or `default`."""
    return max(200, min(2000, pixels)) if pixels else default


def role_legend(tr: Translator = ENGLISH) -> Legend:
    """The legend of the atlas map: one colour per role, in `tr`'s language."""
    return Legend(
        tr.text(N_("City role")),
        [(tr.text(ROLE_LABELS[r]), ROLE_COLOURS[r]) for r in ROLES],
        [ROLE_MARKS[r] for r in ROLES],
    )


def base_map(
    tiles_url: str = "",
    tiles_attribution: str = "",
    legend: Legend | None = None,
    tr: Translator = ENGLISH,
) -> folium.Map:
    """The constant part of the atlas map: Europe view, vector basemap, optional raster
    tiles, a legend (the role legend in `tr`'s language unless given). Coordinates are
    WGS84; `max_zoom` is set so clustering works without tiles."""
    fmap = OfflineMap(
        location=EUROPE_CENTER,
        zoom_start=EUROPE_ZOOM,
        tiles=None,
        max_zoom=MAX_ZOOM,
        min_zoom=3,
        control_scale=True,
        prefer_canvas=True,
    )
    fmap.options["maxZoom"] = MAX_ZOOM
    fmap.get_root().header.add_child(Element(MAP_CSS), name="atlas_css")
    fmap.add_child(Basemap(assets.BASEMAP_URL))
    if tiles_url:
        folium.TileLayer(
            tiles=tiles_url, attr=tiles_attribution or "Map tiles", max_zoom=MAX_ZOOM, name="Tiles"
        ).add_to(fmap)
    fmap.add_child(legend or role_legend(tr))
    return fmap


def marker_rows(cities: pd.DataFrame) -> list[list]:
    """Compact marker rows [lat, lon, role index, escaped name] for `cities`.

    Role index follows ROLES; a city without a role gets len(ROLES).
    """
    role_index = {role: index for index, role in enumerate(ROLES)}
    lat = cities["latitude"].round(COORD_DECIMALS).tolist()
    lon = cities["longitude"].round(COORD_DECIMALS).tolist()
    roles = [role_index.get(role, len(ROLES)) for role in cities["role"]]
    names = [escape.html_text(name) for name in cities["name"]]
    return [list(row) for row in zip(lat, lon, roles, names, strict=True)]


@dataclass(frozen=True)
class CityMarkers:
    """The city layer's data as script JSON, built once for a set of cities (a view shared
    between page runs and sessions), not on every run: the signatory-only cities as bare
    [lat, lon] points, the project cities as marker rows."""

    signatory_points_json: str
    project_rows_json: str
    has_signatories: bool


def city_markers(cities: pd.DataFrame) -> CityMarkers:
    """The markers of `cities` for `city_layer`."""
    only_signatory = cities["role"] == SIGNATORY
    signatories = cities[only_signatory]
    points = [
        [lat, lon]
        for lat, lon in zip(
            signatories["latitude"].round(COORD_DECIMALS).tolist(),
            signatories["longitude"].round(COORD_DECIMALS).tolist(),
            strict=True,
        )
    ]
    return CityMarkers(
        signatory_points_json=escape.script_json(points),
        project_rows_json=escape.script_json(marker_rows(cities[~only_signatory])),
        has_signatories=not signatories.empty,
    )


def city_layer(
    markers: CityMarkers | pd.DataFrame, selected: pd.Series | None = None
) -> folium.FeatureGroup:
    """The filter-dependent layer: cities that are only Covenant signatories in a compact
    cluster of bare points, the project cities in a named cluster drawn above them, and a
    ring on the selected city. `markers` are `city_markers` of the cities (or the cities)."""
    if isinstance(markers, pd.DataFrame):
        markers = city_markers(markers)
    group = folium.FeatureGroup(name="Cities", control=False)
    colours = [ROLE_COLOURS[role] for role in ROLES] + [NO_ROLE_COLOUR]
    marks = [ROLE_MARKS[role] for role in ROLES] + [NO_ROLE_MARK]
    if markers.has_signatories:
        group.add_child(
            CityCluster(
                markers.signatory_points_json,
                colours,
                fixed_role=ROLES.index(SIGNATORY),
                marks=marks,
            )
        )
    group.add_child(CityCluster(markers.project_rows_json, colours, marks=marks))
    if selected is not None:
        folium.CircleMarker(
            location=(float(selected["latitude"]), float(selected["longitude"])),
            radius=13,
            color="#111111",
            weight=3,
            fill=False,
            tooltip=escape.tooltip(selected["name"]),
        ).add_to(group)
    return group


def full_map(
    cities: pd.DataFrame,
    selected: pd.Series | None = None,
    tiles_url: str = "",
    tiles_attribution: str = "",
) -> folium.Map:
    """Base map and city layer in one standalone map (exports, tests, embedding)."""
    fmap = base_map(tiles_url, tiles_attribution)
    city_layer(cities, selected).add_to(fmap)
    return fmap


def few_cities_layer(
    cities: pd.DataFrame, highlight: str | None = None, route: bool = False
) -> folium.FeatureGroup:
    """A layer of a few cities as role-coloured markers (the `highlight` slug ringed); with
    `route`, a dashed line joins them in order (a journey)."""
    group = folium.FeatureGroup(name="Cities", control=False)
    points = list(zip(cities["latitude"], cities["longitude"], strict=True))
    if route and len(points) > 1:
        folium.PolyLine(points, color="#555555", weight=2, dash_array="6 6").add_to(group)
    for _, city in cities.iterrows():
        chosen = city["slug"] == highlight
        folium.CircleMarker(
            (city["latitude"], city["longitude"]),
            radius=11 if chosen else 7,
            color="#111111" if chosen else "#ffffff",
            weight=3 if chosen else 1.5,
            fill=True,
            fill_color=ROLE_COLOURS.get(city["role"], NO_ROLE_COLOUR),
            fill_opacity=0.95,
            tooltip=escape.tooltip(city["name"]),
        ).add_to(group)
    return group


def cities_map(
    cities: pd.DataFrame,
    highlight: str | None = None,
    tiles_url: str = "",
    tiles_attribution: str = "",
    tr: Translator = ENGLISH,
) -> folium.Map:
    """A small standalone map of a few cities, fitted to them (one city: regional zoom)."""
    fmap = base_map(tiles_url, tiles_attribution, tr=tr)
    few_cities_layer(cities, highlight).add_to(fmap)
    lats, lons = list(cities["latitude"]), list(cities["longitude"])
    if len(lats) > 1:
        fmap.fit_bounds([[min(lats), min(lons)], [max(lats), max(lons)]], padding=(30, 30))
    elif lats:
        fmap.location, fmap.options["zoom"] = [lats[0], lons[0]], CITY_ZOOM
    return fmap
