"""A real app server on a fresh store, and headless Chromium pages that record requests."""

from __future__ import annotations

import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
STARTUP_TIMEOUT_S = 60


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    if CHROMIUM.exists() or os.environ.get("CI"):
        return  # on CI a missing browser must fail, not skip
    skip = pytest.mark.skip(reason=f"{CHROMIUM} is not installed (make browser-deps)")
    for item in items:
        if "browser" in item.keywords:
            item.add_marker(skip)


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _wait_until_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            break
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            time.sleep(0.3)
    tail = log.read_text(encoding="utf-8", errors="replace")[-3000:]
    pytest.fail(f"the app did not start at {url}:\n{tail}")


@contextmanager
def running_app(folder: Path, initialise: bool = True) -> Iterator[str]:
    """Serve the app on a free port over the store `folder`/atlas.db (first initialised
    with the project's seed data, unless told not to); yield its base URL; stop it on exit."""
    env = {
        **os.environ,
        "ATLAS_DB_URL": f"sqlite:///{folder / 'atlas.db'}",
        "ATLAS_TILES_URL": "",
    }
    if initialise:
        subprocess.run(
            [sys.executable, "-m", "atlas", "init"],
            cwd=REPO,
            env=env,
            check=True,
            capture_output=True,
        )
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = folder / "streamlit.log"
    streamlit = shutil.which("streamlit", path=str(Path(sys.executable).parent)) or "streamlit"
    command = [
        streamlit,
        "run",
        "app.py",
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
    ]
    with log.open("w") as output:
        process = subprocess.Popen(
            command, cwd=REPO, env=env, stdout=output, stderr=subprocess.STDOUT
        )
    try:
        _wait_until_healthy(url, process, log)
        yield url
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """One app for the whole session (its first request may come from any test)."""
    with running_app(tmp_path_factory.mktemp("app")) as url:
        yield url


@pytest.fixture
def fresh_app_server(tmp_path: Path) -> Iterator[str]:
    """An app no browser has visited yet, for what only a server's first request shows."""
    with running_app(tmp_path) as url:
        yield url


@pytest.fixture(scope="session")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser):
    """A fresh page; `page.requested_urls` lists every URL it asked for."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    page.requested_urls = []
    page.on("request", lambda request: page.requested_urls.append(request.url))
    yield page
    context.close()
