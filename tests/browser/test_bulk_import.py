"""Bulk import in a real browser: upload a Windows-1250 CSV, read the preview, import."""

from __future__ import annotations

from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

from tests.browser.app_page import PASSWORD, add_user, idle, log_in
from tests.browser.test_curation import _click

pytestmark = pytest.mark.browser

CSV = (
    "slug;name;country;latitude;longitude;coord_source;source;licence\n"
    "zywiec;Żywiec;PL;49,6886;19,1926;manual;Urząd Miasta Żywca;CC BY 4.0\n"
    "lancut;Łańcut;PL;;;;Urząd Miasta Łańcuta;CC BY 4.0\n"  # in no seed file, no signatory
)


def test_an_editor_previews_and_imports_a_polish_office_csv(
    fresh_app_server: str, tmp_path: Path, page: Page
) -> None:
    upload = tmp_path / "miasta.csv"
    upload.write_bytes(CSV.encode("cp1250"))
    add_user(tmp_path, "ewa", "editor")
    log_in(page, fresh_app_server, "ewa", PASSWORD)
    expect(page.get_by_text("Logged in as ewa (editor).")).to_be_visible()
    page.get_by_role("link", name="Bulk import").click()
    idle(page).locator('input[type="file"]').set_input_files(str(upload))
    expect(page.get_by_text("Placed by the offline gazetteer")).to_be_visible()
    expect(page.get_by_text("miasta.csv: CSV, windows-1250")).to_be_visible()
    _click(page, "Import 2 rows")
    expect(page.get_by_text("Imported 2 records in one transaction.")).to_be_visible()
    page.goto(f"{fresh_app_server}/?city=lancut")
    expect(page.get_by_role("heading", name="Łańcut")).to_be_visible()
