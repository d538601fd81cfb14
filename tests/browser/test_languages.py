"""The interface in Polish and Bulgarian in a real browser: chosen by the address, kept
through page changes, or taken from the browser's language."""

from __future__ import annotations

import re

import pytest
from playwright.sync_api import Browser, Locator, Page, expect

from tests.browser.app_page import idle
from tests.browser.conftest import MAP_FRAME, PAGE_TIMEOUT_MS

pytestmark = pytest.mark.browser

CYRILLIC = re.compile(r"[А-Яа-я]")
SPOKEN = {
    "pl": {
        "navigation": ["Mapa", "Podróż", "Dobre praktyki", "Profil miasta", "Statystyki"],
        "filters": ["Znajdź miasto", "Kraj", "Projekt", "Rola", "Wyczyść filtry"],
        "country": "Bułgaria",
        "card": ["Projekty", "Miasto naśladowca", "Pełny profil"],
        "legend": "Rola miasta",
        "practice": ["Miasto", "Rok", "Stan", "Powiązane praktyki", "Źródła"],
    },
    "bg": {
        "navigation": ["Карта", "Пътешествие", "Добри практики", "Профил на града", "Статистика"],
        "filters": ["Намерете град", "Държава", "Проект", "Роля", "Изчисти филтрите"],
        "country": "България",
        "card": ["Проекти", "Град последовател", "Пълен профил"],
        "legend": "Роля на града",
        "practice": ["Град", "Година", "Статус", "Сродни практики", "Източници"],
    },
}


def _sidebar(page: Page) -> Locator:
    return page.get_by_test_id("stSidebar")


@pytest.mark.parametrize("lang", ["pl", "bg"])
def test_the_map_a_city_card_and_a_practice_in_the_language(
    app_server: str, page: Page, lang: str
) -> None:
    words = SPOKEN[lang]
    page.goto(f"{app_server}/?lang={lang}&city=smolyan")
    sidebar = _sidebar(page)
    for title in words["navigation"]:
        expect(sidebar.get_by_role("link", name=title, exact=True)).to_be_visible()
    for label in words["filters"]:
        expect(sidebar.get_by_text(label, exact=True).first).to_be_visible()
    expect(page.get_by_role("heading", name="Smolyan")).to_be_visible()
    expect(page.get_by_text(re.compile(rf"^{words['country']} · "))).to_be_visible()
    for text in words["card"]:
        expect(page.get_by_text(text, exact=False).first).to_be_visible()
    legend = page.frame_locator(MAP_FRAME).locator(".atlas-legend")
    expect(legend).to_contain_text(words["legend"])
    expect(page.get_by_text("Cities in this view")).to_have_count(0)
    if lang == "bg":
        assert CYRILLIC.search(sidebar.inner_text())

    idle(page)
    page.get_by_role("link", name=words["card"][2]).click()
    expect(page).to_have_url(re.compile(rf"/city\?.*lang={lang}"))
    page.get_by_role("link", name=re.compile("Sky Hub Smolyan")).click()
    expect(page).to_have_url(re.compile(rf"/practice\?.*lang={lang}"))
    # Written in Bulgarian: a Polish or Bulgarian reader gets the original text.
    heading = "Sky Hub Smolyan, споделеното работно пространство на Общината"
    expect(page.get_by_role("heading", name=heading)).to_be_visible()
    for text in words["practice"]:
        expect(page.get_by_text(text, exact=True).first).to_be_visible()
    expect(page.get_by_text("Related practices")).to_have_count(0)


def test_a_bulgarian_deep_link_stays_bulgarian_through_page_changes(
    app_server: str, browser: Browser
) -> None:
    context = browser.new_context(viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    page.goto(f"{app_server}/city?city=smolyan&lang=bg")
    expect(page.get_by_role("heading", name="Smolyan")).to_be_visible()
    for link, heading in (
        ("Добри практики", "Добри практики"),
        ("Статистика", "Атласът в числа"),
        ("За данните", "За данните"),
    ):
        idle(page)
        _sidebar(page).get_by_role("link", name=link, exact=True).click()
        expect(page.get_by_role("heading", name=heading, exact=True)).to_be_visible()
        expect(page).to_have_url(re.compile(r"[?&]lang=bg(&|$)"))
    expect(page.get_by_text("About the data")).to_have_count(0)
    context.close()


def test_a_polish_browser_gets_polish_without_a_parameter(
    app_server: str, browser: Browser
) -> None:
    context = browser.new_context(locale="pl-PL", viewport={"width": 1400, "height": 1000})
    page = context.new_page()
    page.set_default_timeout(PAGE_TIMEOUT_MS)
    page.goto(f"{app_server}/")
    expect(page.get_by_text(re.compile("^Europejskie miasta prekursorzy"))).to_be_visible()
    expect(_sidebar(page).get_by_role("link", name="Dobre praktyki")).to_be_visible()
    idle(page)
    assert "lang=" not in page.url
    context.close()


def test_the_embedded_map_keeps_its_language(app_server: str, page: Page) -> None:
    page.goto(f"{app_server}/?embed=true&lang=bg&country=BG")
    legend = page.frame_locator(MAP_FRAME).locator(".atlas-legend")
    expect(legend).to_contain_text("Водещ град")
    expect(page).to_have_url(re.compile(r"lang=bg"))


def test_the_switcher_relabels_the_chosen_filters(app_server: str, page: Page) -> None:
    page.goto(f"{app_server}/?country=PL&city=bydgoszcz")
    expect(page.get_by_role("heading", name="Bydgoszcz")).to_be_visible()
    idle(page)
    sidebar = _sidebar(page)
    sidebar.get_by_role("combobox", name=re.compile("^Language")).click()
    page.get_by_role("option", name="Polski").click()
    expect(page.get_by_text("Miasta w tym widoku", exact=True)).to_be_visible()
    idle(page)
    expect(sidebar.get_by_text("Polska", exact=True)).to_be_visible()
    expect(sidebar.get_by_text("Poland", exact=True)).to_have_count(0)
    expect(page.get_by_text(re.compile(r"^\d+ miast[a]? · \d+ praktyk"))).to_be_visible()
    expect(page).to_have_url(re.compile(r"country=PL.*lang=pl|lang=pl.*country=PL"))
