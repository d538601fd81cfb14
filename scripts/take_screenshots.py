"""Take the README's screenshots from a running app: python scripts/take_screenshots.py URL."""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

DOCS = Path(__file__).resolve().parents[1] / "docs"
SHOTS = {"screenshot-map.png": "/?city=smolyan"}


def main(base_url: str) -> None:
    DOCS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        for filename, path in SHOTS.items():
            page.goto(base_url.rstrip("/") + path)
            frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
            frame.locator(".atlas-legend").wait_for()
            page.wait_for_timeout(2500)  # let clusters and the basemap finish drawing
            page.screenshot(path=DOCS / filename)
            print(f"wrote docs/{filename}")
        browser.close()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python scripts/take_screenshots.py http://localhost:8501")
    main(sys.argv[1])
