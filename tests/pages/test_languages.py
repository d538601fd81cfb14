"""Every page in Polish and Bulgarian: no English message left where the catalogue has a
translation; the language chosen by link, kept by the session, or taken from the browser."""

from __future__ import annotations

import os
import re
from functools import cache
from pathlib import Path

import pytest
from babel.messages.pofile import read_po
from streamlit.testing.v1 import AppTest

from atlas.accounts import ADMIN, add_user, log_in
from atlas.store import make_engine
from tests.pages.conftest import APP
from tests.pages.test_visitor_pages import seeded_app  # noqa: F401 - the seeded-store fixture
from ui.auth import now

LOCALE = Path(__file__).resolve().parents[2] / "locale"
PUBLIC_PAGES = [
    ("pages/map.py", {"city": "smolyan"}),
    ("pages/journey.py", {"tour": "frontrunners"}),
    ("pages/practices.py", {}),
    ("pages/practice.py", {"practice": "smolyan-sky-hub"}),
    ("pages/city.py", {"city": "smolyan"}),
    ("pages/peers.py", {"for": "smolyan"}),
    ("pages/statistics.py", {}),
    ("pages/about.py", {}),
    ("pages/login.py", {}),
]
STAFF_PAGES = [
    ("pages/edit.py", {}),
    ("pages/edit.py", {"kind": "city", "record": "1"}),
    ("pages/review.py", {}),
    ("pages/history.py", {}),
    ("pages/export_data.py", {}),
    ("pages/quality.py", {}),
    ("pages/bulk_import.py", {}),
    ("pages/import_gcom.py", {}),
]
TEXT_ELEMENTS = (
    "title",
    "header",
    "subheader",
    "markdown",
    "caption",
    "info",
    "warning",
    "error",
    "success",
    "metric",
    "expander",
    "tabs",
)
WIDGETS = (
    "button",
    "text_input",
    "text_area",
    "number_input",
    "selectbox",
    "multiselect",
    "radio",
    "checkbox",
    "toggle",
    "slider",
)
PASSWORD = "a long enough password"


@cache
def translated_english(lang: str) -> frozenset[str]:
    """The English messages (without placeholders) the catalogue of `lang` translates into
    other words."""
    with (LOCALE / lang / "LC_MESSAGES" / "atlas.po").open("rb") as handle:
        catalog = read_po(handle, locale=lang)
    return frozenset(
        message.id
        for message in catalog
        if message.id
        and isinstance(message.id, str)
        and "{" not in message.id
        and message.string
        and message.string != message.id
    )


def _plain(text: str) -> str:
    """Markdown as read: escapes and emphasis marks dropped."""
    return re.sub(r"\\(.)", r"\1", text).replace("**", "").strip()


def shown_texts(app: AppTest) -> list[str]:
    """Every text the run shows: element values, widget labels, help texts, placeholders."""
    texts = []
    for kind in TEXT_ELEMENTS + WIDGETS:
        for element in getattr(app, kind):
            # A widget's value is what was typed or chosen (record text, option keys).
            shown = ("label", "help", "placeholder", "options")
            for attribute in shown if kind in WIDGETS else ("value", *shown):
                value = getattr(element, attribute, None)
                values = value if isinstance(value, list) else [value]
                texts += [_plain(text) for text in values if isinstance(text, str) and text]
    return texts


def english_left(app: AppTest, lang: str) -> list[str]:
    """Shown texts that are, or contain, an English message the catalogue translates."""
    english = translated_english(lang)
    long_messages = [message for message in english if len(message) >= 24]
    return [
        text
        for text in shown_texts(app)
        if text in english or any(message in text for message in long_messages)
    ]


def _open(app: AppTest, page: str, lang: str, params: dict[str, str]) -> AppTest:
    app.query_params["lang"] = lang
    app.run()
    if page != "pages/map.py":
        app.switch_page(page)
    app.query_params["lang"] = lang
    for name, value in params.items():
        app.query_params[name] = value
    return app.run()


def _admin_app() -> AppTest:
    engine = make_engine(os.environ["ATLAS_DB_URL"])
    add_user(engine, "ada", PASSWORD, ADMIN, now())
    app = AppTest.from_file(APP, default_timeout=30)
    app.session_state["auth_token"] = log_in(engine, "ada", PASSWORD, "test", now())
    return app


@pytest.mark.parametrize("lang", ["pl", "bg"])
@pytest.mark.parametrize(("page", "params"), PUBLIC_PAGES)
def test_public_pages_speak_the_language(
    seeded_app: AppTest,  # noqa: F811
    lang: str,
    page: str,
    params: dict[str, str],
) -> None:
    app = _open(seeded_app, page, lang, params)
    assert not app.exception
    assert shown_texts(app)
    assert english_left(app, lang) == []


@pytest.mark.parametrize("lang", ["pl", "bg"])
@pytest.mark.parametrize(("page", "params"), STAFF_PAGES)
def test_staff_pages_speak_the_language(
    seeded_app: AppTest,  # noqa: F811 - sets up the seeded store
    lang: str,
    page: str,
    params: dict[str, str],
) -> None:
    app = _open(_admin_app(), page, lang, params)
    assert not app.exception
    assert english_left(app, lang) == []


def test_the_map_in_polish_counts_with_polish_plurals(seeded_app: AppTest) -> None:  # noqa: F811
    app = _open(seeded_app, "pages/map.py", "pl", {})
    assert app.caption[0].value.startswith("Europejskie miasta prekursorzy")
    summary_line = r"\*\*([\d\u00a0]+) (miast|miasta) · \d+ praktyk[ai]?\*\*"
    summary = re.fullmatch(summary_line, app.markdown[0].value)
    assert summary
    cities = int(summary[1].replace("\u00a0", ""))
    few = cities % 10 in (2, 3, 4) and cities % 100 not in (12, 13, 14)
    assert summary[2] == ("miasta" if few else "miast")
    assert app.multiselect(key="filter_countries").label == "Kraj"
    assert "Polska" in app.multiselect(key="filter_countries").options


def test_bulgarian_country_names_and_cyrillic_labels(seeded_app: AppTest) -> None:  # noqa: F811
    app = _open(seeded_app, "pages/city.py", "bg", {"city": "smolyan"})
    assert not app.exception
    assert [m.label for m in app.metric] == ["Държава", "Население", "Добри практики"]
    assert app.metric[0].value == "България"
    assert app.metric[1].value == "35\u00a0288"


def test_a_refused_link_value_is_named_in_the_language(seeded_app: AppTest) -> None:  # noqa: F811
    app = _open(seeded_app, "pages/practice.py", "pl", {"practice": "Not A Slug"})
    assert not app.exception
    assert _plain(app.warning[0].value) == (
        "Pominięto practice='Not A Slug' w linku: oczekiwano wartości: "
        "nazwa rekordu z małych liter, cyfr i łączników."
    )


def test_the_language_stays_for_the_session_and_in_the_address(
    seeded_app: AppTest,  # noqa: F811
) -> None:
    app = _open(seeded_app, "pages/practices.py", "bg", {})
    assert app.title[0].value == "Добри практики"
    app.query_params.clear()  # as after a page change in the browser
    app.switch_page("pages/statistics.py").run()
    assert app.title[0].value == "Атласът в числа"
    assert app.query_params["lang"] == "bg"


def test_the_switcher_changes_the_language(seeded_app: AppTest) -> None:  # noqa: F811
    app = _open(seeded_app, "pages/about.py", "en", {})
    assert app.title[0].value == "About the data"
    app.selectbox(key="language_switcher").set_value("pl").run()
    assert app.title[0].value == "O danych"
    assert app.query_params["lang"] == "pl"


@pytest.mark.parametrize(("value", "title"), [("xx", "About the data"), ("PL-pl", "O danych")])
def test_a_lang_value_is_normalised_or_falls_back_to_english(
    seeded_app: AppTest,  # noqa: F811
    value: str,
    title: str,
) -> None:
    app = _open(seeded_app, "pages/about.py", value, {})
    assert not app.exception
    assert not app.warning
    assert app.title[0].value == title


@pytest.mark.parametrize(
    ("locale", "title"), [("pl-PL", "O danych"), ("bg", "За данните"), ("en-GB", "About the data")]
)
def test_the_browser_language_decides_without_a_parameter(
    seeded_app: AppTest,  # noqa: F811
    locale: str,
    title: str,
) -> None:
    seeded_app.context = {"locale": locale}
    seeded_app.run()
    seeded_app.switch_page("pages/about.py").run()
    assert not seeded_app.exception
    assert seeded_app.title[0].value == title
    assert "lang" not in seeded_app.query_params


def test_english_adds_no_lang_parameter(seeded_app: AppTest) -> None:  # noqa: F811
    seeded_app.run()
    assert "lang" not in seeded_app.query_params
    assert seeded_app.selectbox(key="language_switcher").value == "en"
