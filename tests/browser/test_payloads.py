"""Every public and staff page, with hostile records and hostile link parameters.

One store holds a city, project, topic, membership and practice per payload of
tests/payloads.py (a guided journey and drafts sent back with a comment too); each page is
opened a few times with many payloads at once. Nothing may run (`window.__pwned` stays
unset in every frame, the map iframes included), no dialog may open, no request may leave
127.0.0.1 and no page may show a traceback.
"""

from __future__ import annotations

import csv
import os
import shutil
import subprocess
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path
from urllib.parse import urlencode, urlsplit

import pytest
from playwright.sync_api import Browser, Page, expect
from playwright.sync_api import Error as PlaywrightError
from sqlalchemy import text

from atlas.accounts import ADMIN, EDITOR, add_user
from atlas.editing import create_record, move_practice
from atlas.history import RETURN, SUBMIT
from atlas.records import PRACTICE
from atlas.seed import Seed, write_seed
from atlas.store import make_engine, session_scope
from tests import factories
from tests.browser.app_page import PASSWORD, idle, log_in
from tests.browser.conftest import MAP_FRAME, REPO, running_app
from tests.payloads import PAYLOADS, TEMPLATE_LITERALS

pytestmark = pytest.mark.browser

HOSTILE_TOUR = "hostile-journey"
DRAFTS = 5


@dataclass(frozen=True)
class HostileApp:
    url: str
    city_id: int
    practice_id: int
    draft_id: int


def _slug(kind: str, index: int) -> str:
    return f"hostile-{kind}-{index}"


def _hostile_seed() -> Seed:
    """One record of each kind per payload; city 0 is in every project and practice 0 has
    every topic, so their pages show every payload at once."""
    count = len(PAYLOADS)
    every = "\n\n".join(PAYLOADS)
    cities = [
        factories.city(
            _slug("city", i),
            payload,
            "PL",
            49.0 + (i % 15) * 0.2,
            18.0 + (i // 15) * 0.4,
            local_name=PAYLOADS[(i + 1) % count],
            description=every if i == 0 else payload,
            population=10_000 + i,
            population_source=payload,
            source=payload,
        )
        for i, payload in enumerate(PAYLOADS)
    ]
    projects = [
        factories.project(_slug("project", i), payload, acronym=payload, description=payload)
        for i, payload in enumerate(PAYLOADS)
    ]
    topics = [factories.topic(_slug("topic", i), payload) for i, payload in enumerate(PAYLOADS)]
    memberships = [
        factories.membership(
            _slug("city", i),
            _slug("project", i),
            "frontrunner",
            project_role=payload,
            source=payload,
        )
        for i, payload in enumerate(PAYLOADS)
    ] + [
        factories.membership(
            _slug("city", 0), _slug("project", i), "follower", project_role=payload
        )
        for i, payload in enumerate(PAYLOADS)
        if i
    ]
    text_fields = ("results", "cost", "duration", "team", "lessons", "transferability")
    practices = [
        factories.practice(
            _slug("practice", i),
            _slug("city", i),
            tuple(_slug("topic", t) for t in range(count)) if i == 0 else (_slug("topic", i),),
            (_slug("project", i),),
            title=payload,
            summary=every if i == 0 else payload,
            contact_organisation=payload,
            source=payload,
            **{name: PAYLOADS[(i + n + 1) % count] for n, name in enumerate(text_fields)},
        )
        for i, payload in enumerate(PAYLOADS)
    ]
    return Seed(topics, projects, cities, memberships, practices)


def _write_hostile_tour(data_dir: Path) -> None:
    with (data_dir / "tours.csv").open("a", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle)
        for position in (1, 2, 3):
            first = position == 1
            writer.writerow(
                [
                    HOSTILE_TOUR,
                    TEMPLATE_LITERALS[0] if first else "",
                    "\n".join(PAYLOADS) if first else "",
                    "",
                    position,
                    _slug("city", position - 1),
                    "\n\n".join(PAYLOADS[position::3]),
                    _slug("practice", position - 1),
                ]
            )


def _add_drafts(store: str) -> int:
    """Drafts with hostile titles, sent back with a hostile comment; the first one's id."""
    engine = make_engine(store)
    moment = datetime.now(UTC).replace(tzinfo=None)
    admin = add_user(engine, "ada", PASSWORD, ADMIN, moment)
    editor = add_user(engine, "ewa", PASSWORD, EDITOR, moment)
    first = None
    for i, payload in enumerate(PAYLOADS[:DRAFTS]):
        values = factories.practice(
            _slug("draft", i),
            _slug("city", i),
            title=payload,
            topics=(_slug("topic", i),),
            projects=(),
        ).model_dump()
        saved = create_record(engine, editor, PRACTICE, values, moment)
        saved = move_practice(engine, editor, saved.record_id, saved.version, SUBMIT, moment)
        move_practice(
            engine, admin, saved.record_id, saved.version, RETURN, moment, comment=payload
        )
        first = first or saved.record_id
    return first


def _record_id(store: str, table: str, slug: str) -> int:
    with make_engine(store).connect() as connection:
        return connection.scalar(text(f"SELECT id FROM {table} WHERE slug = :s"), {"s": slug})


@pytest.fixture(scope="module")
def hostile_app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[HostileApp]:
    folder = tmp_path_factory.mktemp("hostile")
    data_dir = folder / "data"
    shutil.copytree(REPO / "data", data_dir)
    store = f"sqlite:///{folder / 'atlas.db'}"
    env = {**os.environ, "ATLAS_DB_URL": store, "ATLAS_DATA_DIR": str(data_dir)}
    subprocess.run(
        [sys.executable, "-m", "atlas", "init"], cwd=REPO, env=env, check=True, capture_output=True
    )
    with session_scope(make_engine(store)) as session:
        write_seed(session, _hostile_seed())
    draft_id = _add_drafts(store)
    _write_hostile_tour(data_dir)
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("ATLAS_DATA_DIR", str(data_dir))
        with running_app(folder, initialise=False) as url:
            yield HostileApp(
                url,
                _record_id(store, "cities", _slug("city", 0)),
                _record_id(store, "practices", _slug("practice", 0)),
                draft_id,
            )


def _query(**params: str | list[str]) -> str:
    return "?" + urlencode(params, doseq=True)


EVERY_PAYLOAD = list(PAYLOADS)
PUBLIC_LOADS = [
    "/",
    "/" + _query(city=_slug("city", 0), q=PAYLOADS[0], project=EVERY_PAYLOAD),
    "/" + _query(topic=EVERY_PAYLOAD, country=EVERY_PAYLOAD, role=PAYLOADS[:10]),
    "/" + _query(embed="true", height=PAYLOADS[1], city=PAYLOADS[2]),
    "/city" + _query(city=_slug("city", 0)),
    "/city" + _query(city=PAYLOADS[3]),
    "/practice" + _query(practice=_slug("practice", 0)),
    "/practice" + _query(practice=PAYLOADS[4]),
    "/practices",
    "/journey" + _query(tour=HOSTILE_TOUR, stop="2"),
    "/journey" + _query(tour=PAYLOADS[5], stop=PAYLOADS[6]),
    "/peers" + _query(**{"for": _slug("city", 0), "top": "50", "topic": EVERY_PAYLOAD[:20]}),
    *(
        "/peers" + _query(name=name, country="PL", lat="50", lon="20", shortlist=PAYLOADS[:9])
        for name in TEMPLATE_LITERALS[:4]
    ),
    "/peers" + _query(name=PAYLOADS[0], country=PAYLOADS[1], lat="nan", lon="1e309"),
    "/statistics",
    "/about",
    "/login",
]


def _staff_loads(app: HostileApp) -> list[str]:
    city, practice, draft = str(app.city_id), str(app.practice_id), str(app.draft_id)
    return [
        "/edit" + _query(kind="city"),
        "/edit" + _query(kind="practice"),
        "/edit" + _query(kind="project"),
        "/edit" + _query(kind="membership"),
        "/edit" + _query(kind="city", record=city),
        "/edit" + _query(kind="practice", record=practice),
        "/edit" + _query(kind="practice", record=draft),
        "/edit" + _query(kind=PAYLOADS[7], record=PAYLOADS[8]),
        "/review",
        "/history",
        "/history" + _query(kind="practice", record=draft),
        "/history" + _query(kind=PAYLOADS[9], record=PAYLOADS[10]),
        "/export_data",
        "/quality",
        "/bulk_import",
    ]


class Watch:
    """What a page did that it must not: dialogs opened, requests that left 127.0.0.1."""

    def __init__(self, page: Page) -> None:
        self.dialogs: list[str] = []
        self.remote: list[str] = []
        page.on("dialog", self._dialog)
        page.on("request", self._request)

    def _dialog(self, dialog) -> None:
        self.dialogs.append(dialog.message)
        dialog.dismiss()

    def _request(self, request) -> None:
        parts = urlsplit(request.url)
        if parts.scheme not in ("data", "blob", "about") and parts.hostname != "127.0.0.1":
            self.remote.append(request.url)


def _frames_where_a_payload_ran(page: Page) -> list[str]:
    """URLs of the page's frames whose window a payload marked. A frame the app replaced
    meanwhile (a map redrawn) is skipped: its successor is among the frames checked."""
    ran = []
    for frame in page.frames:
        try:
            if not frame.is_detached() and frame.evaluate("() => '__pwned' in window"):
                ran.append(frame.url)
        except PlaywrightError as error:
            if "detached" not in str(error):
                raise
    return ran


def _open_and_check(page: Page, watch: Watch, url: str) -> None:
    page.goto(url)
    expect(page.get_by_test_id("stMainBlockContainer")).to_be_visible()
    idle(page, 60_000)  # the script's first run starts after the page loads
    for frame in page.locator("iframe").all():
        frame.wait_for(state="attached")
    page.wait_for_timeout(800)  # map iframes run their scripts
    ran = _frames_where_a_payload_ran(page)
    where = urlsplit(url)
    assert ran == [], f"script ran on {where.path}"
    assert watch.dialogs == [], f"dialog on {where.path}"
    assert watch.remote == [], f"remote request from {where.path}"
    expect(page.get_by_test_id("stException")).to_have_count(0)
    expect(page.get_by_role("dialog", name="Page not found")).to_have_count(0)


def _watched_page(browser: Browser) -> tuple[Page, Watch]:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(30_000)
    return page, Watch(page)


def test_no_payload_runs_on_public_pages(hostile_app: HostileApp, browser: Browser) -> None:
    page, watch = _watched_page(browser)
    for path in PUBLIC_LOADS:
        _open_and_check(page, watch, hostile_app.url + path)
    page.context.close()


def test_the_hostile_records_are_really_shown(hostile_app: HostileApp, browser: Browser) -> None:
    """The payloads reach the pages as text: a test that saw nothing would prove nothing."""
    page, _ = _watched_page(browser)
    page.goto(f"{hostile_app.url}/city?city={_slug('city', 0)}")
    expect(page.get_by_role("heading", name=PAYLOADS[0])).to_be_visible()
    expect(page.get_by_text(PAYLOADS[1], exact=True).first).to_be_attached()
    page.goto(f"{hostile_app.url}/?city={_slug('city', 0)}")
    frame = page.frame_locator(MAP_FRAME).first
    expect(frame.locator(".leaflet-interactive").first).to_be_attached()
    page.context.close()


@pytest.mark.parametrize("role", ["ada", "ewa"])
def test_no_payload_runs_on_staff_pages(
    hostile_app: HostileApp, browser: Browser, role: str
) -> None:
    page, watch = _watched_page(browser)
    log_in(page, hostile_app.url, role, PASSWORD)
    expect(page.get_by_text(f"Logged in as {role}")).to_be_visible()
    loads = _staff_loads(hostile_app)
    if role == "ada":
        loads.append("/import_gcom")
    for path in loads:
        _open_and_check(page, watch, hostile_app.url + path)
        expect(page.get_by_text("You need to log in")).to_have_count(0)
    page.context.close()
