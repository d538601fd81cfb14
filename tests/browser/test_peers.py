"""The peer finder in a real browser, reached by a shared link on a fresh server."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Page, expect

from tests.browser.app_page import idle
from tests.browser.conftest import MAP_FRAME

pytestmark = pytest.mark.browser


def test_shared_peer_search_opens_and_a_result_leads_to_its_city(
    fresh_app_server: str, page: Page
) -> None:
    page.goto(f"{fresh_app_server}/peers?for=smolyan&topic=energy&top=5")
    expect(page.get_by_role("heading", name="5 peers for Smolyan")).to_be_visible()
    # the app's own navigation, not the folder listing of pages/
    expect(page.get_by_test_id("stSidebarNav")).to_contain_text("Find peers")
    first = page.get_by_role("button", name=re.compile(r"^1\. Asenovgrad"))
    expect(first).to_be_visible()
    expect(page.get_by_text(re.compile(r"51 km away · same country"))).to_be_visible()
    first.click()
    expect(page.get_by_role("heading", name="Asenovgrad")).to_be_visible()
    expect(page).to_have_url(re.compile(r"city=asenovgrad"))


def test_peer_search_from_the_form(app_server: str, page: Page) -> None:
    page.goto(f"{app_server}/peers")
    expect(page.get_by_test_id("stSelectbox").filter(has_text="City")).to_be_visible()
    idle(page)  # typing into a choice the page's first run is still drawing may be lost
    page.get_by_test_id("stSelectbox").filter(has_text="City").click()
    page.keyboard.type("Písek")
    page.keyboard.press("Enter")
    expect(page.get_by_role("heading", name=re.compile(r"\d+ peers for Písek"))).to_be_visible()
    expect(page).to_have_url(re.compile(r"for=pisek"))
    frame = page.frame_locator(MAP_FRAME)
    expect(frame.locator(".atlas-legend")).to_contain_text("Your city")
