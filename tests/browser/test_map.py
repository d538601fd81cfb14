"""The public map in a real browser: it draws offline, filters, searches, selects, deep-links."""

from __future__ import annotations

import re
from urllib.parse import urlparse

import pytest
from playwright.sync_api import FrameLocator, Page, expect

from tests.browser.conftest import MAP_FRAME

pytestmark = pytest.mark.browser

LOCAL_HOSTS = {"127.0.0.1", "localhost"}


def _map(page: Page) -> FrameLocator:
    return page.frame_locator(MAP_FRAME)


def _wait_for_markers(page: Page) -> None:
    """Clusters or single markers must be drawn: a blank map has neither."""
    frame = _map(page)
    frame.locator(".marker-cluster, canvas.leaflet-zoom-animated").first.wait_for(state="visible")
    expect(frame.locator(".leaflet-control.atlas-legend")).to_contain_text("Frontrunner")


def _summary(page: Page) -> str:
    return page.get_by_text(re.compile(r"^\d+ cit(y|ies) · \d+ practices?$")).inner_text()


def _click_city(page: Page, lat: float, lng: float) -> None:
    """Click the map where a city's marker is drawn (markers are on a canvas)."""
    frame = page.frame(url=re.compile("streamlit_folium"))
    assert frame is not None
    point = frame.evaluate(
        "([lat, lng]) => { const p = window.map.latLngToContainerPoint([lat, lng]);"
        " return {x: p.x, y: p.y}; }",
        [lat, lng],
    )
    box = page.locator(MAP_FRAME).bounding_box()
    page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])


def test_map_draws_with_nothing_loaded_from_outside(app_server: str, page: Page) -> None:
    page.goto(app_server)
    _wait_for_markers(page)
    external = [
        url
        for url in page.requested_urls
        if urlparse(url).scheme in ("http", "https", "ws", "wss")
        and urlparse(url).hostname not in LOCAL_HOSTS
    ]
    assert external == []
    assert re.match(r"^\d+ cities", _summary(page))


def test_filter_search_click_and_card(app_server: str, page: Page) -> None:
    page.goto(app_server)
    _wait_for_markers(page)
    total = int(_summary(page).split()[0])

    page.get_by_test_id("stMultiSelect").filter(has_text="Country").click()
    page.keyboard.type("Bulgaria")
    page.keyboard.press("Enter")
    page.keyboard.press("Escape")
    expect(page).to_have_url(re.compile(r"country=BG"))
    filtered = int(_summary(page).split()[0])
    assert 0 < filtered < total

    search = page.get_by_role("textbox", name="Find a city")
    search.fill("Смолян")
    search.press("Enter")
    expect(page).to_have_url(re.compile(r"q=%D0%A1|q=Смолян", re.IGNORECASE))
    expect(page.get_by_text(re.compile(r"^1 city · \d+ practices?$"))).to_be_visible()

    _wait_for_markers(page)
    _click_city(page, 41.5744, 24.7120)
    expect(page.get_by_role("heading", name="Smolyan")).to_be_visible()
    expect(page.get_by_text("+CityxChange").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"city=smolyan"))


def test_a_visit_runs_the_page_once_until_the_visitor_acts(app_server: str, page: Page) -> None:
    """The map's first report after it is drawn matches what the page started with, so it
    costs no second run of the page; a click on a city does report, and reruns the map and
    its card only: the sidebar and the table are not sent again."""
    reruns: list[bytes] = []  # messages to the server that carry the widgets' values
    received: list[bytes] = []

    def keep_reruns(payload: bytes | str) -> None:
        if isinstance(payload, bytes) and b"$$ID-" in payload:
            reruns.append(payload)

    def keep_received(payload: bytes | str) -> None:
        received.append(payload if isinstance(payload, bytes) else payload.encode())

    def watch(socket) -> None:
        socket.on("framesent", keep_reruns)
        socket.on("framereceived", keep_received)

    page.on("websocket", watch)
    page.goto(f"{app_server}/?country=BG&q=Smolyan")
    _wait_for_markers(page)
    page.wait_for_timeout(1500)  # the map reports 250 ms after its first move
    assert reruns == []
    frame = page.frame(url=re.compile("streamlit_folium"))
    assert frame is not None
    frame.evaluate(WATCH_THE_REPORT)
    assert any(b"Cities in this view" in message for message in received)
    received.clear()
    _click_city(page, 41.5744, 24.7120)
    expect(page.get_by_role("heading", name="Smolyan")).to_be_visible()
    assert frame.evaluate("() => window.reportedBeforeTheMapsOwnReport") is True
    page.wait_for_timeout(1000)  # the map's own report of the click, 250 ms later, adds none
    assert len(reruns) == 1
    assert any(b"Full profile" in message for message in received)
    assert not any(
        b"Cities in this view" in message or b"Find a city" in message for message in received
    )


WATCH_THE_REPORT = """() => {
    const before = JSON.stringify(window.__GLOBAL_DATA__.previous_data);
    window.addEventListener("click", () => setTimeout(() => {
        window.reportedBeforeTheMapsOwnReport =
            JSON.stringify(window.__GLOBAL_DATA__.previous_data) !== before;
    }, 50), {capture: true, once: true});
}"""
"""After the next click, notes whether the page was told of it before streamlit-folium's
own report, which waits 250 ms: a timer of 50 ms set at the click fires before that."""


CLUSTERS_ON_MAP = """() => Object.values(window.map._layers).filter(
    layer => layer instanceof L.MarkerClusterGroup)"""


def test_selecting_a_city_draws_its_ring_with_the_clusters_already_built(
    app_server: str, page: Page
) -> None:
    """A selection changes the city layer (its ring), which the map evaluates again; the
    clusters of the unchanged cities are the ones built before, not built anew."""
    page.goto(f"{app_server}/?country=BG")
    _wait_for_markers(page)
    frame = page.frame(url=re.compile("streamlit_folium"))
    assert frame is not None
    frame.wait_for_function(f"() => ({CLUSTERS_ON_MAP})().length == 2")
    frame.evaluate(f"() => ({CLUSTERS_ON_MAP})().forEach(cluster => {{ cluster.seen = true; }})")
    layers_before = frame.evaluate("() => window.feature_group.length")
    frame.evaluate("() => window.map.setView([41.5744, 24.7120], 10, {animate: false})")
    page.wait_for_timeout(500)
    _click_city(page, 41.5744, 24.7120)
    expect(page.get_by_role("heading", name="Smolyan")).to_be_visible()
    frame.wait_for_function(f"() => window.feature_group.length > {layers_before}")
    assert frame.evaluate(f"() => ({CLUSTERS_ON_MAP})().map(cluster => !!cluster.seen)") == [
        True,
        True,
    ]
    assert frame.evaluate("() => window.atlasClusters.size") == 2


def test_deep_link_reopens_the_same_view(app_server: str, page: Page) -> None:
    page.goto(f"{app_server}/?country=CZ&city=pisek")
    _wait_for_markers(page)
    expect(page.get_by_role("heading", name="Písek")).to_be_visible()
    expect(page.get_by_text("Czechia").first).to_be_visible()
    expect(page).to_have_url(re.compile(r"city=pisek"))
