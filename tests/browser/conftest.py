"""A real app server on a fresh store, and headless Chromium pages that record requests.

Chromium is Debian's (`make browser-deps`), never a Playwright download. Without it, tests
marked `browser` are skipped, except on CI (env CI set), where they must fail.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from playwright.sync_api import Browser, Page

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
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'
"""The map's frame on any page (streamlit-folium's component)."""
STARTUP_TIMEOUT_S = 60
STOP_TIMEOUT_S = 10
PAGE_TIMEOUT_MS = 30_000


def _chromium_missing_reason() -> str | None:
    """Why browser tests cannot run here, or None when they can (or must: on CI)."""
    if CHROMIUM.exists() or os.environ.get("CI"):
        return None
    return f"{CHROMIUM} is not installed (run `make browser-deps`)"


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    reason = _chromium_missing_reason()
    if reason is None:
        return
    for item in items:
        if item.get_closest_marker("browser"):
            item.add_marker(pytest.mark.skip(reason=reason))


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _log_tail(log: Path, chars: int = 3000) -> str:
    return log.read_text(encoding="utf-8", errors="replace")[-chars:]


def _wait_until_healthy(url: str, process: subprocess.Popen, log: Path) -> None:
    deadline = time.monotonic() + STARTUP_TIMEOUT_S
    while time.monotonic() < deadline and process.poll() is None:
        try:
            with urllib.request.urlopen(f"{url}/_stcore/health", timeout=2) as response:
                if response.read().strip() == b"ok":
                    return
        except OSError:
            pass
        time.sleep(0.3)
    state = "exited" if process.poll() is not None else f"not healthy in {STARTUP_TIMEOUT_S} s"
    pytest.fail(f"the app at {url} {state}; end of its log:\n{_log_tail(log)}")


def _stop(process: subprocess.Popen) -> None:
    """Stop the server and whatever it started (its own process group)."""
    for sig in (signal.SIGTERM, signal.SIGKILL):
        try:
            os.killpg(process.pid, sig)
        except ProcessLookupError:
            return
        try:
            process.wait(timeout=STOP_TIMEOUT_S)
            return
        except subprocess.TimeoutExpired:
            continue


def _seed_without_the_covenant(folder: Path) -> Path:
    """A copy of the seed files of data/ without the Covenant of Mayors file."""
    from atlas.covenant import COVENANT_FILE

    seed = folder / "seed"
    seed.mkdir(exist_ok=True)
    for path in (REPO / "data").glob("*.csv"):
        if path.name != COVENANT_FILE:
            shutil.copy(path, seed / path.name)
    return seed


def _initialise_store(env: dict[str, str], data: Path | None = None) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "atlas", "init", *(["--data", str(data)] if data else [])],
        cwd=REPO,
        env=env,
        stdin=subprocess.DEVNULL,
        capture_output=True,
        text=True,
        check=False,
    )
    if result.returncode != 0:
        pytest.fail(f"`python -m atlas init` failed:\n{(result.stdout + result.stderr)[-3000:]}")


@contextmanager
def running_app(
    folder: Path,
    initialise: bool = True,
    script: Path = REPO / "serve.py",
    extra_env: dict[str, str] | None = None,
    covenant: bool = True,
) -> Iterator[str]:
    """Serve `script` (the atlas unless told otherwise) on a free localhost port over the
    store `folder`/atlas.db (first initialised with the project's seed data, unless told
    not to, and its Covenant of Mayors signatories unless `covenant` is False), with no
    tile server; yield its base URL; stop it on exit. The server's output goes to
    `folder`/streamlit.log. serve.py runs as `python serve.py`, any other script with
    `streamlit run`."""
    env = {
        **os.environ,
        "ATLAS_DB_URL": f"sqlite:///{folder / 'atlas.db'}",
        "ATLAS_TILES_URL": "",
        **(extra_env or {}),
    }
    if initialise:
        _initialise_store(env, None if covenant else _seed_without_the_covenant(folder))
    port = _free_port()
    url = f"http://127.0.0.1:{port}"
    log = folder / "streamlit.log"
    streamlit = shutil.which("streamlit", path=str(Path(sys.executable).parent)) or "streamlit"
    command = [
        *(
            [sys.executable, script.name]
            if script.name == "serve.py"
            else [streamlit, "run", script.name]
        ),
        "--server.port",
        str(port),
        "--server.address",
        "127.0.0.1",
        "--server.headless",
        "true",
        "--server.enableStaticServing",
        "true",
    ]
    with log.open("w") as output:
        process = subprocess.Popen(
            command,
            cwd=script.parent,
            env=env,
            stdin=subprocess.DEVNULL,
            stdout=output,
            stderr=subprocess.STDOUT,
            start_new_session=True,
        )
    try:
        _wait_until_healthy(url, process, log)
        yield url
    finally:
        _stop(process)


@pytest.fixture(scope="session")
def app_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """Base URL (http://127.0.0.1:PORT) of one app for the whole session, on a fresh seeded
    store (its first request may come from any test)."""
    with running_app(tmp_path_factory.mktemp("app")) as url:
        yield url


@pytest.fixture
def fresh_app_server(tmp_path: Path) -> Iterator[str]:
    """An app no browser has visited yet, for what only a server's first request shows,
    over the seed data without the 12,000 Covenant signatories: the staff workflows tested
    on it start a server each, and loading the signatories would add some 4 s of CPU to
    each start (the session's `app_server` holds them all)."""
    with running_app(tmp_path, covenant=False) as url:
        yield url


EXPECT_TIMEOUT_MS = 15_000
"""How long an `expect` waits: the app reruns its script after each click, slower on a
busy shared machine than Playwright's default 5 s allows for."""


@pytest.fixture(scope="session")
def browser() -> Iterator[Browser]:
    """Debian's headless Chromium driven by Playwright."""
    reason = _chromium_missing_reason()
    if reason is not None:
        pytest.skip(reason)
    from playwright.sync_api import expect, sync_playwright

    expect.set_options(timeout=EXPECT_TIMEOUT_MS)

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser: Browser) -> Iterator[Page]:
    """A fresh page (own context, 30 s default timeout); `page.requested_urls` lists every
    URL it asked for, in order."""
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    page.requested_urls = []
    page.on("request", lambda request: page.requested_urls.append(request.url))
    yield page
    context.close()
