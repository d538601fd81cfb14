from __future__ import annotations

import pytest

from atlas.i18n import N_, Message, translator
from atlas.models import Practice, Project
from atlas.multilingual import (
    ShownText,
    column,
    in_languages,
    language_or_english,
    missing_languages,
    shown_text,
    translation_columns,
)


@pytest.mark.parametrize(
    ("field", "language", "expected"),
    [("title", "en", "title"), ("title", "pl", "title_pl"), ("summary", "bg", "summary_bg")],
)
def test_each_language_has_its_column(field: str, language: str, expected: str) -> None:
    assert column(field, language) == expected


def test_an_unknown_language_has_no_column() -> None:
    with pytest.raises(ValueError, match="de"):
        column("title", "de")


def test_translation_columns_are_fields_of_the_models() -> None:
    assert set(translation_columns("practice")) <= set(Practice.model_fields)
    assert set(translation_columns("project")) <= set(Project.model_fields)
    assert "name_bg" in translation_columns("project")


@pytest.mark.parametrize(("value", "expected"), [("pl", "pl"), ("de", "en"), (None, "en")])
def test_a_bad_language_falls_back_to_english(value: object, expected: str) -> None:
    assert language_or_english(value) == expected


RECORD = {
    "title": "Energy-positive school",
    "title_pl": "Szkoła energetycznie pozytywna",
    "title_bg": None,
    "summary": "",
    "summary_bg": "Училище",
    "original_language": "bg",
}


@pytest.mark.parametrize(
    ("field", "lang", "expected"),
    [
        ("title", "pl", ShownText("Szkoła energetycznie pozytywna", "pl")),
        ("title", "en", ShownText("Energy-positive school", "en")),
        # no Bulgarian title: the original language has none either, so English
        ("title", "bg", ShownText("Energy-positive school", "en")),
        # no English or Polish summary: the original language's
        ("summary", "pl", ShownText("Училище", "bg")),
        ("summary", "en", ShownText("Училище", "bg")),
        ("results", "en", ShownText(None, None)),
    ],
)
def test_shown_text_is_the_visitors_language_else_the_original_else_english(
    field: str, lang: str, expected: ShownText
) -> None:
    assert shown_text(RECORD, field, lang) == expected


def test_the_original_language_comes_before_english() -> None:
    record = {"title": "School", "title_pl": "Szkoła", "original_language": "pl"}
    assert shown_text(record, "title", "bg") == ShownText("Szkoła", "pl")


def test_blank_texts_count_as_missing() -> None:
    record = {"title": "School", "title_pl": "  ", "original_language": "pl"}
    assert shown_text(record, "title", "pl") == ShownText("School", "en")
    assert missing_languages(record, "title") == ["pl", "bg"]


def test_a_text_differs_from_the_visitors_language_only_when_one_is_shown() -> None:
    assert ShownText("School", "en").differs_from("pl")
    assert not ShownText("Szkoła", "pl").differs_from("pl")
    assert not ShownText(None, None).differs_from("pl")


@pytest.mark.parametrize(("value", "stored"), [("", "en"), (None, "en"), ("bg", "bg")])
def test_a_records_original_language_is_english_unless_named(value: object, stored: str) -> None:
    project = Project(
        slug="net-com", name="NET-COM", source="s", licence="CC BY 4.0", original_language=value
    )
    assert project.original_language == stored


def test_an_original_language_outside_the_atlas_is_refused() -> None:
    with pytest.raises(ValueError, match="original language must be one of en, pl, bg"):
        Project(
            slug="net-com", name="NET-COM", source="s", licence="CC BY 4.0", original_language="de"
        )


def test_a_text_in_languages_is_english_and_said_in_each_language() -> None:
    topic = {"slug": "energy", "name": "Energy", "name_pl": "Energia", "name_bg": ""}
    name = in_languages(topic, "name", "energy")
    assert name == "Energy"
    assert name.said_by(translator("pl")) == "Energia"
    assert name.said_by(translator("bg")) == "Energy"  # no Bulgarian text: the English one
    assert in_languages({}, "name", "energy") == "energy"
    reason = Message(N_("also in {project}"), project=name)
    assert reason == "also in Energy"
    assert reason.said_by(translator("pl")).endswith("Energia")
