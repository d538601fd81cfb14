"""The map draws a project's replication lines in a real browser."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from geo.replication_map import LINE_COLOUR
from tests.browser.conftest import MAP_FRAME, running_app
from tests.factories import build_store
from tests.pages.test_replication_pages import linked_seed

pytestmark = pytest.mark.browser

_DRAWN = (
    "() => Object.values(window.map._layers).filter(l => l instanceof L.Polyline"
    f" && l.options.color === '{LINE_COLOUR}'"
)
COUNT_LINES = _DRAWN + " && !(l instanceof L.Polygon)).length"
COUNT_ARROWS = _DRAWN + " && l instanceof L.Polygon).length"


@pytest.fixture
def linked_app(tmp_path: Path) -> Iterator[str]:
    build_store(linked_seed(), url=f"sqlite:///{tmp_path / 'atlas.db'}")
    with running_app(tmp_path, initialise=False) as url:
        yield url


def test_a_projects_replication_lines_are_drawn_with_arrows_and_a_legend(
    linked_app: str, page: Page
) -> None:
    page.goto(f"{linked_app}/?replication=cityxchange")
    frame = page.frame_locator(MAP_FRAME)
    frame.locator(".marker-cluster, canvas.leaflet-zoom-animated").first.wait_for(state="visible")
    legend = frame.locator(".leaflet-control.atlas-replication-legend")
    expect(legend).to_contain_text("Replication in +CityxChange")
    leaflet = page.frame(url=re.compile("streamlit_folium"))
    assert leaflet is not None
    assert leaflet.evaluate(COUNT_LINES) == 2  # Trondheim → Písek, Trondheim → Smolyan
    assert leaflet.evaluate(COUNT_ARROWS) == 2

    page.get_by_test_id("stSelectbox").filter(has_text="Replication lines").click()
    page.get_by_role("option", name="None").click()
    expect(page).not_to_have_url(re.compile("replication="))
    expect(legend).to_have_count(0)
    assert leaflet.evaluate(COUNT_LINES) == 0
