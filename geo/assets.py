"""The one place that knows where the map's JavaScript, CSS and basemap are served from.

`make setup` copies them from npm packages into static/vendor/; Streamlit serves static/
at /app/static/. Nothing is loaded from a CDN.
"""

from __future__ import annotations

from pathlib import Path

from atlas import settings

REPO_ROOT = Path(__file__).resolve().parents[1]
VENDOR_DIR = REPO_ROOT / "static" / "vendor"
NODE_MODULES = REPO_ROOT / "node_modules"

STATIC_PREFIX = settings.get("ATLAS_ASSET_PREFIX").rstrip("/")

VENDOR_FILES = {
    "leaflet_js": "leaflet/leaflet.js",
    "leaflet_css": "leaflet/leaflet.css",
    "markercluster_js": "leaflet.markercluster/leaflet.markercluster.js",
    "markercluster_css": "leaflet.markercluster/MarkerCluster.css",
    "markercluster_default_css": "leaflet.markercluster/MarkerCluster.Default.css",
    "basemap": "basemap/europe.geojson",
}


def asset_url(key: str) -> str:
    """The URL (relative to the app) of vendored file `key` of VENDOR_FILES."""
    return f"{STATIC_PREFIX}/{VENDOR_FILES[key]}"


LEAFLET_JS = asset_url("leaflet_js")
LEAFLET_CSS = asset_url("leaflet_css")
MARKERCLUSTER_JS = asset_url("markercluster_js")
MARKERCLUSTER_CSS = [asset_url("markercluster_css"), asset_url("markercluster_default_css")]
BASEMAP_URL = asset_url("basemap")


def missing_vendor_files() -> list[Path]:
    """Vendored files absent on disk (run `make setup` to install them)."""
    return [
        VENDOR_DIR / name for name in VENDOR_FILES.values() if not (VENDOR_DIR / name).is_file()
    ]
