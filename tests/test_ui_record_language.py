import pandas as pd
import pytest

from atlas.multilingual import ShownText
from ui.record_language import field_text, language_note, names_in, practice_title


@pytest.mark.parametrize(
    ("shown", "lang", "original", "note"),
    [
        (ShownText("Szkoła", "pl"), "pl", "pl", None),
        (ShownText("Szkoła", "pl"), "bg", "pl", "Shown in Polish, the language it was written in."),
        (ShownText("School", "en"), "bg", "en", "No Bulgarian text yet: shown in English."),
        (ShownText("School", "en"), "pl", "bg", "No Polish text yet: shown in English."),
        (ShownText(None, None), "pl", "en", None),
    ],
)
def test_a_note_says_why_a_text_is_not_in_the_visitors_language(
    shown: ShownText, lang: str, original: str, note: str | None
) -> None:
    assert language_note(shown, lang, original) == note


def test_a_field_in_another_language_names_its_language() -> None:
    record = {"results": "35 % less energy", "results_pl": None, "lessons_pl": "Wnioski"}
    assert field_text(record, "results", "pl") == "35 % less energy (in English)"
    assert field_text(record, "lessons", "pl") == "Wnioski"
    assert field_text(record, "team", "pl") is None


def test_names_fall_back_to_english_then_to_the_slug() -> None:
    topics = [
        {"slug": "energy", "name": "Energy", "name_bg": "Енергия"},
        {"slug": "mobility", "name": "Mobility", "name_bg": None},
        {"slug": "blank", "name": ""},
    ]
    assert names_in(topics, "name", "bg") == {
        "energy": "Енергия",
        "mobility": "Mobility",
        "blank": "blank",
    }


def test_a_practice_title_is_in_the_visitors_language_else_the_original_else_its_slug() -> None:
    practices = pd.DataFrame(
        [
            {"slug": "hub", "title": "Sky hub", "title_bg": "Небесен хъб", "title_pl": None},
            {"slug": "plan", "title": "Plan", "title_pl": "Plan SECAP", "original_language": "pl"},
        ]
    )
    assert practice_title(practices, "hub", "bg") == "Небесен хъб"
    assert practice_title(practices, "hub", "pl") == "Sky hub"
    assert practice_title(practices, "plan", "bg") == "Plan SECAP"
    assert practice_title(practices, "gone", "bg") == "gone"
