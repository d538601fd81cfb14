"""Take the README's screenshots from a running app: python scripts/take_screenshots.py URL."""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS

DOCS = Path(__file__).resolve().parents[1] / "docs"
SHOTS = {
    "screenshot-map.png": "/?city=smolyan",
    "screenshot-peers.png": "/peers?for=smolyan&topic=energy&top=5",
    "screenshot-city.png": "/city?city=bydgoszcz",
    "screenshot-practice.png": "/practice?practice=smolyan-positive-energy-block",
    "screenshot-practices.png": "/practices",
    "screenshot-journey.png": "/journey?tour=multiply&stop=3",
    "screenshot-statistics.png": "/statistics",
    "screenshot-embed.png": "/?embed=true",
}
MAP_PAGES = ("/?", "/peers", "/city", "/journey", "/statistics")


def main(base_url: str) -> None:
    DOCS.mkdir(exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        for filename, path in SHOTS.items():
            page.goto(base_url.rstrip("/") + path)
            if path.startswith(MAP_PAGES):
                frame = page.frame_locator('iframe[title="streamlit_folium.st_folium"]')
                frame.locator(".atlas-legend").wait_for()
            else:
                page.get_by_role("heading").first.wait_for()
            page.wait_for_timeout(2500)  # let maps, charts and the basemap finish drawing
            page.screenshot(path=DOCS / filename)
            print(f"wrote docs/{filename}")
        browser.close()


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python scripts/take_screenshots.py http://localhost:8501")
    main(sys.argv[1])
