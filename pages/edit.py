"""Staff edit projects, cities, memberships and practices: list, create, edit, delete."""

import streamlit as st

from atlas import review
from atlas.accounts import can_edit
from atlas.i18n import N_
from atlas.records import CITY, KINDS, PRACTICE
from atlas.url_params import NEW_RECORD
from atlas.workspace import choices, editable_record, staff_records
from ui import edit_actions, labels
from ui.auth import require
from ui.cache import engine
from ui.i18n import _, with_language
from ui.placement import render_placement
from ui.record_form import (
    form_key,
    form_loaded,
    has_unsaved_edits,
    load_form,
    render_fields,
)
from ui.record_picker import record_picker
from ui.routing import run_through_app
from ui.text import md
from ui.url_params import url_param

run_through_app()
user = require(can_edit, N_("an editor or admin"))
kind = url_param("kind") or PRACTICE
record_param = url_param("record")
st.title(_("Edit records"), anchor=False)
edit_actions.show_flash()


def open_record(record: str | None) -> None:
    st.query_params.from_dict(
        with_language({"kind": kind, **({"record": record} if record else {})})
    )


if record_param is None:
    st.segmented_control(
        _("Kind of record"),
        KINDS,
        default=kind,
        format_func={name: _(label) for name, label in labels.KINDS_PLURAL.items()}.get,
        key="edit_kind",
        on_change=lambda: st.query_params.from_dict(
            with_language({"kind": st.session_state.edit_kind or kind})
        ),
    )
    rows = staff_records(engine(), kind)
    needle = st.text_input(_("Find"), key="edit_find", placeholder=_("part of a name or slug"))
    if needle:
        wanted = rows["label"].str.contains(needle, case=False, regex=False)
        rows = rows[wanted | rows["slug"].str.contains(needle, case=False, regex=False)]
    st.button(
        _(labels.NEW_RECORD_LABELS[kind]),
        icon=":material/add:",
        key="edit_new",
        on_click=open_record,
        args=("new",),
    )
    record_picker(rows, kind, key=f"edit_open_{kind}", label=_(labels.OPEN_RECORD_LABELS[kind]))
    shown = ["label", "slug", "version", "deleted"]
    shown += ["review_state", "city"] if kind == PRACTICE else []
    st.dataframe(rows[shown], hide_index=True, column_config=labels.record_columns())
    st.caption(labels.records_count(kind, len(rows)))
    st.stop()

is_new = record_param == NEW_RECORD
record = None
if not is_new:
    record = editable_record(engine(), kind, record_param)
    if record is None:
        st.error(
            _("There is no {kind} '{record}'.", kind=labels.kind_label(kind), record=record_param)
        )
        st.stop()
form = form_key(kind, record.record_id if record else None)
if not form_loaded(form):
    load_form(form, kind, record.state if record else {}, record.version if record else None)

st.button(_(labels.ALL_RECORDS_LABELS[kind]), key="edit_back", on_click=open_record, args=(None,))
if record:
    deleted = " · " + _("deleted") if record.state["deleted"] else ""
    st.subheader(md(record.label), anchor=False)
    st.caption(
        _("{kind} · version {version}", kind=labels.kind_label(kind), version=record.version)
        + deleted
    )
    st.page_link(
        "pages/history.py",
        label=_("History of this record"),
        icon=":material/history:",
        query_params=with_language({"kind": kind, "record": str(record.record_id)}),
    )
    edit_actions.show_conflict(form, record)
else:
    st.subheader(_(labels.NEW_RECORD_LABELS[kind]), anchor=False)
unsaved = bool(record) and has_unsaved_edits(form, kind, record.state)
if unsaved:
    left, right = st.columns([3, 1])
    left.warning(_("Unsaved edits: save them or discard them before any other action."))
    right.button(
        _("Discard my edits"),
        key=f"discard_{form}",
        on_click=edit_actions.discard_edits,
        args=(form, record),
    )
if kind == PRACTICE and record:
    edit_actions.review_panel(form, user, record, disabled=unsaved)
if kind == CITY:
    render_placement(form)

render_fields(form, kind, choices(engine()), is_new)
if (
    kind == PRACTICE
    and record
    and review.state_after_edit(user, record.state["review_state"]) != record.state["review_state"]
):
    st.caption(
        _(
            "Saving takes this published practice off the public pages until an admin "
            "publishes it again."
        )
    )
st.button(
    _("Save"),
    type="primary",
    icon=":material/save:",
    key="edit_save",
    on_click=edit_actions.save,
    args=(form, kind, record.record_id if record else None),
)

if record:
    if kind == PRACTICE:
        st.subheader(_("Images"), anchor=False)
        edit_actions.images_panel(form, record, disabled=unsaved)
    st.divider()
    edit_actions.delete_panel(form, record, disabled=unsaved)
