"""The running app serves the vendored map assets itself (no browser needed)."""

from __future__ import annotations

import json
import urllib.request

import pytest

from geo import assets


def _get(url: str) -> tuple[int, str, bytes]:
    with urllib.request.urlopen(url, timeout=10) as response:
        return response.status, response.headers.get_content_type(), response.read()


def _served_path(url: str) -> str:
    return url.removeprefix(assets.STATIC_PREFIX + "/")


# The content type comes from Python's mimetypes (and the machine's /etc/mime.types).
JS = {"text/javascript", "application/javascript"}
CSS = {"text/css"}
SCRIPTS_AND_STYLES = [
    (assets.LEAFLET_JS, JS, b"Leaflet 1.9.4"),
    (assets.LEAFLET_CSS, CSS, b".leaflet-container"),
    (assets.MARKERCLUSTER_JS, JS, b"MarkerClusterGroup"),
    (assets.MARKERCLUSTER_CSS[0], CSS, b".leaflet-cluster-anim"),
    (assets.MARKERCLUSTER_CSS[1], CSS, b".marker-cluster-small"),
]


@pytest.mark.parametrize(
    ("url", "content_types", "marker"),
    [pytest.param(*case, id=_served_path(case[0])) for case in SCRIPTS_AND_STYLES],
)
def test_the_app_serves_the_vendored_scripts_and_styles(
    app_server: str, url: str, content_types: set[str], marker: bytes
) -> None:
    status, served_type, body = _get(app_server + url)
    assert status == 200
    assert served_type in content_types
    assert marker in body
    assert body == (assets.VENDOR_DIR / _served_path(url)).read_bytes()


def test_the_app_serves_the_basemap(app_server: str) -> None:
    status, _, body = _get(app_server + assets.BASEMAP_URL)
    assert status == 200
    basemap = json.loads(body)
    assert basemap["type"] == "FeatureCollection"
    codes = {feature["properties"]["iso_a2"] for feature in basemap["features"]}
    assert {"PL", "BG", "CZ", "NO", "IE"} <= codes
