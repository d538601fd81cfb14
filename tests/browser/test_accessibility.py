"""axe-core on every public page and every staff page: no serious or critical violation."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.app_page import PASSWORD, add_user, log_in, settled
from tests.browser.axe import blocking_violations, by_rule
from tests.browser.conftest import MAP_FRAME

pytestmark = pytest.mark.browser

PUBLIC_PAGES = [
    ("/?city=bydgoszcz", "Frontrunners Atlas"),
    ("/journey", None),
    ("/practices", "Good practices"),
    ("/practice?practice=bydgoszcz-energy-invoice-collection", None),
    ("/city?city=bydgoszcz", "Bydgoszcz"),
    ("/peers", "Find peers"),
    ("/statistics", "The atlas in numbers"),
    ("/about", "About the data"),
    ("/login", "Staff"),
]
STAFF_PAGES = [
    "Edit records",
    "Review",
    "History",
    "Export and backup",
    "Data quality",
    "Bulk import",
    "Import signatories",
]


def _loaded(page: Page, heading: str | None) -> Page:
    title = page.get_by_role("heading", level=1)
    expect(title.first if heading is None else title.filter(has_text=heading)).to_be_visible()
    if page.locator(MAP_FRAME).count():
        frame = page.frame_locator(MAP_FRAME)
        frame.locator(".leaflet-marker-pane, canvas").first.wait_for(state="attached")
    return settled(page)


@pytest.mark.parametrize(("path", "heading"), PUBLIC_PAGES)
def test_public_page_has_no_serious_accessibility_violation(
    app_server: str, page: Page, path: str, heading: str | None
) -> None:
    page.goto(app_server + path)
    violations = blocking_violations(_loaded(page, heading))
    assert not violations, f"axe-core on {path}:\n{by_rule(violations)}"


def test_staff_pages_have_no_serious_accessibility_violation(
    fresh_app_server: str, tmp_path: Path, page: Page
) -> None:
    add_user(tmp_path, "ada", "admin")
    log_in(page, fresh_app_server, "ada", PASSWORD)
    expect(page.get_by_text("Logged in as ada (admin).")).to_be_visible()
    found = {}
    for title in STAFF_PAGES:  # through the app's own links: a fresh load logs out
        settled(page).get_by_role("link", name=title).click()
        violations = blocking_violations(_loaded(page, None))
        if violations:
            found[title] = by_rule(violations)
    assert not found, "\n".join(f"axe-core on {title}:\n{text}" for title, text in found.items())
