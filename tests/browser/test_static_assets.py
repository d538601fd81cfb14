"""The running app serves the vendored map assets itself and names them, on every page, for
the browser to prefetch (no browser needed but for the last test)."""

from __future__ import annotations

import json
import re
import urllib.request
from urllib.parse import urljoin

import pytest
from playwright.sync_api import Page

from geo import assets
from tests.browser.conftest import MAP_FRAME


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


def _prefetched(url: str) -> list[str]:
    """The addresses a page's `Link` header names, as written."""
    with urllib.request.urlopen(url, timeout=10) as response:
        header = response.headers.get("Link") or ""
    return [part.strip().split(">", 1)[0].removeprefix("<") for part in header.split(",")]


def test_every_page_names_the_map_frames_files_and_each_is_served(app_server: str) -> None:
    links = _prefetched(app_server + "/")
    assert links == _prefetched(app_server + "/city")
    assert {assets.asset_url(key) for key in assets.VENDOR_FILES} < set(links)
    assert any(re.fullmatch(r"\./static/js/ComponentInstance\.[\w-]+\.js", link) for link in links)
    for link in links:
        status, _, _ = _get(urljoin(app_server + "/city", link))
        assert status == 200, link


@pytest.mark.browser
def test_the_map_frame_takes_its_files_from_the_prefetched_cache(
    app_server: str, page: Page
) -> None:
    page.goto(app_server)
    page.frame_locator(MAP_FRAME).locator(".marker-cluster").first.wait_for(state="visible")
    frame = page.frame(url=re.compile("streamlit_folium"))
    assert frame is not None
    transferred = dict(
        frame.evaluate(
            "() => performance.getEntriesByType('resource')"
            ".map(e => [new URL(e.name).pathname, e.transferSize])"
        )
    )
    vendored = {assets.asset_url(key) for key in assets.VENDOR_FILES}
    assert {path: transferred.get(path) for path in vendored} == dict.fromkeys(vendored, 0)
