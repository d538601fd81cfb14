"""Concurrent visitors on the map: python scripts/load_test.py --replicas 1,2 --sessions 10,20,40.

Each visitor loads the map, chooses a country in the sidebar and opens a city's card from
the "Open a city" box; all visitors of a run start together and stay connected until the
server has been measured. By default a visitor speaks Streamlit's WebSocket protocol
(scripts/load_protocol.py): it asks for the same script runs a browser would and draws
nothing, so 40 of them cost the machine almost nothing. With --client browser each is a
headless Chromium page in its own context (several per browser process); on a 2-core
machine those pages took twice the CPU time of the server they measured.

Unless --url names a running deployment, the script builds its own in a temporary folder:
a PostgreSQL store holding the seed data and the JRC signatories table (--gcom), and for
each run fresh app replicas behind nginx (sticky sessions by cookie, WebSocket upgrade);
each replica is warmed by one visit before the run. --quick serves one replica straight
from a SQLite store of the seed data, without PostgreSQL or nginx; --db serves an existing
store. Settings in the environment (e.g. MALLOC_ARENA_MAX) reach the replicas.

Per run it prints one JSON line, and a Markdown table at the end:
  errors                 visitors that failed a step (the first errors are listed);
  first_cluster_p50/p95  browser: connection to the first drawn marker or cluster;
                         protocol: connection to the map's element received, seconds;
  filter_p50/p95         choosing a country to the new count and map (protocol: to the
                         end of that script run), seconds;
  card_p50/p95           choosing a city to its card (protocol: to the end of the run);
  rss_*_mb               resident memory of the replicas before the visitors and while all
                         are connected, and the difference per visitor;
  server_cpu_s, client_cpu_s  CPU time of the replicas and of the visitors during the run;
  load_start/end         the machine's 1-minute load average around the run.
It asserts nothing: the figures go to docs/PERFORMANCE.md.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import re
import sys
import tempfile
import time
from contextlib import ExitStack
from dataclasses import dataclass, field
from pathlib import Path

from playwright.async_api import Browser, BrowserContext, async_playwright, expect

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from scripts.load_protocol import ProtocolVisit  # noqa: E402
from scripts.load_protocol import visit as protocol_visit  # noqa: E402
from scripts.load_stack import Replica, build_store, postgres, proxy, replicas  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, MAP_FRAME  # noqa: E402

DEFAULT_GCOM = REPO.parent / "shared" / "data" / "gcom" / "df1_Signatories_2024.xlsx"
MARKERS = ".marker-cluster, canvas.leaflet-zoom-animated"
SUMMARY = re.compile(r"^\d+ cit(y|ies) · \d+ practices?$")
# (country in the sidebar, a seed city of that country): visitors take them in turn.
ROUTES = [
    ("Bulgaria", "Smolyan"),
    ("Poland", "Bydgoszcz"),
    ("Norway", "Trondheim"),
    ("Ireland", "Limerick"),
]
SHOWN_ERRORS = 5


@dataclass
class Visit:
    first_cluster_s: float | None = None
    filter_s: float | None = None
    card_s: float | None = None
    error: str | None = None
    context: BrowserContext | None = field(default=None, repr=False)


async def _visit(browser: Browser, url: str, route: tuple[str, str], timeout_s: float) -> Visit:
    """One visitor's walk; its context stays open (the session stays connected)."""
    visit = Visit()
    country, city = route
    step = "load"
    try:
        visit.context = await browser.new_context(viewport={"width": 1400, "height": 1000})
        page = await visit.context.new_page()
        page.set_default_timeout(timeout_s * 1000)
        expect.set_options(timeout=timeout_s * 1000)
        started = time.perf_counter()
        await page.goto(url)
        await page.frame_locator(MAP_FRAME).locator(MARKERS).first.wait_for(state="visible")
        visit.first_cluster_s = time.perf_counter() - started

        step = "filter"
        summary = page.get_by_text(SUMMARY)
        before = await summary.inner_text()
        started = time.perf_counter()
        await page.get_by_test_id("stMultiSelect").filter(has_text="Country").click()
        await page.keyboard.type(country)
        await page.keyboard.press("Enter")
        await page.keyboard.press("Escape")
        await expect(summary).not_to_have_text(before)
        await page.frame_locator(MAP_FRAME).locator(MARKERS).first.wait_for(state="visible")
        visit.filter_s = time.perf_counter() - started

        step = "card"
        started = time.perf_counter()
        await page.get_by_test_id("stSelectbox").filter(has_text="Open a city").click()
        await page.keyboard.type(city)
        await page.keyboard.press("Enter")
        await expect(page.get_by_role("heading", name=city)).to_be_visible()
        visit.card_s = time.perf_counter() - started
        if await page.get_by_test_id("stException").count():
            visit.error = "card: the page shows an exception"
    except Exception as error:
        visit.error = f"{step}: {type(error).__name__}: {str(error).splitlines()[0][:160]}"
    return visit


def _percentile(values: list[float], share: float) -> float | None:
    """Nearest-rank percentile, or None without values."""
    if not values:
        return None
    ordered = sorted(values)
    return round(ordered[max(0, math.ceil(share * len(ordered)) - 1)], 2)


def _rss_mb(pids: list[int]) -> float:
    total_kb = 0
    for pid in pids:
        for line in Path(f"/proc/{pid}/status").read_text().splitlines():
            if line.startswith("VmRSS:"):
                total_kb += int(line.split()[1])
    return round(total_kb / 1024, 1)


def _cpu_s(pids: list[int]) -> float:
    ticks = 0
    for pid in pids:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        ticks += int(fields[11]) + int(fields[12])  # utime, stime
    return ticks / os.sysconf("SC_CLK_TCK")


@dataclass(frozen=True)
class _Snapshot:
    at: float
    rss_mb: float | None
    cpu_s: float | None
    load: float


def _snapshot(pids: list[int]) -> _Snapshot:
    """The replicas' memory and CPU time, and the machine's load, now."""
    return _Snapshot(
        time.perf_counter(),
        _rss_mb(pids) if pids else None,
        _cpu_s(pids) if pids else None,
        os.getloadavg()[0],
    )


def _browser_cpu_s() -> float:
    """CPU time of this script's Chromium processes, and of those they have reaped."""
    own = str(os.getpid())
    parents, stats = {}, {}
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            name, fields = stat.read_text().rsplit(")", 1)
        except OSError:  # the process ended meanwhile
            continue
        pid = stat.parent.name
        parents[pid] = fields.split()[1]
        if name.endswith("(chromium"):
            stats[pid] = fields.split()
    ticks = 0
    for pid, fields in stats.items():
        ancestor = parents.get(pid)
        while ancestor not in (None, "0", "1", own):
            ancestor = parents.get(ancestor)
        if ancestor == own:
            ticks += sum(int(value) for value in fields[11:15])  # utime stime cutime cstime
    return ticks / os.sysconf("SC_CLK_TCK")


async def _browsers(playwright, count: int) -> list[Browser]:
    launch = playwright.chromium.launch
    return list(
        await asyncio.gather(
            *(
                launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
                for _ in range(count)
            )
        )
    )


async def _browser_visits(
    url: str, sessions: int, per_browser: int, timeout_s: float, pids: list[int]
) -> tuple[list[Visit], _Snapshot, float]:
    """Visits by Chromium pages; the server is measured while all are still open."""
    async with async_playwright() as playwright:
        browsers = await _browsers(playwright, math.ceil(sessions / per_browser))
        visits = await asyncio.gather(
            *(
                _visit(browsers[n // per_browser], url, ROUTES[n % len(ROUTES)], timeout_s)
                for n in range(sessions)
            )
        )
        snapshot = _snapshot(pids)
        client_cpu = _browser_cpu_s()
        for browser in browsers:
            await browser.close()
    return visits, snapshot, client_cpu


async def _protocol_visits(
    url: str, sessions: int, timeout_s: float, pids: list[int]
) -> tuple[list[ProtocolVisit], _Snapshot, float]:
    """Visits over Streamlit's WebSocket protocol; measured while all are still open."""
    client_cpu = time.process_time()
    visits = await asyncio.gather(
        *(protocol_visit(url, *ROUTES[n % len(ROUTES)], timeout_s) for n in range(sessions))
    )
    snapshot = _snapshot(pids)
    client_cpu = time.process_time() - client_cpu
    for visit in visits:
        await visit.close()
    return visits, snapshot, client_cpu


async def _warm(targets: list[Replica], client: str, timeout_s: float) -> None:
    """One visit to each replica, so the atlas is loaded before memory is measured."""
    for target in targets:
        if client == "browser":
            visits, _, _ = await _browser_visits(target.url, 1, 1, timeout_s, [])
        else:
            visits, _, _ = await _protocol_visits(target.url, 1, timeout_s, [])
        if visits[0].error:
            raise RuntimeError(f"warming {target.url} failed: {visits[0].error}")


async def _run(url: str, sessions: int, args: argparse.Namespace, pids: list[int]) -> dict:
    before = _snapshot(pids)
    if args.client == "browser":
        visits, after, client_cpu = await _browser_visits(
            url, sessions, args.per_browser, args.timeout, pids
        )
    else:
        visits, after, client_cpu = await _protocol_visits(url, sessions, args.timeout, pids)
    errors = [v.error for v in visits if v.error]
    result = {"client": args.client, "sessions": sessions, "errors": len(errors)}
    for name in ("first_cluster", "filter", "card"):
        values = [getattr(v, f"{name}_s") for v in visits if getattr(v, f"{name}_s") is not None]
        result[f"{name}_p50"] = _percentile(values, 0.5)
        result[f"{name}_p95"] = _percentile(values, 0.95)
    measured = bool(pids)
    result |= {
        "rss_before_mb": before.rss_mb,
        "rss_after_mb": after.rss_mb,
        "rss_per_session_mb": round((after.rss_mb - before.rss_mb) / sessions, 1)
        if measured
        else None,
        "server_cpu_s": round(after.cpu_s - before.cpu_s, 1) if measured else None,
        "client_cpu_s": round(client_cpu, 1),
        "wall_s": round(after.at - before.at, 1),
        "load_start": round(before.load, 2),
        "load_end": round(after.load, 2),
        "first_errors": errors[:SHOWN_ERRORS],
    }
    return result


def _measure_own(folder: Path, args: argparse.Namespace, gcom: Path | None) -> list[dict]:
    results = []
    with ExitStack() as store_stack:
        if args.db:
            store_url = args.db
        elif args.quick:
            store_url = f"sqlite:///{folder / 'atlas.db'}"
        else:
            store_url = store_stack.enter_context(postgres(folder))
        if not args.db:
            build_store(store_url, gcom, args.app)
        for count in args.replicas:
            for sessions in args.sessions:
                run_folder = Path(tempfile.mkdtemp(dir=folder))
                with ExitStack() as stack:
                    started = stack.enter_context(replicas(store_url, count, run_folder, args.app))
                    url = (
                        started[0].url
                        if args.quick
                        else stack.enter_context(proxy(started, run_folder))
                    )
                    asyncio.run(_warm(started, args.client, args.timeout))
                    result = asyncio.run(_run(url, sessions, args, [r.pid for r in started]))
                built = "as given" if args.db else ("seed + JRC table" if gcom else "seed")
                engine = store_url.split(":", 1)[0].split("+", 1)[0]
                result = {"replicas": count, **result, "store": f"{engine}, {built}"}
                print(json.dumps(result), flush=True)
                results.append(result)
    return results


def _table(results: list[dict]) -> str:
    def cell(row: dict, name: str) -> str:
        return f"{row[name + '_p50']} / {row[name + '_p95']}"

    def memory(row: dict) -> str:
        if row["rss_before_mb"] is None:  # a deployment given by --url
            return "— | —"
        return f"{row['rss_before_mb']} → {row['rss_after_mb']} | {row['rss_per_session_mb']}"

    lines = [
        "| replicas | sessions | errors | first cluster p50 / p95 s | filter p50 / p95 s | "
        "card p50 / p95 s | replicas' RSS before → with sessions MB | MB per session | "
        "server / client CPU s | load (1 min) start → end |",
        "|---|---|---|---|---|---|---|---|---|---|",
    ]
    for row in results:
        lines.append(
            f"| {row.get('replicas', '—')} | {row['sessions']} | {row['errors']} | "
            f"{cell(row, 'first_cluster')} | {cell(row, 'filter')} | {cell(row, 'card')} | "
            f"{memory(row)} | {row['server_cpu_s'] or '—'} / {row['client_cpu_s']} | "
            f"{row['load_start']} → {row['load_end']} |"
        )
    return "\n".join(lines)


def _counts(text: str) -> list[int]:
    try:
        values = [int(part) for part in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"not a list of whole numbers: {text!r}") from None
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError(f"give numbers of at least 1: {text!r}")
    return values


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--replicas",
        type=_counts,
        default=[1],
        help="app replicas behind the proxy, one run per number (e.g. 1,2)",
    )
    parser.add_argument(
        "--sessions",
        type=_counts,
        default=[10, 20, 40],
        help="concurrent visitors, one run per number (default 10,20,40)",
    )
    parser.add_argument(
        "--url",
        help="measure a running deployment (e.g. the cluster's proxy) "
        "instead of building one; server memory is then not measured",
    )
    parser.add_argument(
        "--db", help="serve this existing store as it is instead of building one (a SQLAlchemy URL)"
    )
    parser.add_argument(
        "--gcom",
        type=Path,
        default=DEFAULT_GCOM,
        help="JRC signatories .xlsx to import (skipped when absent)",
    )
    parser.add_argument(
        "--quick",
        action="store_true",
        help="one replica on a SQLite store of the seed data, no proxy",
    )
    parser.add_argument(
        "--client",
        choices=("protocol", "browser"),
        default="protocol",
        help="visitors speak Streamlit's WebSocket protocol (default) or are Chromium pages",
    )
    parser.add_argument(
        "--per-browser", type=int, default=10, help="visitors per Chromium process (default 10)"
    )
    parser.add_argument(
        "--timeout",
        type=float,
        default=300,
        help="seconds a visitor waits for each step (default 300)",
    )
    parser.add_argument(
        "--app",
        type=Path,
        default=REPO,
        help="the checkout whose app.py the replicas serve (default: this one)",
    )
    parser.add_argument("--keep", type=Path, help="build in this folder and keep its logs")
    args = parser.parse_args(argv)
    if args.quick and args.replicas != [1]:
        parser.error("--quick serves one replica")
    if args.url:
        results = [asyncio.run(_run(args.url, n, args, [])) for n in args.sessions]
        for result in results:
            print(json.dumps(result), flush=True)
    else:
        gcom = args.gcom if not (args.quick or args.db) and args.gcom.is_file() else None
        if args.keep:
            args.keep.mkdir(parents=True, exist_ok=True)
            results = _measure_own(args.keep, args, gcom)
        else:
            with tempfile.TemporaryDirectory() as name:
                results = _measure_own(Path(name), args, gcom)
    print(_table(results))
    return 1 if any(result["errors"] for result in results) else 0


if __name__ == "__main__":
    sys.exit(main())
