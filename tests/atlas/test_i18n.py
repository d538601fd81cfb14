"""Interface languages: tags, plural forms, numbers, dates, country names, collation."""

from __future__ import annotations

import datetime as dt

import pytest

from atlas.accounts import AccountError, check_password
from atlas.i18n import LANGUAGE_NAMES, LANGUAGES, Message, normalise, translator

NBSP = "\u00a0"


@pytest.mark.parametrize(
    ("value", "lang"),
    [
        ("pl", "pl"),
        ("pl-PL", "pl"),
        ("PL_pl", "pl"),
        (" bg ", "bg"),
        ("bg-BG", "bg"),
        ("en-GB", "en"),
        ("de-DE", None),
        ("xx", None),
        ("", None),
        (None, None),
        (42, None),
    ],
)
def test_a_language_tag_is_normalised(value: object, lang: str | None) -> None:
    assert normalise(value) == lang


def test_each_language_is_named_in_itself() -> None:
    assert LANGUAGES == ("en", "pl", "bg")
    assert [LANGUAGE_NAMES[lang] for lang in LANGUAGES] == ["English", "Polski", "Български"]


def test_a_bad_language_gets_english() -> None:
    assert translator("xx").lang == "en"
    assert translator(None).text("Map") == "Map"
    assert translator("klingon") is translator("en")


@pytest.mark.parametrize(
    ("count", "polish"),
    [
        (1, "1 miasto"),
        (2, "2 miasta"),
        (4, "4 miasta"),
        (5, "5 miast"),
        (12, "12 miast"),
        (22, "22 miasta"),
        (25, "25 miast"),
        (112, "112 miast"),
        (1022, f"1{NBSP}022 miasta"),
    ],
)
def test_polish_has_three_plural_forms(count: int, polish: str) -> None:
    assert translator("pl").plural("{count} city", "{count} cities", count) == polish


@pytest.mark.parametrize(
    ("count", "bulgarian"), [(1, "1 град"), (2, "2 града"), (5, "5 града"), (21, "21 града")]
)
def test_bulgarian_has_two_plural_forms(count: int, bulgarian: str) -> None:
    assert translator("bg").plural("{count} city", "{count} cities", count) == bulgarian


def test_english_plurals_and_texts_are_the_source_strings() -> None:
    english = translator("en")
    assert english.plural("{count} city", "{count} cities", 1) == "1 city"
    assert english.plural("{count} city", "{count} cities", 12000) == "12000 cities"
    assert english.number(12000) == "12,000"
    assert english.text("Licence: {licence}", licence="CC BY 4.0") == "Licence: CC BY 4.0"


def test_a_plural_count_can_be_given_its_own_format() -> None:
    polish = translator("pl")
    assert polish.plural("{count} city", "{count} cities", 5, count="pięć") == "pięć miast"


def test_placeholders_are_filled_in_the_translation() -> None:
    assert translator("pl").text("Profile of {city}", city="Sztum") == "Profil miasta Sztum"
    assert translator("bg").text("Profile of {city}", city="Смолян") == "Профил на Смолян"


@pytest.mark.parametrize(
    ("lang", "number", "digits", "shown"),
    [
        ("en", 363020, 0, "363,020"),
        ("pl", 363020, 0, f"363{NBSP}020"),
        ("bg", 363020, 0, f"363{NBSP}020"),
        ("pl", 1234.5, 1, f"1{NBSP}234,5"),
        ("bg", 49.30884, 4, "49,3088"),
        ("en", 49.30884, 4, "49.3088"),
    ],
)
def test_numbers_are_formatted_for_the_language(
    lang: str, number: float, digits: int, shown: str
) -> None:
    assert translator(lang).number(number, digits) == shown


def test_percentages_and_dates_are_formatted_for_the_language() -> None:
    assert translator("en").percent(0.25) == "25%"
    assert translator("pl").percent(0.25) == "25%"
    assert translator("bg").percent(0.256, 1) == "25,6%"
    assert translator("en").date("2025-05-01") == "2025-05-01"
    assert translator("pl").date(dt.date(2025, 5, 1)) == "1 maj 2025"
    assert translator("bg").date("2025-05-01") == "1.05.2025\u202fг."
    assert translator("pl").date("not a date") == "not a date"


@pytest.mark.parametrize(
    ("lang", "code", "name"),
    [
        ("en", "PL", "Poland"),
        ("pl", "PL", "Polska"),
        ("bg", "PL", "Полша"),
        ("pl", "bg", "Bułgaria"),
        ("bg", "CZ", "Чехия"),
        ("pl", "ZZ", "ZZ"),
    ],
)
def test_countries_are_named_in_the_language(lang: str, code: str, name: str) -> None:
    assert translator(lang).country(code) == name


def test_languages_are_named_in_the_language() -> None:
    assert translator("en").language("pl") == "Polish"
    assert translator("pl").language("bg") == "bułgarski"
    assert translator("bg").language("pl") == "полски"


def test_polish_collation_puts_each_accented_letter_after_its_base() -> None:
    names = ["Łódź", "Zamość", "Lublin", "Żory", "Sopot", "Śrem", "Zabrze", "Ostrów", "Ćmielów"]
    assert translator("pl").sorted(names) == [
        "Ćmielów",
        "Lublin",
        "Łódź",
        "Ostrów",
        "Sopot",
        "Śrem",
        "Zabrze",
        "Zamość",
        "Żory",
    ]


def test_polish_collation_ignores_case_and_tells_ties_apart() -> None:
    assert translator("pl").sorted(["lublin", "Łask", "LUBLIN", "Lubań"]) == [
        "Lubań",
        "LUBLIN",
        "lublin",
        "Łask",
    ]


def test_bulgarian_collation_follows_the_cyrillic_alphabet_then_latin() -> None:
    names = ["Ямбол", "Пловдив", "Бургас", "Шумен", "Ахелой", "Zagreb", "Русе", "Щърково"]
    assert translator("bg").sorted(names) == [
        "Ахелой",
        "Бургас",
        "Пловдив",
        "Русе",
        "Шумен",
        "Щърково",
        "Ямбол",
        "Zagreb",
    ]


def test_english_collation_folds_accents() -> None:
    assert translator("en").sorted(["Zwolle", "Örebro", "Aachen", "Écija"]) == [
        "Aachen",
        "Écija",
        "Örebro",
        "Zwolle",
    ]


def test_sorting_through_a_key() -> None:
    codes = ["PL", "BG", "DE", "CZ"]
    assert translator("pl").sorted(codes, key=translator("pl").country) == [
        "BG",  # Bułgaria
        "CZ",  # Czechy
        "DE",  # Niemcy
        "PL",  # Polska
    ]


def test_a_message_reads_as_english_and_is_said_in_another_language() -> None:
    message = Message("{km} km away", km=1200)
    assert message == "1,200 km away"
    assert message.said_by(translator("pl")) == f"1{NBSP}200 km stąd"
    plural = Message("{count} practice in any topic", "{count} practices in any topic", count=3)
    assert plural == "3 practices in any topic"
    assert plural.said_by(translator("bg")) == "3 практики по всяка тема"
    country = Message("neighbouring country ({country})", country="CZ")
    assert country == "neighbouring country (Czechia)"
    assert country.said_by(translator("pl")) == "sąsiedni kraj (Czechy)"


def test_a_domain_error_is_said_in_the_language() -> None:
    with pytest.raises(AccountError) as raised:
        check_password("short", "ewa")
    assert str(raised.value) == "a password needs at least 12 characters"
    assert translator("pl").say(raised.value) == "hasło musi mieć co najmniej 12 znaków"
    assert translator("bg").say(AccountError("wrong user name or password")) == (
        "грешно потребителско име или парола"
    )
    assert translator("pl").say("text no catalogue knows") == "text no catalogue knows"
