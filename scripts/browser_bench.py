"""Time the map in a real browser on a large store: python scripts/browser_bench.py.

Builds a store in a temporary folder (seed data, the JRC signatories table if given, and
synthetic practices), serves the app on a free local port, and reports as JSON the medians
over several fresh page loads of
  - first_cluster_s: navigation to the first visible marker cluster;
  - filter_update_s: choosing a country in the sidebar to the updated count and map.
It asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from playwright.sync_api import sync_playwright

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, running_app  # noqa: E402

DEFAULT_GCOM = REPO.parent / "shared" / "data" / "gcom" / "df1_Signatories_2024.xlsx"
MAP_FRAME = 'iframe[title="streamlit_folium.st_folium"]'


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


def _measure(base_url: str, runs: int) -> dict[str, float]:
    first, filtered = [], []
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        for _ in range(runs):
            page = browser.new_page(viewport={"width": 1400, "height": 1000})
            started = time.perf_counter()
            page.goto(base_url)
            page.frame_locator(MAP_FRAME).locator(".marker-cluster").first.wait_for(timeout=120_000)
            first.append(time.perf_counter() - started)
            count = page.get_by_text(re.compile(r"^\d+ cit(y|ies) · "))
            before = count.inner_text()
            started = time.perf_counter()
            page.get_by_test_id("stMultiSelect").filter(has_text="Country").click()
            page.keyboard.type("Bulgaria")
            page.keyboard.press("Enter")
            page.wait_for_function(
                "text => !document.body.innerText.includes(text)", arg=before, timeout=120_000
            )
            page.frame_locator(MAP_FRAME).locator(".marker-cluster, canvas").first.wait_for()
            filtered.append(time.perf_counter() - started)
            page.close()
        browser.close()
    return {
        "first_cluster_s": round(statistics.median(first), 2),
        "filter_update_s": round(statistics.median(filtered), 2),
        "runs": runs,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--gcom", type=Path, default=DEFAULT_GCOM, help="JRC signatories .xlsx")
    parser.add_argument("--practices", type=int, default=50_000, help="synthetic practices")
    parser.add_argument("--runs", type=int, default=5, help="page loads to take the median of")
    args = parser.parse_args(argv)
    gcom = args.gcom if args.gcom.is_file() else None
    with tempfile.TemporaryDirectory() as name:
        folder = Path(name)
        _build_store(folder, gcom, args.practices)
        with running_app(folder, initialise=False) as url:
            result = _measure(url, args.runs)
    result["signatories_table"] = gcom is not None
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
