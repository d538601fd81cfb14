"""Visitor pages in a real browser: journey, embed, downloads, profile and practice links."""

from __future__ import annotations

import csv
import io
import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.app_page import idle
from tests.browser.conftest import MAP_FRAME

pytestmark = pytest.mark.browser


def test_journey_is_walked_stop_by_stop_with_the_keyboard(app_server: str, page: Page) -> None:
    page.goto(f"{app_server}/journey?tour=cityxchange")
    expect(page.get_by_role("heading", name="Trondheim")).to_be_visible()
    expect(page.get_by_text("Stop 1 of 2: Trondheim")).to_be_visible()
    next_button = page.get_by_role("button", name="Next →")
    next_button.focus()
    page.keyboard.press("Enter")
    expect(page.get_by_text("Stop 2 of 2: Limerick")).to_be_visible()
    expect(page).to_have_url(re.compile(r"stop=2"))
    expect(page.get_by_role("button", name="Next →")).to_be_disabled()
    page.get_by_role("button", name="← Previous").click()
    expect(page.get_by_text("Stop 1 of 2: Trondheim")).to_be_visible()
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator(".atlas-legend")).to_be_visible()


def test_embed_shows_the_map_and_legend_only(app_server: str, page: Page) -> None:
    page.goto(f"{app_server}/?embed=true&country=BG")
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator(".atlas-legend")).to_contain_text("Frontrunner")
    frame.locator(".marker-cluster, canvas.leaflet-zoom-animated").first.wait_for()
    expect(page.get_by_test_id("stSidebar")).to_have_count(0)
    expect(page.get_by_role("heading", name="Frontrunners Atlas")).to_have_count(0)


def test_downloaded_csv_has_the_rows_the_filter_shows(app_server: str, page: Page) -> None:
    page.goto(f"{app_server}/?country=PL&role=frontrunner")
    expect(page.get_by_text(re.compile(r"^3 cities · \d+ practices?$"))).to_be_visible()
    idle(page)  # a click during a run may reach a button that run has just replaced
    with page.expect_download() as download:
        page.get_by_role("button", name=re.compile(r"Download these 3 cities \(CSV\)")).click()
    rows = list(csv.DictReader(io.StringIO(download.value.path().read_text(encoding="utf-8"))))
    assert sorted(row["name"] for row in rows) == ["Bydgoszcz", "Piastów", "Sztum"]
    assert {row["licence"] for row in rows} == {"CC BY 4.0"}


def test_profile_and_practice_pages_link_to_each_other(app_server: str, page: Page) -> None:
    page.goto(f"{app_server}/city?city=bydgoszcz")
    expect(page.get_by_role("heading", name="Bydgoszcz", exact=True)).to_be_visible()
    page.get_by_role("link", name="Automatic collection of energy invoices").click()
    expect(
        page.get_by_role("heading", name="Automatic collection of energy invoices")
    ).to_be_visible()
    expect(page).to_have_url(re.compile(r"/practice\?practice=bydgoszcz-energy-invoice-collection"))
    expect(page.get_by_text("Cities that could reuse this")).to_be_visible()
