"""The atlas on a phone (390 x 844): no horizontal scrolling, the card within one screen of
scrolling, touch targets of 44 px or more, the sidebar closed until asked for."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from playwright.sync_api import Browser, Page, expect

from tests.browser.app_page import settled
from tests.browser.conftest import MAP_FRAME

pytestmark = pytest.mark.browser

PHONE = {"width": 390, "height": 844}
MIN_TARGET_PX = 44
TARGETS = (
    '[data-testid="stMain"] button:visible',
    '[data-testid="stMain"] [data-testid="stPageLink-NavLink"]:visible',
    '[data-testid="stMain"] [data-baseweb="select"] > div:visible',
    '[data-testid="stMain"] .atlas-table a:visible',
    '[data-testid="stExpandSidebarButton"]:visible',
)


@pytest.fixture
def phone(browser: Browser) -> Iterator[Page]:
    context = browser.new_context(viewport=PHONE, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.set_default_timeout(30_000)
    yield page
    context.close()


def _wide_elements(page: Page) -> list[str]:
    """Elements of the page wider than the screen (what would make it scroll sideways)."""
    return page.evaluate(
        """() => {
            const width = document.documentElement.clientWidth;
            const wide = [...document.querySelectorAll("[data-testid='stMain'] *")]
                .filter((e) => e.getBoundingClientRect().right > width + 1
                    && getComputedStyle(e).visibility !== "hidden");
            const scroller = document.querySelector("[data-testid='stMain']");
            const scrolls = scroller.scrollWidth > scroller.clientWidth + 1
                || document.documentElement.scrollWidth > width + 1;
            return scrolls ? wide.slice(0, 5).map((e) => e.outerHTML.slice(0, 120)) : [];
        }"""
    )


def _small_targets(page: Page) -> list[str]:
    small = []
    for selector in TARGETS:
        for target in page.locator(selector).all():
            box = target.bounding_box()
            if box and (box["height"] < MIN_TARGET_PX or box["width"] < MIN_TARGET_PX):
                small.append(f"{selector}: {round(box['width'])}x{round(box['height'])}")
    return small


def test_map_and_card_fit_a_phone(app_server: str, phone: Page) -> None:
    phone.goto(f"{app_server}/?city=smolyan")
    frame = phone.frame_locator(MAP_FRAME)
    frame.locator(".marker-cluster, canvas.leaflet-zoom-animated").first.wait_for()
    heading = phone.get_by_role("heading", name="Smolyan")
    expect(heading).to_be_attached()
    settled(phone)
    expect(phone.get_by_test_id("stSidebar")).to_have_attribute("data-collapsed", "true")
    assert _wide_elements(phone) == []
    scrolled = phone.evaluate("document.querySelector(\"[data-testid='stMain']\").scrollTop")
    top = heading.bounding_box()["y"] + scrolled
    assert top + 40 < 2 * PHONE["height"], f"the card starts {top:.0f} px down the page"
    assert _small_targets(phone) == []
    for control in frame.locator(".leaflet-control-zoom a").all():
        box = control.bounding_box()
        assert min(box["width"], box["height"]) >= MIN_TARGET_PX
    attribution = frame.locator(".leaflet-control-attribution")
    scale = frame.locator(".leaflet-control-scale").bounding_box()
    assert scale["x"] + scale["width"] <= attribution.bounding_box()["x"], "scale bar covered"
    assert attribution.evaluate("e => getComputedStyle(e).fontSize") == "12px"


@pytest.mark.parametrize(
    ("path", "heading"),
    [("/journey?tour=multiply&stop=3", None), ("/city?city=bydgoszcz", "Bydgoszcz")],
)
def test_journey_and_profile_fit_a_phone(
    app_server: str, phone: Page, path: str, heading: str | None
) -> None:
    phone.goto(app_server + path)
    title = phone.get_by_role("heading", level=1)
    expect(title.first if heading is None else title.filter(has_text=heading)).to_be_visible()
    phone.frame_locator(MAP_FRAME).locator(".leaflet-container").first.wait_for()
    settled(phone)
    assert _wide_elements(phone) == []
    assert _small_targets(phone) == []
