"""Editing forms for the curated records, built from their pydantic models: one widget per
field, errors shown under the field they concern, the version the form started from kept
in the session so a stale save is refused."""

from __future__ import annotations

import streamlit as st

from atlas.countries import country_codes
from atlas.i18n import N_
from atlas.models import CONFIDENCES, ROLES, STATUSES
from atlas.multilingual import (
    LANGUAGES,
    OTHER_LANGUAGES,
    TRANSLATABLE,
    column,
    translation_columns,
)
from atlas.records import MEMBERSHIP, MODELS, STATE_EXTRAS
from atlas.text import slugify
from ui.i18n import _, choose_one_placeholder, choose_placeholder, say, translator
from ui.text import md

LONG_TEXT = {
    "summary",
    "description",
    "results",
    "lessons",
    "transferability",
    "team",
    "source",
    "coord_source",
}
FIXED_CHOICES = {
    "role": ROLES,
    "status": STATUSES,
    "confidence": CONFIDENCES,
    "original_language": LANGUAGES,
}
PICK_ONE = {"city", "project"}
PICK_MANY = {"topics", "projects", "replicates"}
NUMBERS = {"latitude": (-90.0, 90.0), "longitude": (-180.0, 180.0)}
LABELS = {
    "slug": N_("Slug (the record's address; fixed once created)"),
    "alternate_names": N_("Other names (separated by ;)"),
    "coord_source": N_("Where the coordinates come from"),
    "verified_on": N_("Verified on (YYYY-MM-DD)"),
    "project_role": N_("The project's own word for the role"),
    "contact_url": N_("Contact URL"),
    "start_year": N_("Start year"),
    "status": N_("Status of the work"),
    "end_year": N_("End year"),
    "replicates": N_("Replicates or adapts (practices)"),
    "source": N_("Sources ('Page title — https://…', entries joined by '; ')"),
    "original_language": N_("Original language (the one it was first written in)"),
}
PROVENANCE = ("source", "verified_on", "licence")
"""Shown last: where the record comes from."""


def key_fields(kind: str) -> set[str]:
    """Fields that name a record, fixed once created: a slug, or a membership's city,
    project and role."""
    return {"city", "project", "role"} if kind == MEMBERSHIP else {"slug"}


def field_order(kind: str) -> list[str]:
    """The model's fields, provenance last."""
    fields = list(MODELS[kind].model_fields)
    return [f for f in fields if f not in PROVENANCE] + [f for f in fields if f in PROVENANCE]


def form_key(kind: str, record_id: int | None) -> str:
    return f"{kind}_{record_id or 'new'}"


def widget_key(form: str, field: str) -> str:
    return f"field_{form}_{field}"


def _widget_value(field: str, value: object) -> object:
    """What the field's widget shows for a stored value (None for a new record)."""
    if field in PICK_MANY:
        return list(value or [])
    if field in NUMBERS:
        return None if value is None else float(value)
    if field == "alternate_names":
        return "; ".join(value or [])
    if field in PICK_ONE or field == "country":
        return value
    if field in FIXED_CHOICES:
        return value or FIXED_CHOICES[field][0]
    return "" if value is None else str(value)


def load_form(form: str, kind: str, state: dict, version: int | None) -> None:
    """Put a record's state into the form's widgets and remember the version it shows."""
    for field in MODELS[kind].model_fields:
        st.session_state[widget_key(form, field)] = _widget_value(field, state.get(field))
    st.session_state[f"base_version_{form}"] = version
    st.session_state[f"errors_{form}"] = {}


def has_unsaved_edits(form: str, kind: str, state: dict) -> bool:
    """True when a widget of the form no longer shows the record's stored value."""
    return any(
        st.session_state.get(widget_key(form, field)) != _widget_value(field, state.get(field))
        for field in MODELS[kind].model_fields
    )


def form_loaded(form: str) -> bool:
    return f"base_version_{form}" in st.session_state


def base_version(form: str) -> int | None:
    return st.session_state.get(f"base_version_{form}")


def set_errors(form: str, errors: dict[str, str]) -> None:
    st.session_state[f"errors_{form}"] = errors


def _base_field(field: str) -> str:
    """`title` for `title_pl`: the field a column holds in some language."""
    for language in OTHER_LANGUAGES:
        if field.endswith(f"_{language}"):
            return field.removesuffix(f"_{language}")
    return field


def _label(field: str) -> str:
    base = _base_field(field)
    if base != field:
        language = field.rsplit("_", 1)[1]
        return f"{_label(base)} ({translator().language(language)})"
    return _(LABELS.get(field, field.replace("_", " ").capitalize()))


def _widget(form: str, field: str, options: dict[str, list[str]], fixed: bool) -> None:
    key = widget_key(form, field)
    label = _label(field)
    if field == "original_language":
        st.selectbox(label, LANGUAGES, key=key, format_func=translator().language)
    elif field in FIXED_CHOICES:
        st.selectbox(label, FIXED_CHOICES[field], key=key, disabled=fixed)
    elif field in PICK_ONE:
        st.selectbox(
            label,
            options[field],
            key=key,
            index=None,
            disabled=fixed,
            placeholder=choose_one_placeholder(),
        )
    elif field in PICK_MANY:
        st.multiselect(label, options[field], key=key, placeholder=choose_placeholder())
    elif field == "country":
        codes = country_codes()
        tr = translator()
        st.selectbox(
            label,
            codes,
            key=key,
            index=None,
            format_func={c: f"{c} – {tr.country(c)}" for c in codes}.get,
            placeholder=choose_one_placeholder(),
        )
    elif field in NUMBERS:
        low, high = NUMBERS[field]
        st.number_input(label, low, high, key=key, format="%.5f", step=0.0001)
    elif _base_field(field) in LONG_TEXT:
        st.text_area(label, key=key, height=100 if _base_field(field) != "summary" else 150)
    else:
        st.text_input(label, key=key, disabled=fixed)


def render_fields(form: str, kind: str, options: dict[str, list[str]], is_new: bool) -> None:
    """Draw every field of the kind, each error right under its field."""
    errors = st.session_state.get(f"errors_{form}", {})
    fields = MODELS[kind].model_fields
    for name, message in errors.items():  # about the record, or a review comment
        if name not in fields:
            st.error(f"{_label(name)}: {md(say(message))}" if name else md(say(message)))
    fixed = set() if is_new else key_fields(kind)
    translated = set(translation_columns(kind)) if kind in TRANSLATABLE else set()
    for field in field_order(kind):
        if field not in translated:
            _field(form, field, options, field in fixed, errors)
    if translated:
        render_translations(form, kind, errors)


def _field(
    form: str, field: str, options: dict[str, list[str]], fixed: bool, errors: dict[str, str]
) -> None:
    _widget(form, field, options, fixed=fixed)
    if field in errors:
        st.error(f"{_label(field)}: {md(say(errors[field]))}", icon=":material/error:")


def render_translations(form: str, kind: str, errors: dict[str, str]) -> None:
    """The kind's texts in Polish and in Bulgarian, a tab per language; the fields above
    hold the English text."""
    st.subheader(_("Texts in other languages"), anchor=False)
    tr = translator()
    tabs = st.tabs([tr.language(language) for language in OTHER_LANGUAGES])
    for tab, language in zip(tabs, OTHER_LANGUAGES, strict=True):
        with tab:
            for field in TRANSLATABLE[kind]:
                _field(form, column(field, language), {}, False, errors)


def form_values(form: str, kind: str) -> dict:
    """The widgets' values as the record's raw values (validated later by the model); a
    new record without a slug gets one from its name or title."""
    values = {
        field: st.session_state.get(widget_key(form, field))
        for field in MODELS[kind].model_fields
        if field not in STATE_EXTRAS
    }
    if "slug" in values and not (values["slug"] or "").strip():
        values["slug"] = slugify(str(values.get("name") or values.get("title") or ""))
    return values
