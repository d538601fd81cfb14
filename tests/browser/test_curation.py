"""The curation workflow in a real browser: an editor edits a published practice and
submits it, an admin publishes it, a visitor reads it on the public map."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.app_page import PASSWORD, add_user, idle, log_in
from tests.browser.conftest import MAP_FRAME

pytestmark = pytest.mark.browser

PRACTICE = "prague-energy-centre"
OLD_TITLE = "Prague Energy Centre at the municipal wastewater treatment plant"
NEW_TITLE = "Prague Energy Centre, reviewed and republished"


def _open_practice(page: Page, title: str) -> None:
    """Open the practice in the editor through the app's own navigation: a page loaded
    afresh is a new session, logged out."""
    page.get_by_role("link", name="Edit records").click()
    chooser = idle(page).get_by_role("combobox", name="Open a practice")
    chooser.click()
    chooser.fill(title[:20])
    page.get_by_role("option", name=title).click()
    expect(page.get_by_role("heading", name=title)).to_be_visible()
    idle(page)  # the heading comes first; the form's fields follow in the same run


def _click(page: Page, button: str) -> None:
    idle(page).get_by_role("button", name=button).click()


def _city_card(page: Page, base_url: str) -> None:
    page.goto(f"{base_url}/?city=prague")
    expect(page.get_by_role("heading", name="Prague")).to_be_visible()


def test_edit_submit_publish_and_see_it_on_the_public_map(
    fresh_app_server: str, tmp_path: Path, page: Page, browser: Browser
) -> None:
    add_user(tmp_path, "ewa", "editor")
    add_user(tmp_path, "ada", "admin")
    log_in(page, fresh_app_server, "ewa", PASSWORD)
    expect(page.get_by_text("Logged in as ewa (editor).")).to_be_visible()
    _open_practice(page, OLD_TITLE)
    title = page.get_by_role("textbox", name="Title", exact=True)
    title.fill(NEW_TITLE)
    title.press("Tab")
    idle(page)
    _click(page, "Save")
    expect(page.get_by_text(f"Saved “{NEW_TITLE}” (version 2).")).to_be_visible()
    expect(page.get_by_text("Review: Draft")).to_be_visible()

    visitor = browser.new_context().new_page()
    _city_card(visitor, fresh_app_server)
    expect(visitor.get_by_text(NEW_TITLE)).to_have_count(0)

    _click(page, "Submit for review")
    expect(page.get_by_text("Submit for review: done (version 3).")).to_be_visible()
    expect(page.get_by_text("Review: In review")).to_be_visible()

    admin = browser.new_context().new_page()
    log_in(admin, fresh_app_server, "ada", PASSWORD)
    expect(admin.get_by_text("Logged in as ada (admin).")).to_be_visible()
    _open_practice(admin, NEW_TITLE)
    _click(admin, "Publish")
    expect(admin.get_by_text("Publish: done (version 4).")).to_be_visible()

    _city_card(visitor, fresh_app_server)
    expect(visitor.get_by_text(NEW_TITLE)).to_be_visible()
    admin.get_by_role("link", name="History of this record").click()
    expect(admin.get_by_text("Version 4 · publish by ada")).to_be_visible()
    expect(admin.get_by_text("Version 2 · update by ewa")).to_be_visible()


def test_an_editor_places_a_city_by_clicking_the_map(
    fresh_app_server: str, tmp_path: Path, page: Page
) -> None:
    add_user(tmp_path, "ewa", "editor")
    log_in(page, fresh_app_server, "ewa", PASSWORD)
    expect(page.get_by_text("Logged in as ewa (editor).")).to_be_visible()
    page.get_by_role("link", name="Edit records").click()
    idle(page).get_by_text("Cities", exact=True).click()
    chooser = idle(page).get_by_role("combobox", name="Open a city")
    chooser.click()
    chooser.fill("Písek")
    page.get_by_role("option", name="Písek (CZ)").click()
    longitude = page.get_by_role("spinbutton", name="Longitude")
    stored = longitude.input_value()
    idle(page).get_by_text("Place the city").click()
    page.get_by_role("tab", name="On the map").click()
    frame = page.locator(MAP_FRAME)
    frame.scroll_into_view_if_needed()
    box = frame.bounding_box()
    page.mouse.click(box["x"] + box["width"] / 2 + 120, box["y"] + box["height"] / 2)
    _click(page, "Use the clicked point")
    expect(longitude).not_to_have_value(stored)
    assert float(longitude.input_value()) > float(stored)  # clicked east of the city
    expect(page.get_by_role("textbox", name="Where the coordinates come from")).to_have_value(
        "placed on the map by staff"
    )
    _click(page, "Save")
    expect(page.get_by_text("Saved “Písek (CZ)” (version 2).")).to_be_visible()
