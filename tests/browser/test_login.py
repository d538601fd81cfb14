"""Staff log-in in a real browser: wrong passwords, lockout that a fresh page cannot reset,
log-in, password change, log-out."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from atlas.accounts import FREE_FAILURES

pytestmark = pytest.mark.browser

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"


def _add_editor(folder: Path, name: str) -> None:
    subprocess.run(
        [
            sys.executable,
            "-m",
            "atlas",
            "--db",
            f"sqlite:///{folder / 'atlas.db'}",
            "user",
            "add",
            name,
            "--role",
            "editor",
        ],
        cwd=REPO,
        input=PASSWORD + "\n",
        text=True,
        check=True,
        capture_output=True,
    )


def _log_in(page: Page, base_url: str, name: str, password: str) -> None:
    page.goto(f"{base_url}/login")
    page.get_by_role("textbox", name="User name").fill(name)
    page.get_by_role("textbox", name="Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()


def test_log_in_lockout_and_log_out(
    fresh_app_server: str, tmp_path: Path, page: Page, browser: Browser
) -> None:
    _add_editor(tmp_path, "ewa")
    for _ in range(FREE_FAILURES):
        _log_in(page, fresh_app_server, "ewa", "not the password")
        expect(page.get_by_text("Wrong user name or password.")).to_be_visible()
    other = browser.new_context().new_page()  # a fresh browser session, same address
    _log_in(other, fresh_app_server, "ewa", PASSWORD)
    expect(other.get_by_text("Too many failed log-ins")).to_be_visible()
    other.close()


def test_log_in_change_password_and_log_out(
    fresh_app_server: str, tmp_path: Path, page: Page
) -> None:
    _add_editor(tmp_path, "jan")
    _log_in(page, fresh_app_server, "jan", PASSWORD)
    expect(page.get_by_text("Logged in as jan (editor).")).to_be_visible()
    page.get_by_role("textbox", name="Current password").fill(PASSWORD)
    page.get_by_role("textbox", name="New password (12 characters or more)").fill(
        "a brand new passphrase"
    )
    page.get_by_role("textbox", name="New password again").fill("a brand new passphrase")
    page.get_by_role("button", name="Change password").click()
    expect(page.get_by_text("Password changed")).to_be_visible()
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("button", name="Log in")).to_be_visible()


def test_an_admin_imports_signatories_in_the_app(
    fresh_app_server: str, tmp_path: Path, page: Page
) -> None:
    from tests.factories import jrc_signatory, write_jrc_table

    subprocess.run(
        [
            sys.executable,
            "-m",
            "atlas",
            "--db",
            f"sqlite:///{tmp_path / 'atlas.db'}",
            "user",
            "add",
            "ada",
            "--role",
            "admin",
        ],
        cwd=REPO,
        input=PASSWORD + "\n",
        text=True,
        check=True,
        capture_output=True,
    )
    table = write_jrc_table(  # neither is a Covenant signatory of the seeded store yet
        tmp_path / "signatories.xlsx",
        [
            jrc_signatory(99001, "Testovice", "cz", 49.4144, 14.6578),
            jrc_signatory(99002, "Limerick", "ie", 52.66472, -8.62306),
        ],
    )
    _log_in(page, fresh_app_server, "ada", PASSWORD)
    expect(page.get_by_text("Logged in as ada (admin).")).to_be_visible()
    page.get_by_role("link", name="Import signatories").click()
    page.locator('input[type="file"]').set_input_files(str(table))
    page.get_by_role("button", name="Check without importing").click()
    expect(page.get_by_text("Checked: nothing was written.")).to_be_visible()
    expect(page.get_by_text("added: 1")).to_be_visible()
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_text("Imported in one transaction.")).to_be_visible()
    expect(page.get_by_text("merged: 1")).to_be_visible()


def test_a_reload_keeps_the_log_in_until_log_out(
    fresh_app_server: str, tmp_path: Path, page: Page
) -> None:
    _add_editor(tmp_path, "ola")
    _log_in(page, fresh_app_server, "ola", PASSWORD)
    expect(page.get_by_text("Logged in as ola (editor).")).to_be_visible()
    page.goto(f"{fresh_app_server}/edit?kind=city")  # a fresh session of the same browser
    expect(page.get_by_role("heading", name="Edit records")).to_be_visible()
    page.goto(f"{fresh_app_server}/login")
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    page.goto(f"{fresh_app_server}/login")
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    expect(page.get_by_role("link", name="Edit records")).to_have_count(0)
