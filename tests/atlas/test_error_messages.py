"""Errors of imports, the editing form and data quality: English as the CLI and logs
write it, and said in Polish and Bulgarian with their values kept."""

from __future__ import annotations

from datetime import datetime

import pytest

from atlas.editing import ConflictError
from atlas.history import Change
from atlas.i18n import Message, translator
from atlas.quality import coordinate_problem, language_gap, source_problem
from atlas.records import InvalidRecordError, validate
from atlas.replication import cycle_problem, missing_problem
from atlas.tabular import Table, TabularError, read_table

NBSP = "\u00a0"


def _errors(kind: str, values: dict[str, str]) -> dict[str, str]:
    with pytest.raises(InvalidRecordError) as raised:
        validate(kind, values)
    return raised.value.errors


def _change(actor: str, fields: dict[str, list]) -> Change:
    return Change(
        1, datetime(2026, 1, 2, 3, 4), actor, "practice", 7, "School", "update", 3, fields, {}, None
    )


def test_a_validator_error_is_said_in_polish_and_bulgarian_with_its_value() -> None:
    error = _errors("membership", {"city": "tabor", "project": "x", "role": "boss", "source": "s"})
    role = error["role"]
    assert role == "role must be one of frontrunner, follower, partner, signatory, not 'boss'"
    assert translator("pl").say(role).startswith("pole „rola” musi mieć jedną z wartości: ")
    assert translator("pl").say(role).endswith(", a nie 'boss'")
    assert translator("bg").say(role).startswith("полето „роля“ трябва да е едно от: ")


def test_pydantic_errors_are_said_in_polish_and_bulgarian_and_kept_in_english() -> None:
    errors = _errors("project", {"slug": "p", "name": "", "start_year": "1700"})
    assert errors["name"] == "String should have at least 1 character"
    assert errors["start_year"] == "Input should be greater than or equal to 1990"
    assert errors["source"] == "Field required"
    assert translator("pl").say(errors["name"]) == "Tekst powinien mieć co najmniej 1 znak"
    assert translator("bg").say(errors["start_year"]) == (
        "Стойността трябва да е по-голяма или равна на 1990"
    )
    assert translator("bg").say(errors["source"]) == "Задължително поле"


def test_a_link_problem_is_said_inside_its_error() -> None:
    errors = _errors("project", {"slug": "p", "name": "P", "website": "ftp://x.eu"})
    assert errors["website"] == (
        "not an http(s) URL: 'ftp://x.eu' (not a web link (ftp:), only http:// or https://)"
    )
    assert translator("pl").say(errors["website"]) == (
        "to nie jest adres URL http(s): 'ftp://x.eu' (to nie jest link internetowy (ftp:); "
        "dozwolone są tylko http:// i https://)"
    )


def test_a_stale_save_is_said_with_its_versions_people_and_fields() -> None:
    error = ConflictError("School", 2, 3, [_change("ada", {"summary": ["a", "b"]})])
    assert str(error) == (
        "“School” was changed while you edited it (your copy is version 2, the atlas has "
        "version 3, by ada; changed: summary). Nothing was saved: reload the record and apply "
        "your edits again."
    )
    assert translator("pl").say(error) == (
        "Rekord „School” został zmieniony w trakcie edycji (Twoja kopia to wersja 2, w atlasie "
        "jest wersja 3, autor zmian: ada; zmienione pola: summary). Nic nie zapisano: wczytaj "
        "rekord ponownie i wprowadź swoje zmiany jeszcze raz."
    )
    assert "версия 3, от ada; променени полета: summary)" in translator("bg").say(error)


def test_a_stale_save_without_a_history_names_no_one() -> None:
    error = ConflictError("School", 2, 3, [])
    assert "the atlas has version 3). Nothing" in str(error)
    assert "w atlasie jest wersja 3). Nic" in translator("pl").say(error)


@pytest.mark.parametrize(
    ("count", "polish", "bulgarian"),
    [
        (1, "nieznany temat: a", "непозната тема: a"),
        (2, "nieznane tematy: a, b", "непознати теми: a, b"),
        (5, "nieznane tematy: a, b, c, d, e", "непознати теми: a, b, c, d, e"),
    ],
)
def test_a_counted_row_error_takes_the_language_s_plural_form(
    count: int, polish: str, bulgarian: str
) -> None:
    topics = ", ".join("abcde"[:count])
    message = Message(
        "unknown topic(s): {topics}", "unknown topic(s): {topics}", count=count, topics=topics
    )
    assert message == f"unknown topic(s): {topics}"
    assert message.said_by(translator("pl")) == polish
    assert message.said_by(translator("bg")) == bulgarian


def test_replication_problems_keep_their_slugs() -> None:
    missing = missing_problem(["a", "b"], set())
    assert missing == "no practice 'a', 'b' in the atlas"
    assert translator("pl").say(missing) == "brak praktyk 'a', 'b' w atlasie"
    cycle = cycle_problem({"a": ["b"], "b": ["a"]})
    assert cycle == "replication links would form a cycle: a → b → a"
    assert translator("bg").say(cycle) == "връзките за репликиране биха образували цикъл: a → b → a"


def test_a_file_refusal_groups_its_limit_as_the_language_does() -> None:
    rows = "\n".join(["slug"] + ["x"] * 50_001).encode()
    with pytest.raises(TabularError) as raised:
        read_table(rows, "many.csv")
    assert str(raised.value) == (
        "the file holds more than 50,000 rows, the most one import may hold; split it into "
        "several files"
    )
    assert translator("pl").say(raised.value).startswith(f"plik zawiera ponad 50{NBSP}000 wierszy")
    assert translator("bg").say(raised.value).startswith(f"файлът съдържа над 50{NBSP}000 реда")


def test_an_empty_file_and_a_wrong_suffix_are_refused_in_each_language() -> None:
    with pytest.raises(TabularError) as raised:
        read_table(b"data", "cities.pdf")
    assert str(raised.value) == "cannot read 'cities.pdf': use .csv, .xlsx or .geojson"
    assert translator("bg").say(raised.value) == (
        "'cities.pdf' не може да се прочете: използвайте .csv, .xlsx или .geojson"
    )


def test_quality_problems_are_said_with_their_values() -> None:
    latitude = coordinate_problem(95.5, 10.0)
    assert latitude == "latitude 95.5 is outside −90…90"
    assert translator("pl").say(latitude) == (
        "szerokość geograficzna 95.5 jest poza zakresem −90…90"
    )
    source = source_problem("tbd")
    assert source == "“tbd” is a placeholder, not a source"
    assert translator("bg").say(source) == "„tbd“ е заместващ текст, а не източник"
    gap = language_gap({"title": "T", "summary": "S", "title_bg": "Т"})
    assert gap == "no Polish title or summary; no Bulgarian summary"
    assert translator("pl").say(gap) == (
        "brak tytułu ani streszczenia po polsku; brak streszczenia po bułgarsku"
    )
    assert translator("bg").say(gap) == (
        "няма нито заглавие, нито резюме на полски; няма резюме на български"
    )


def test_how_a_file_was_read_is_said_in_each_language() -> None:
    semicolons = Table(format="csv", encoding="windows-1250", delimiter=";").describe()
    assert semicolons == "CSV, windows-1250, ';'-separated"
    assert translator("pl").say(semicolons) == "CSV, windows-1250, rozdzielany znakiem ';'"
    tabs = Table(format="csv", encoding="utf-8", delimiter="\t").describe()
    assert tabs == "CSV, utf-8, tab-separated"
    assert translator("bg").say(tabs) == "CSV, utf-8, разделен с табулации"
    sheets = Table(format="xlsx", sheets={"city": "Cities"}).describe()
    assert sheets == "XLSX, sheets Cities"
    assert translator("pl").say(sheets) == "XLSX, arkusze Cities"
