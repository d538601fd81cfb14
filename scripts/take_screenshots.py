"""Take the README's screenshots from a running app.

    python scripts/take_screenshots.py URL
    python scripts/take_screenshots.py URL --phone
    echo "$PASSWORD" | python scripts/take_screenshots.py URL --staff ada

With --phone, it takes PHONE_SHOTS on a 390 x 844 touch screen instead (for the map, one
shot at the top and one scrolled to the city card). With --staff, it logs in as that
account (password from standard input) and takes the staff pages' screenshots instead;
STAFF_SHOTS names records of the seed data.
"""

from __future__ import annotations

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))
from tests.browser.conftest import CHROMIUM, CHROMIUM_ARGS, MAP_FRAME

DOCS = Path(__file__).resolve().parents[1] / "docs"
SHOTS = {
    "screenshot-map.png": "/?city=smolyan",
    "screenshot-map-pl.png": "/?lang=pl&city=bydgoszcz",
    "screenshot-map-bg.png": "/?lang=bg&city=smolyan",
    "screenshot-peers.png": "/peers?for=smolyan&topic=energy&top=5",
    "screenshot-city.png": "/city?city=bydgoszcz",
    "screenshot-practice.png": "/practice?practice=smolyan-positive-energy-block",
    "screenshot-practices.png": "/practices",
    "screenshot-journey.png": "/journey?tour=multiply&stop=3",
    "screenshot-statistics.png": "/statistics",
    "screenshot-embed.png": "/?embed=true",
}
STAFF_SHOTS = {
    "screenshot-edit-city.png": "/edit?kind=city&record=3",
    "screenshot-review.png": "/review",
    "screenshot-history.png": "/history",
    "screenshot-quality.png": "/quality",
}
PHONE = {"width": 390, "height": 844}
PHONE_SHOTS = {
    "screenshot-phone-map.png": "/?city=smolyan",
    "screenshot-phone-card.png": "/?city=smolyan",
    "screenshot-phone-journey.png": "/journey?tour=multiply&stop=3",
    "screenshot-phone-city.png": "/city?city=bydgoszcz",
}
MAP_PAGES = ("/?", "/peers", "/city", "/journey", "/statistics")


def _log_in(page, base_url: str, name: str, password: str) -> None:
    page.goto(base_url.rstrip("/") + "/login")
    page.get_by_role("textbox", name="User name").fill(name)
    page.get_by_role("textbox", name="Password", exact=True).fill(password)
    page.get_by_role("button", name="Log in").click()
    page.get_by_text(f"Logged in as {name}").wait_for()


def main(base_url: str, staff: str | None = None, phone: bool = False) -> None:
    DOCS.mkdir(exist_ok=True)
    shots = PHONE_SHOTS if phone else SHOTS
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS
        )
        if phone:
            page = browser.new_page(viewport=PHONE, is_mobile=True, has_touch=True)
        else:
            page = browser.new_page(viewport={"width": 1400, "height": 900})
        if staff:
            _log_in(page, base_url, staff, sys.stdin.readline().rstrip("\n"))
            shots = STAFF_SHOTS
        for filename, path in shots.items():
            page.goto(base_url.rstrip("/") + path)
            if "kind=city&record=" in path:  # show the placing tools and their map
                page.get_by_text("Place the city").click()
                page.get_by_role("tab", name="On the map").click()
                frame = page.frame_locator(MAP_FRAME)
                frame.locator(".atlas-legend").wait_for()
            elif path.startswith(MAP_PAGES):
                frame = page.frame_locator(MAP_FRAME)
                frame.locator(".atlas-legend").wait_for()
            else:
                page.get_by_role("heading").first.wait_for()
            page.wait_for_timeout(2500)  # let maps, charts and the basemap finish drawing
            if filename == "screenshot-phone-card.png":
                page.get_by_role("heading", name="Smolyan").scroll_into_view_if_needed()
                page.wait_for_timeout(500)
            page.screenshot(path=DOCS / filename)
            print(f"wrote docs/{filename}")
        browser.close()


if __name__ == "__main__":
    arguments = sys.argv[1:]
    if len(arguments) == 3 and arguments[1] == "--staff":
        main(arguments[0], arguments[2])
    elif len(arguments) == 2 and arguments[1] == "--phone":
        main(arguments[0], phone=True)
    elif len(arguments) == 1:
        main(arguments[0])
    else:
        sys.exit("usage: python scripts/take_screenshots.py URL [--phone | --staff USER]")
