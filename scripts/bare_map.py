"""The benchmark's yardstick: a bare Streamlit page with one folium FastMarkerCluster.

scripts/browser_bench.py --baseline serves it next to the atlas. It draws the points of
the JSON file named by BARE_MAP_POINTS ([[lat, lon], ...]) with Leaflet and
Leaflet.markercluster from the app's static files (served from ./static), and nothing else.
"""

import json
import os
from pathlib import Path
from typing import ClassVar

import folium
import streamlit as st
from folium.plugins import FastMarkerCluster
from streamlit_folium import st_folium

VENDOR = "/app/static/vendor"
CLUSTER = f"{VENDOR}/leaflet.markercluster"
CIRCLE = "function (row) { return L.circleMarker(new L.LatLng(row[0], row[1]), {radius: 5}); }"


class OfflineMap(folium.Map):
    default_js: ClassVar = [("leaflet", f"{VENDOR}/leaflet/leaflet.js")]
    default_css: ClassVar = [("leaflet_css", f"{VENDOR}/leaflet/leaflet.css")]


class OfflineCluster(FastMarkerCluster):
    default_js: ClassVar = [("markercluster", f"{CLUSTER}/leaflet.markercluster.js")]
    default_css: ClassVar = [
        ("markercluster_css", f"{CLUSTER}/MarkerCluster.css"),
        ("markercluster_default", f"{CLUSTER}/MarkerCluster.Default.css"),
    ]


@st.cache_resource
def points() -> list[list[float]]:
    return json.loads(Path(os.environ["BARE_MAP_POINTS"]).read_text(encoding="utf-8"))


st.set_page_config(page_title="Bare map", layout="wide")
fmap = OfflineMap(location=(50.5, 14.0), zoom_start=4, tiles=None, prefer_canvas=True)
fmap.options["maxZoom"] = 18
OfflineCluster(points(), callback=CIRCLE).add_to(fmap)
st_folium(fmap, height=560, use_container_width=True, returned_objects=[])
