"""Time the map in a real browser on a large store: python scripts/browser_bench.py.

Builds a store in a temporary folder (seed data, the JRC signatories table if given, and
synthetic practices) or copies one given with --store, serves the atlas on a free local
port, and reports as JSON the medians over several page loads, each in a fresh browser
context (empty HTTP cache), of
  - first_load_s: navigation to the first visible marker cluster;
  - reload_s: the same after a reload (warm HTTP cache);
  - restart_load_s: the first load after the server is restarted (the first visitor);
  - filter_update_s: choosing a country in the sidebar (Enter on the typed name) to the
    updated count and a new city layer drawn on the map;
  - click_card_s: clicking a city's marker to its card.
With --baseline it also serves scripts/bare_map.py (Streamlit and one folium
FastMarkerCluster of the same points, offline) and times its loads in the same rounds,
alternating with the atlas's, and reports atlas / bare ratios. It asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Browser, Page, sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from atlas.queries import load_atlas  # noqa: E402
from atlas.store import make_engine  # noqa: E402
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, MAP_FRAME, running_app  # noqa: E402

DEFAULT_GCOM = REPO.parent / "shared" / "data" / "gcom" / "df1_Signatories_2024.xlsx"
TIMEOUT_MS = 120_000
VIEWPORT = {"width": 1400, "height": 1000}
TARGETS = {"first_load": 1.2, "reload": 1.2, "restart_load": 1.5}
CLICKED_CITY = ("Smolyan", 41.5744, 24.7120)


def _build_store(folder: Path, gcom: Path | None, practices: int) -> None:
    url = f"sqlite:///{folder / 'atlas.db'}"
    run = [sys.executable, "-m", "atlas", "--db", url]
    subprocess.run([*run, "init"], cwd=REPO, check=True, capture_output=True)
    if gcom is not None:
        subprocess.run([*run, "import-gcom", str(gcom)], cwd=REPO, check=True, capture_output=True)
    if practices:
        subprocess.run(
            [*run, "synth", "--practices", str(practices)],
            cwd=REPO,
            check=True,
            capture_output=True,
        )


def _write_points(store: Path, target: Path) -> int:
    """The atlas's city points as [[lat, lon], ...] for the bare page; returns their count."""
    cities = load_atlas(make_engine(f"sqlite:///{store}")).cities
    points = [
        [round(lat, 5), round(lon, 5)]
        for lat, lon in zip(cities["latitude"], cities["longitude"], strict=True)
    ]
    target.write_text(json.dumps(points), encoding="utf-8")
    return len(points)


class Server:
    """One app served from `folder`, which can be restarted (a new process)."""

    def __init__(self, folder: Path, script: Path, extra_env: dict[str, str] | None = None):
        self.folder, self.script, self.extra_env = folder, script, extra_env
        self.url = ""
        self.start_s: list[float] = []
        self._running = None

    def start(self) -> None:
        started = time.perf_counter()
        self._running = running_app(
            self.folder, initialise=False, script=self.script, extra_env=self.extra_env
        )
        self.url = self._running.__enter__()
        self.start_s.append(time.perf_counter() - started)

    def stop(self) -> None:
        if self._running is not None:
            self._running.__exit__(None, None, None)
            self._running = None


@contextmanager
def _context_page(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=VIEWPORT)
    try:
        yield context.new_page()
    finally:
        context.close()


def _until_cluster(page: Page, navigate: Callable[[], object]) -> float:
    """Seconds from `navigate()` to the first visible marker cluster in the map."""
    started = time.perf_counter()
    navigate()
    page.frame_locator(MAP_FRAME).locator(".marker-cluster").first.wait_for(timeout=TIMEOUT_MS)
    return time.perf_counter() - started


def _first_load(browser: Browser, url: str) -> float:
    with _context_page(browser) as page:
        return _until_cluster(page, lambda: page.goto(url))


def _reload(browser: Browser, url: str) -> float:
    with _context_page(browser) as page:
        _until_cluster(page, lambda: page.goto(url))
        return _until_cluster(page, page.reload)


LAYER_MARKED = "() => { const layers = window.feature_group || []; \
const last = layers[layers.length - 1]; if (last) { last.atlasBenchOld = true; } }"
NEW_LAYER_DRAWN = "() => { const layers = window.feature_group || []; \
const last = layers[layers.length - 1]; \
return !!last && !last.atlasBenchOld && window.map.hasLayer(last); }"


def _filter_update(browser: Browser, url: str) -> float:
    """Choosing Bulgaria in the sidebar (the list open, the name typed) to the new count
    on the page and a new city layer on the map."""
    with _context_page(browser) as page:
        _until_cluster(page, lambda: page.goto(url))
        before = page.get_by_text(re.compile(r"^\d+ cit(y|ies) · ")).inner_text()
        frame = page.frame(url=re.compile("streamlit_folium"))
        frame.evaluate(LAYER_MARKED)
        page.get_by_test_id("stMultiSelect").filter(has_text="Country").click()
        page.keyboard.type("Bulgaria")
        started = time.perf_counter()
        page.keyboard.press("Enter")
        page.wait_for_function(
            "text => !document.body.innerText.includes(text)", arg=before, timeout=TIMEOUT_MS
        )
        frame.wait_for_function(NEW_LAYER_DRAWN, timeout=TIMEOUT_MS)
        return time.perf_counter() - started


def _click_card(browser: Browser, url: str) -> float:
    """Clicking CLICKED_CITY's marker (found by a search, on the whole store's data) to the
    heading of its card."""
    name, lat, lng = CLICKED_CITY
    with _context_page(browser) as page:
        page.goto(f"{url}/?q={name}")
        page.frame_locator(MAP_FRAME).locator("canvas.leaflet-zoom-animated").first.wait_for(
            timeout=TIMEOUT_MS
        )
        frame = page.frame(url=re.compile("streamlit_folium"))
        point = frame.evaluate(
            "([lat, lng]) => { const p = window.map.latLngToContainerPoint([lat, lng]);"
            " return {x: p.x, y: p.y}; }",
            [lat, lng],
        )
        box = page.locator(MAP_FRAME).bounding_box()
        started = time.perf_counter()
        page.mouse.click(box["x"] + point["x"], box["y"] + point["y"])
        page.get_by_role("heading", name=name).wait_for(timeout=TIMEOUT_MS)
        return time.perf_counter() - started


def _median(values: list[float]) -> float:
    return round(statistics.median(values), 2)


def _measure(
    browser: Browser, atlas: Server, bare: Server | None, runs: int, restarts: int
) -> dict:
    apps = {"atlas": atlas} | ({"bare": bare} if bare else {})
    timings: dict[str, dict[str, list[float]]] = {
        measure: {name: [] for name in apps} for measure in TARGETS
    }
    for _ in range(runs):  # alternating, so both see the same machine load
        for name, server in apps.items():
            timings["first_load"][name].append(_first_load(browser, server.url))
            timings["reload"][name].append(_reload(browser, server.url))
    for _ in range(restarts):
        for name, server in apps.items():
            server.stop()
            server.start()
            timings["restart_load"][name].append(_first_load(browser, server.url))
    result: dict = {}
    for measure, by_app in timings.items():
        entry = {f"{name}_s": _median(values) for name, values in by_app.items()}
        if bare:
            entry["ratio"] = round(
                statistics.median(by_app["atlas"]) / statistics.median(by_app["bare"]), 2
            )
            entry["target_ratio"] = TARGETS[measure]
        result[measure] = entry
    result["filter_update_s"] = _median([_filter_update(browser, atlas.url) for _ in range(runs)])
    result["click_card_s"] = _median([_click_card(browser, atlas.url) for _ in range(runs)])
    result["server_start_s"] = {name: _median(server.start_s) for name, server in apps.items()}
    return result


def _bare_server(folder: Path, store: Path) -> Server:
    """scripts/bare_map.py in its own folder, with the app's static files and settings."""
    folder.mkdir()
    shutil.copy(REPO / "scripts" / "bare_map.py", folder / "bare_map.py")
    (folder / "static").symlink_to(REPO / "static")
    (folder / ".streamlit").mkdir()
    shutil.copy(REPO / ".streamlit" / "config.toml", folder / ".streamlit" / "config.toml")
    points = folder / "points.json"
    _write_points(store, points)
    return Server(folder, folder / "bare_map.py", {"BARE_MAP_POINTS": str(points)})


def _print_table(result: dict) -> None:
    for measure in TARGETS:
        entry = result[measure]
        line = f"{measure:>13}: atlas {entry['atlas_s']:.2f} s"
        if "ratio" in entry:
            line += (
                f", bare {entry['bare_s']:.2f} s, ratio {entry['ratio']:.2f}"
                f" (target ≤ {entry['target_ratio']})"
            )
        print(line, file=sys.stderr)
    print(f"filter update: {result['filter_update_s']:.2f} s (target ≤ 0.5)", file=sys.stderr)
    print(f" marker click: {result['click_card_s']:.2f} s (target ≤ 0.5)", file=sys.stderr)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gcom", type=Path, default=DEFAULT_GCOM, help="JRC signatories .xlsx")
    parser.add_argument("--practices", type=int, default=50_000, help="synthetic practices")
    parser.add_argument(
        "--store", type=Path, help="an existing SQLite store to copy instead of building one"
    )
    parser.add_argument("--runs", type=int, default=3, help="loads to take the median of")
    parser.add_argument("--restarts", type=int, default=3, help="server restarts to time")
    parser.add_argument(
        "--baseline", action="store_true", help="also time a bare FastMarkerCluster page"
    )
    args = parser.parse_args(argv)
    gcom = args.gcom if args.gcom.is_file() else None
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        if args.store:
            shutil.copy(args.store, folder / "atlas.db")
        else:
            _build_store(folder, gcom, args.practices)
        atlas = Server(folder, REPO / "serve.py")
        bare = _bare_server(folder / "bare", folder / "atlas.db") if args.baseline else None
        try:
            for server in (atlas, bare):
                if server:
                    server.start()
            with sync_playwright() as playwright:
                browser = playwright.chromium.launch(
                    executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
                )
                result = _measure(browser, atlas, bare, args.runs, args.restarts)
                browser.close()
        finally:
            for server in (atlas, bare):
                if server:
                    server.stop()
    result["store"] = (
        f"copy of {args.store.name}"
        if args.store
        else f"seed + {'JRC table' if gcom else 'no JRC table'} + {args.practices} practices"
    )
    _print_table(result)
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
