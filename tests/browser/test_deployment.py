"""The deployment of scripts/cluster.py in a real browser: nginx in front of two replicas on
one PostgreSQL store. Edits and log-ins made through one replica hold on the other, a store
outage and a killed replica are survived.

The cluster starts once for the module, in a temporary folder on free ports. A browser is
sent to a chosen replica by its sticky-route cookie; which replica a route reaches is read
from nginx's access log.
"""

from __future__ import annotations

import ast
import json
import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from playwright.sync_api import Browser, BrowserContext, Page, expect
from sqlalchemy import select

from atlas import settings
from atlas.accounts import FREE_FAILURES
from atlas.store import make_engine
from atlas.tables import CityRow
from tests.browser.app_page import PASSWORD, idle, log_in, try_log_in
from tests.browser.conftest import EXPECT_TIMEOUT_MS

pytestmark = [pytest.mark.browser, pytest.mark.deployment]

REPO = Path(__file__).resolve().parents[2]


def _module_constant(module: str, name: str) -> str:
    """A string constant of one of the app's modules (`"…"` or a message marked `N_("…")`,
    which an English page shows as it is), read from its source: importing the Streamlit
    side into the test process would disturb the other browser tests."""
    tree = ast.parse((REPO / module).read_text(encoding="utf-8"))
    values = (
        node.value.args[0] if isinstance(node.value, ast.Call) and node.value.args else node.value
        for node in tree.body
        if isinstance(node, ast.Assign)
        and any(isinstance(t, ast.Name) and t.id == name for t in node.targets)
    )
    return next(value.value for value in values if isinstance(value, ast.Constant))


STAFF_COOKIE = _module_constant("ui/auth.py", "COOKIE")
STORE_UNAVAILABLE = _module_constant("ui/outage.py", "STORE_UNAVAILABLE")
SCRIPT = REPO / "scripts" / "cluster.py"
ROUTE_COOKIE = "atlas_route"
SETTLE_TIMEOUT_MS = 90_000
"""A run of the editing page on a busy machine, with two replicas and PostgreSQL beside it."""


def _missing_programs() -> list[str]:
    needed = {"nginx": shutil.which("nginx") or Path("/usr/sbin/nginx").exists()}
    needed["initdb"] = shutil.which("initdb") or any(
        Path("/usr/lib/postgresql").glob("*/bin/initdb")
    )
    return [name for name, found in needed.items() if not found]


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@dataclass(frozen=True)
class Deployment:
    folder: Path
    url: str
    db_url: str
    routes: tuple[str, ...]
    """routes[n] is a sticky-route cookie value that nginx sends to replica n + 1."""

    def script(self, *args: str) -> None:
        result = subprocess.run(
            [sys.executable, str(SCRIPT), *args, "--dir", str(self.folder)],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stdout + result.stderr

    def context(self, browser: Browser, replica: int) -> BrowserContext:
        """A browser whose requests nginx sends to `replica` (from 1)."""
        context = browser.new_context(viewport={"width": 1400, "height": 1000})
        self.route(context, replica)
        return context

    def route(self, context: BrowserContext, replica: int) -> None:
        cookie = {"name": ROUTE_COOKIE, "value": self.routes[replica - 1], "url": self.url}
        context.add_cookies([cookie])

    def add_user(self, name: str, role: str) -> None:
        subprocess.run(
            [
                sys.executable,
                "-m",
                "atlas",
                "--db",
                self.db_url,
                "user",
                "add",
                name,
                "--role",
                role,
            ],
            cwd=REPO,
            input=PASSWORD + "\n",
            text=True,
            check=True,
            capture_output=True,
        )


def _replica_of(url: str, access_log: Path, route: str, ports: list[int]) -> int:
    request = urllib.request.Request(
        f"{url}/_stcore/health", headers={"Cookie": f"{ROUTE_COOKIE}={route}"}
    )
    with urllib.request.urlopen(request, timeout=10) as response:
        response.read()
    deadline = time.monotonic() + 10  # nginx logs a request just after answering it
    while not (
        lines := [ln for ln in access_log.read_text().splitlines() if f"route={route} " in ln]
    ):
        assert time.monotonic() < deadline, f"route {route} is not in {access_log}"
        time.sleep(0.1)
    line = lines[-1]
    port = int(line.split("upstream=")[1].split()[0].rsplit(":", 1)[1])
    return ports.index(port) + 1


def _routes_to_each(url: str, folder: Path, ports: list[int]) -> tuple[str, ...]:
    found: dict[int, str] = {}
    for number in range(100):
        route = f"test-route-{number}"
        found.setdefault(_replica_of(url, folder / "nginx" / "access.log", route, ports), route)
        if len(found) == len(ports):
            return tuple(found[replica] for replica in sorted(found))
    pytest.fail(f"no route reaches every replica: {found}")


@pytest.fixture(scope="module")
def deployment() -> Iterator[Deployment]:
    missing = _missing_programs()
    if missing and not os.environ.get("CI"):
        pytest.skip(f"not installed: {', '.join(missing)} (run `make cluster` once)")
    # Not under pytest's own temporary folder: that one is private to this user, and the
    # services run as an unprivileged one.
    folder = Path(tempfile.mkdtemp(prefix="atlas-cluster-"))
    port = _free_port()
    command = [sys.executable, str(SCRIPT), "start", "--dir", str(folder), "--port", str(port)]
    started = subprocess.run(
        command,
        cwd=REPO,
        # The gazetteer's index is built once, in the project's cache, as for the other tests.
        env={
            **os.environ,
            "ATLAS_TILES_URL": "",
            "ATLAS_CACHE_DIR": settings.get("ATLAS_CACHE_DIR"),
        },
        capture_output=True,
        text=True,
        check=False,
    )
    try:
        assert started.returncode == 0, started.stdout + started.stderr
        state = json.loads((folder / "cluster.json").read_text())
        url = f"http://127.0.0.1:{port}"
        yield Deployment(
            folder=folder,
            url=url,
            db_url=f"postgresql+psycopg://atlas@127.0.0.1:{state['pg_port']}/atlas",
            routes=_routes_to_each(url, folder, state["replica_ports"]),
        )
    finally:
        subprocess.run(
            [sys.executable, str(SCRIPT), "stop", "--dir", str(folder)],
            cwd=REPO,
            capture_output=True,
            check=False,
        )
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(autouse=True)
def _patient_expectations() -> Iterator[None]:
    """A replica's first page loads the atlas: slower than other browser tests allow for."""
    expect.set_options(timeout=SETTLE_TIMEOUT_MS)
    yield
    expect.set_options(timeout=EXPECT_TIMEOUT_MS)


def _page(context: BrowserContext) -> Page:
    page = context.new_page()
    page.set_default_timeout(30_000)
    return page


def _logged_in(page: Page, url: str, name: str) -> None:
    """Log in and wait until the browser holds the log-in's cookie, which the app sets
    just after saying so."""
    log_in(page, url, name, PASSWORD, SETTLE_TIMEOUT_MS)
    expect(page.get_by_text(f"Logged in as {name} (editor).")).to_be_visible()
    assert any(cookie["name"] == STAFF_COOKIE for cookie in page.context.cookies())


def _open_city(page: Page, deployment: Deployment, slug: str, name: str) -> None:
    """Open the city on the editing page, loaded afresh: the log-in is the cookie's."""
    engine = make_engine(deployment.db_url)
    with engine.connect() as connection:
        record = connection.scalar(select(CityRow.id).where(CityRow.slug == slug))
    engine.dispose()
    page.goto(f"{deployment.url}/edit?kind=city&record={record}")
    name_box = page.get_by_role("textbox", name="Name", exact=True)
    expect(name_box).to_have_value(name, timeout=SETTLE_TIMEOUT_MS)
    idle(page, SETTLE_TIMEOUT_MS)


def _change(page: Page, field: str, value: str) -> None:
    box = page.get_by_role("textbox", name=field, exact=True)
    box.fill(value)
    box.press("Tab")
    idle(page, SETTLE_TIMEOUT_MS).get_by_role("button", name="Save").click()


def _city_heading(page: Page, url: str, slug: str, name: str) -> None:
    page.goto(f"{url}/?city={slug}")
    expect(page.get_by_role("heading", name=name)).to_be_visible()


def test_an_edit_through_one_replica_is_on_the_others_map_and_a_stale_save_is_refused(
    deployment: Deployment, browser: Browser
) -> None:
    deployment.add_user("ewa", "editor")
    deployment.add_user("ola", "editor")
    first = _page(deployment.context(browser, 1))
    second = _page(deployment.context(browser, 2))
    _logged_in(first, deployment.url, "ewa")
    _logged_in(second, deployment.url, "ola")
    _open_city(first, deployment, "prague", "Prague")
    _open_city(second, deployment, "prague", "Prague")

    _change(first, "Name", "Praha, edited on replica 1")
    expect(first.get_by_text("Saved “Praha, edited on replica 1 (CZ)”")).to_be_visible()
    visitor = _page(deployment.context(browser, 2))
    _city_heading(visitor, deployment.url, "prague", "Praha, edited on replica 1")

    _change(second, "Description", "A stale copy, edited on replica 2")
    expect(second.get_by_text("Changed meanwhile:")).to_be_visible()
    expect(second.get_by_text("Saved “")).to_have_count(0)
    for page in (first, second, visitor):
        page.context.close()


def test_a_log_in_holds_on_the_other_replica_and_failures_on_both_lock_the_account(
    deployment: Deployment, browser: Browser
) -> None:
    deployment.add_user("jan", "editor")
    context = deployment.context(browser, 1)
    page = _page(context)
    _logged_in(page, deployment.url, "jan")
    deployment.route(context, 2)
    page.goto(f"{deployment.url}/edit?kind=city")
    expect(page.get_by_role("heading", name="Edit records")).to_be_visible()
    context.close()

    deployment.add_user("iva", "editor")
    pages = [_page(deployment.context(browser, replica)) for replica in (1, 2)]
    for failure in range(FREE_FAILURES):  # alternately through each replica
        page = pages[failure % 2]
        try_log_in(page, deployment.url, "iva", "not the password")
        expect(page.get_by_text("Wrong user name or password.")).to_be_visible()
    for page in pages:
        try_log_in(page, deployment.url, "iva", PASSWORD)
        expect(page.get_by_text("Too many failed log-ins")).to_be_visible()
        page.context.close()


def test_a_store_outage_is_survived(deployment: Deployment, browser: Browser) -> None:
    page = _page(deployment.context(browser, 1))
    _city_heading(page, deployment.url, "smolyan", "Smolyan")
    deployment.script("store-stop")
    try:
        page.reload()
        expect(page.get_by_text("store is unavailable")).to_be_visible()
        expect(page.get_by_test_id("stException")).to_have_count(0)
    finally:
        deployment.script("store-start")
    _city_heading(page, deployment.url, "smolyan", "Smolyan")
    page.context.close()


def test_a_killed_replica_loses_no_committed_edit_and_its_sessions_move(
    deployment: Deployment, browser: Browser
) -> None:
    deployment.add_user("ida", "editor")
    page = _page(deployment.context(browser, 1))
    _logged_in(page, deployment.url, "ida")
    _open_city(page, deployment, "pisek", "Písek")
    _change(page, "Name", "Písek, saved before the crash")
    expect(page.get_by_text("Saved “Písek, saved before the crash (CZ)”")).to_be_visible()

    replica = int((deployment.folder / "replica-1.pid").read_text())
    os.killpg(replica, signal.SIGKILL)
    try:
        page.reload()
        expect(page.get_by_role("heading", name="Edit records")).to_be_visible()
        _city_heading(page, deployment.url, "pisek", "Písek, saved before the crash")
    finally:
        deployment.script("replica-start", "--replica", "1")
    page.context.close()
