"""Records in several languages: which fields of each kind hold a text per language, how
their columns are named, and which text a visitor is shown.

Mechanism: every translatable field keeps its English text in its own column (`title`)
and one column per other language next to it (`title_pl`, `title_bg`); each record also
names its `original_language`. The columns are fields of the record's model and columns of
its table, so everything built on the model carries them with no special case: a record's
state (the history's snapshots and what a restore brings back), optimistic versioning
(one version per record, raised by any saved change), the seed files, bulk import and its
template, and the full backup. A separate text table keyed by (kind, record, field,
language) was the alternative; it would have needed its own joins in every query, its own
rows in the history state and its own checks in a restore, for three fixed languages.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from atlas.i18n import DEFAULT_LANGUAGE, LANGUAGES, InLanguages

ENGLISH = DEFAULT_LANGUAGE
"""The language of every record's base text, as of the interface's source messages."""
OTHER_LANGUAGES: tuple[str, ...] = tuple(lang for lang in LANGUAGES if lang != ENGLISH)
"""Languages whose texts live in suffixed columns (`title_pl`): the interface's others."""

TRANSLATABLE: dict[str, tuple[str, ...]] = {
    "practice": ("title", "summary", "results", "lessons", "transferability", "cost", "team"),
    "project": ("name", "description"),
    "city": ("description",),
    "topic": ("name", "description"),
}
"""The fields of each kind of record that hold a text per language."""


def column(field: str, language: str) -> str:
    """The column holding `field` in `language`: "title" for English, "title_pl" else."""
    if language not in LANGUAGES:
        raise ValueError(f"not a language of the atlas: {language!r}")
    return field if language == ENGLISH else f"{field}_{language}"


def translation_columns(kind: str) -> list[str]:
    """The kind's columns of texts in languages other than English, field by field
    (`title_pl`, `title_bg`, `summary_pl`, ...)."""
    return [column(field, language) for field in TRANSLATABLE[kind] for language in OTHER_LANGUAGES]


def language_or_english(value: object) -> str:
    """`value` when it names a language of the atlas, else English."""
    return value if isinstance(value, str) and value in LANGUAGES else ENGLISH


@dataclass(frozen=True)
class ShownText:
    """The text shown for one field and the language it is written in (None when the
    record holds the field in no language)."""

    text: str | None
    language: str | None

    def differs_from(self, wanted: str) -> bool:
        """True when a text is shown in another language than `wanted`."""
        return self.text is not None and self.language != wanted


def _present(value: object) -> bool:
    return isinstance(value, str) and bool(value.strip())


def shown_text(record: Mapping[str, object], field: str, lang: str) -> ShownText:
    """The text of `field` to show a visitor reading `lang`: in that language, else in the
    record's original language, else in English, else in any language it has."""
    original = language_or_english(record.get("original_language"))
    order = dict.fromkeys((language_or_english(lang), original, ENGLISH, *LANGUAGES))
    for language in order:
        value = record.get(column(field, language))
        if _present(value):
            return ShownText(str(value), language)
    return ShownText(None, None)


def missing_languages(record: Mapping[str, object], field: str) -> list[str]:
    """The languages in which `record` has no text for `field`."""
    return [language for language in LANGUAGES if not _present(record.get(column(field, language)))]


def in_languages(record: Mapping[str, object], field: str, fallback: str = "") -> InLanguages:
    """The record's `field` as chosen by shown_text for each language, the English one as
    the string itself; `fallback` (e.g. the slug) where the record has no text at all."""
    texts = {lang: shown_text(record, field, lang).text or fallback for lang in LANGUAGES}
    return InLanguages(texts[ENGLISH], texts)
