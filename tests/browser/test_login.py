"""Staff log-in in a real browser: wrong passwords, lockout that a fresh page cannot reset,
log-in, password change, log-out."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, expect

from atlas.accounts import FREE_FAILURES, session_user
from atlas.accounts import log_in as open_session
from atlas.store import make_engine
from tests.browser.app_page import PASSWORD, REPO, add_user, log_in, try_log_in
from ui.auth import COOKIE, SESSION_HEADER, SESSION_PATH, now

pytestmark = pytest.mark.browser


def _cli(folder: Path, *arguments: str, password: str | None = None) -> None:
    subprocess.run(
        [sys.executable, "-m", "atlas", "--db", f"sqlite:///{folder / 'atlas.db'}", *arguments],
        cwd=REPO,
        input=password and password + "\n",
        text=True,
        check=True,
        capture_output=True,
    )


def test_log_in_lockout_and_log_out(
    fresh_app_server: str, tmp_path: Path, page: Page, browser: Browser
) -> None:
    add_user(tmp_path, "ewa", "editor")
    # Each browser claims another address; with no trusted proxy the claim is ignored.
    page.context.set_extra_http_headers({"X-Forwarded-For": "203.0.113.1"})
    for _ in range(FREE_FAILURES):
        try_log_in(page, fresh_app_server, "ewa", "not the password")
        expect(page.get_by_text("Wrong user name or password.")).to_be_visible()
    other = browser.new_context(extra_http_headers={"X-Forwarded-For": "203.0.113.2"})
    try_log_in(other.new_page(), fresh_app_server, "ewa", PASSWORD)
    expect(other.pages[0].get_by_text("Too many failed log-ins")).to_be_visible()
    other.close()


def test_log_in_change_password_and_log_out(
    fresh_app_server: str, tmp_path: Path, page: Page
) -> None:
    add_user(tmp_path, "jan", "editor")
    log_in(page, fresh_app_server, "jan", PASSWORD)
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

    add_user(tmp_path, "ada", "admin")
    table = write_jrc_table(  # neither is a Covenant signatory of the seeded store yet
        tmp_path / "signatories.xlsx",
        [
            jrc_signatory(99001, "Testovice", "cz", 49.4144, 14.6578),
            jrc_signatory(99002, "Limerick", "ie", 52.66472, -8.62306),
        ],
    )
    log_in(page, fresh_app_server, "ada", PASSWORD)
    expect(page.get_by_text("Logged in as ada (admin).")).to_be_visible()
    page.get_by_role("link", name="Import signatories").click()
    page.locator('input[type="file"]').set_input_files(str(table))
    page.get_by_role("button", name="Check without importing").click()
    expect(page.get_by_text("Checked: nothing was written.")).to_be_visible()
    expect(page.get_by_text("added: 1")).to_be_visible()
    page.get_by_role("button", name="Import", exact=True).click()
    expect(page.get_by_text("Imported in one transaction.")).to_be_visible()
    expect(page.get_by_text("merged: 1")).to_be_visible()


def _session_cookie(page: Page) -> dict | None:
    return next((c for c in page.context.cookies() if c["name"] == COOKIE), None)


def test_the_log_in_cookie_is_http_only_holds_over_reloads_and_ends_with_log_out(
    fresh_app_server: str, tmp_path: Path, page: Page, browser: Browser
) -> None:
    add_user(tmp_path, "ola", "editor")
    log_in(page, fresh_app_server, "ola", PASSWORD)
    cookie = _session_cookie(page)
    assert cookie is not None
    assert (cookie["httpOnly"], cookie["sameSite"], cookie["path"]) == (True, "Strict", "/")
    assert COOKIE not in page.evaluate("document.cookie")
    page.reload()
    expect(page.get_by_text("Logged in as ola (editor).")).to_be_visible()
    page.goto(f"{fresh_app_server}/edit?kind=city")  # a fresh session of the same browser
    expect(page.get_by_role("heading", name="Edit records")).to_be_visible()
    assert COOKIE not in page.evaluate("document.cookie")
    page.goto(f"{fresh_app_server}/login")
    page.get_by_role("button", name="Log out").click()
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    page.goto(f"{fresh_app_server}/login")
    expect(page.get_by_role("button", name="Log in")).to_be_visible()
    expect(page.get_by_role("link", name="Edit records")).to_have_count(0)
    # The session ended on the server: its token no longer logs anyone in.
    stolen = browser.new_context()
    stolen.add_cookies([{**cookie, "sameSite": "Strict"}])
    thief = stolen.new_page()
    thief.goto(f"{fresh_app_server}/login")
    expect(thief.get_by_role("button", name="Log in")).to_be_visible()
    stolen.close()


def test_a_token_handed_over_once_cannot_be_handed_over_again(
    fresh_app_server: str, tmp_path: Path, page: Page
) -> None:
    add_user(tmp_path, "ola", "editor")
    engine = make_engine(f"sqlite:///{tmp_path / 'atlas.db'}")
    token = open_session(engine, "ola", PASSWORD, "test", now())
    page.goto(f"{fresh_app_server}/about")

    def hand_over(origin_ok: bool = True) -> int:
        headers = {SESSION_HEADER: "1"} if origin_ok else {}
        return page.evaluate(
            "([path, token, headers]) => fetch(path, {method: 'POST', body: token, headers})"
            ".then((r) => r.status)",
            [SESSION_PATH, token, headers],
        )

    assert hand_over(origin_ok=False) == 403
    assert hand_over() == 204
    assert hand_over() == 403  # the token the page saw died when the cookie was set
    assert session_user(engine, token, now()) is None


def test_a_disabled_admins_open_page_downloads_no_backup(
    fresh_app_server: str, tmp_path: Path, page: Page
) -> None:
    add_user(tmp_path, "ada", "admin")
    log_in(page, fresh_app_server, "ada", PASSWORD)
    page.goto(f"{fresh_app_server}/export_data")
    download = page.get_by_role("button", name="Download a full backup (.zip)")
    expect(download).to_be_visible(timeout=60_000)  # a first page of a busy server
    with page.expect_download() as first:
        download.click()
    assert first.value.suggested_filename.endswith(".zip")
    _cli(tmp_path, "user", "disable", "ada")
    later: list[str] = []
    page.on("download", lambda started: later.append(started.suggested_filename))
    download.click()
    page.wait_for_timeout(5000)  # what the first click took, with room to spare
    assert later == []
