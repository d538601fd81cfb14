"""What browser tests do with the app the same way everywhere: add a staff account, log in,
wait until a page has settled."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from playwright.sync_api import Page, expect

REPO = Path(__file__).resolve().parents[2]
PASSWORD = "correct horse battery"
SETTLE_MS = 30_000
ATLAS_CLI = [sys.executable, "-m", "atlas", "--db"]


def add_user(folder: Path, name: str, role: str, password: str = PASSWORD) -> None:
    """Add a staff account to the store of a `fresh_app_server` (`folder`/atlas.db)."""
    subprocess.run(
        [*ATLAS_CLI, f"sqlite:///{folder / 'atlas.db'}", "user", "add", name, "--role", role],
        cwd=REPO,
        input=password + "\n",
        text=True,
        check=True,
        capture_output=True,
    )


def idle(page: Page, timeout_ms: int = SETTLE_MS) -> Page:
    """Wait until the app has finished its current run: a click or input during a run may
    be lost when that run redraws the page, and a run cut short by input forgets the
    widgets it had not reached yet. The app's root says whether a run is going on; the
    status widget shows only once a run has lasted a moment."""
    expect(page.get_by_test_id("stApp")).to_have_attribute(
        "data-test-script-state", "notRunning", timeout=timeout_ms
    )
    expect(page.get_by_test_id("stStatusWidget")).to_have_count(0, timeout=timeout_ms)
    return page


def settled(page: Page, timeout_ms: int = SETTLE_MS) -> Page:
    """`idle`, and every element has faded in (an element still fading in has less
    contrast than it will have)."""
    idle(page, timeout_ms)
    page.wait_for_function(
        """() => !document.querySelector("[data-stale='true']")
            && document.getAnimations().every((a) => a.playState !== "running")""",
        timeout=timeout_ms,
    )
    return page


def _fill_log_in(page: Page, base_url: str, name: str, password: str) -> None:
    page.goto(f"{base_url}/login")
    page.get_by_role("textbox", name="User name").fill(name)
    page.get_by_role("textbox", name="Password", exact=True).fill(password)


def try_log_in(page: Page, base_url: str, name: str, password: str) -> None:
    """Open the log-in page and send the form, whatever comes of it."""
    _fill_log_in(page, base_url, name, password)
    page.get_by_role("button", name="Log in").click()


def log_in(
    page: Page, base_url: str, name: str, password: str, timeout_ms: int = SETTLE_MS
) -> Page:
    """Log in and wait until the server has moved the session into its cookie and the page
    has reloaded from it. The reload is awaited as a new document's load: the app also
    changes the address in place on the way, and a test going on before the reload would
    have its next step cut short by it."""
    _fill_log_in(page, base_url, name, password)
    with page.expect_event("load", timeout=timeout_ms):
        page.get_by_role("button", name="Log in").click()
    expect(page.get_by_text(f"Logged in as {name} (")).to_be_visible(timeout=timeout_ms)
    return idle(page, timeout_ms)
