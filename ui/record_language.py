"""Which language a visitor reads records in, and the note shown when a record's text is
in another one (atlas.multilingual chooses the text)."""

from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd
import streamlit as st

from atlas.i18n import said_in
from atlas.multilingual import ENGLISH, ShownText, language_or_english, shown_text
from ui.i18n import _, current_language, translator


def visitor_language() -> str:
    """The visitor's language for record texts: the interface's (ui.i18n)."""
    return current_language()


def language_note(shown: ShownText, lang: str, original_language: object) -> str | None:
    """What to tell a visitor reading `lang` about a text shown in another language: that it
    is the language the record was first written in (when not English), or that there is
    no text in theirs yet."""
    if not shown.differs_from(lang):
        return None
    shown_in = translator().language(shown.language)
    if shown.language == language_or_english(original_language) != ENGLISH:
        return _("Shown in {language}, the language it was written in.", language=shown_in)
    return _(
        "No {wanted} text yet: shown in {language}.",
        wanted=translator().language(lang),
        language=shown_in,
    )


def field_text(record: Mapping[str, object], field: str, lang: str) -> str | None:
    """The record's text of `field` for a visitor reading `lang`, with the language it is in
    after it ("… (in Polish)") when that is another language."""
    shown = shown_text(record, field, lang)
    if shown.differs_from(lang):
        return _(
            "{text} (in {language})",
            text=shown.text,
            language=translator().language(shown.language),
        )
    return shown.text


def names_in(records: Iterable[Mapping[str, object]], field: str, lang: str) -> dict[str, str]:
    """{slug: the record's `field` for a visitor reading `lang`}, e.g. topic names."""
    return {
        str(record["slug"]): shown_text(record, field, lang).text or str(record["slug"])
        for record in records
    }


def frame_names(records: pd.DataFrame, field: str, lang: str) -> dict[str, str]:
    """names_in for a table of records (data.topics, data.projects)."""
    return names_in(records.to_dict("records"), field, lang)


def sorted_names(names: dict[str, str]) -> list[str]:
    """The slugs of `names` in the order of the visitor's language's collation of them."""
    return translator().sorted(names, key=names.get)


def practice_title(practices: pd.DataFrame, slug: str, lang: str) -> str:
    """The title of practice `slug` for a visitor reading `lang` (the slug when unknown)."""
    found = practices[practices["slug"] == slug]
    if found.empty:
        return slug
    return shown_text(found.iloc[0].to_dict(), "title", lang).text or slug


def in_visitor_language(text: str) -> str:
    """A text the domain made for every language (atlas.i18n.InLanguages) in the visitor's;
    any other text as it is."""
    return said_in(text, translator())


def render_language_note(record: Mapping[str, object], field: str, lang: str) -> ShownText:
    """The record's text of `field` for `lang`, after a caption that says so when it is in
    another language. The caller shows the text (escaped) itself."""
    shown = shown_text(record, field, lang)
    note = language_note(shown, lang, record.get("original_language"))
    if note:
        st.caption(note)
    return shown
