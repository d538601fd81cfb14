"""The visitor's interface language: chosen by `?lang=`, the sidebar switcher or the
browser, kept in the address for the session; `_` and `n_` translate for pages.

The language is read per call from this session (never a module global: one server
process serves every visitor at once)."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from atlas.i18n import DEFAULT_LANGUAGE, LANGUAGE_NAMES, LANGUAGES, Translator, normalise
from atlas.i18n import translator as _translator

LANG_PARAM = "lang"
_CHOSEN_KEY = "interface_language"
_SWITCHER_KEY = "language_switcher"
_CHOICE_KEYS = ("filter_", "practice_", "peer_", "stats_measure", "export_records", "history_kind")
"""Widgets whose options are labelled in the visitor's language (the browser holds a
choice by its label): their values are set again when the language changes."""


def current_language() -> str:
    """`?lang=` in the address (a value not offered means English), else the language
    chosen earlier in this session, else the browser's, else English."""
    asked = st.query_params.get(LANG_PARAM)
    if asked is not None:
        lang = normalise(asked)
        if lang is None:
            return DEFAULT_LANGUAGE
        st.session_state[_CHOSEN_KEY] = lang
        return lang
    chosen = st.session_state.get(_CHOSEN_KEY)
    if chosen in LANGUAGES:
        return chosen
    return normalise(st.context.locale) or DEFAULT_LANGUAGE


def translator() -> Translator:
    """The translator of this session's language."""
    return _translator(current_language())


def _(message: str, **values: object) -> str:
    """`message` in the visitor's language, `{name}` placeholders filled from `values`."""
    return translator().text(message, **values)


def n_(singular: str, plural: str, n: int, **values: object) -> str:
    """The visitor's plural form for `n` (a `{count}` placeholder is the number)."""
    return translator().plural(singular, plural, n, **values)


def choose_placeholder() -> str | None:
    """A multiselect's placeholder: Streamlit's own in English, translated otherwise."""
    text = _("Choose options")
    return None if current_language() == DEFAULT_LANGUAGE else text


def choose_one_placeholder() -> str | None:
    """A selectbox's placeholder: Streamlit's own in English, translated otherwise."""
    text = _("Choose an option")
    return None if current_language() == DEFAULT_LANGUAGE else text


def say(message: object) -> str:
    """A domain message or error (atlas.i18n.Message, or a text marked with N_) in the
    visitor's language."""
    return translator().say(message)


def sentence(text: str) -> str:
    """`text` as a sentence: first letter upper case, a full stop at the end."""
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def chosen_language() -> str | None:
    """The language the visitor chose (by link or switcher), or None if never chosen."""
    current_language()
    chosen = st.session_state.get(_CHOSEN_KEY)
    return chosen if chosen in LANGUAGES else None


def keep_language_in_address() -> None:
    """Put a chosen language back in the address: page navigation drops the query string.
    A visitor who never chose one gets no `lang` parameter."""
    chosen = chosen_language()
    if chosen and st.query_params.get(LANG_PARAM) != chosen:
        st.query_params[LANG_PARAM] = chosen


def with_language(params: Mapping[str, str | list[str]]) -> dict[str, str | list[str]]:
    """Query parameters of a link the app builds, carrying the chosen language."""
    chosen = chosen_language()
    return {**params, LANG_PARAM: chosen} if chosen else dict(params)


def _is_choice(value: object) -> bool:
    if isinstance(value, str):
        return bool(value)
    return isinstance(value, list) and bool(value) and all(isinstance(v, str) for v in value)


def _switch() -> None:
    lang = st.session_state[_SWITCHER_KEY]
    st.session_state[_CHOSEN_KEY] = lang
    st.query_params[LANG_PARAM] = lang
    # Set from here, a choice is drawn again under its label in the new language; left to
    # the browser, it would keep showing the old one.
    for key in list(st.session_state.keys()):
        if str(key).startswith(_CHOICE_KEYS) and _is_choice(st.session_state[key]):
            st.session_state[key] = st.session_state[key]


def render_language_switcher() -> None:
    """A selectbox in the sidebar listing each language by its own name."""
    current = current_language()
    st.session_state[_SWITCHER_KEY] = current
    with st.sidebar:
        st.selectbox(
            "Language / Język / Език",
            LANGUAGES,
            key=_SWITCHER_KEY,
            format_func=LANGUAGE_NAMES.get,
            on_change=_switch,
        )
