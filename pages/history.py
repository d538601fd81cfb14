"""Who changed what: the latest changes across the atlas, or one record's history with
every field's old and new value, and any earlier version restorable."""

import pandas as pd
import streamlit as st

from atlas import editing
from atlas.accounts import can_edit
from atlas.history import recent_changes, record_history
from atlas.i18n import N_
from atlas.records import KINDS
from atlas.workspace import editable_record, staff_records
from ui import edit_actions
from ui.auth import SESSION_ENDED, acting_user, now, require
from ui.cache import engine
from ui.i18n import _, choose_one_placeholder, n_, say, with_language
from ui.labels import kind_label
from ui.record_picker import HISTORY_PAGE, record_picker
from ui.routing import run_through_app
from ui.text import md
from ui.url_params import url_param

run_through_app()
require(can_edit, N_("an editor or admin"))
st.title(_("History"), anchor=False)
edit_actions.show_flash()


def _value(value: object) -> str:
    return "—" if value in (None, "", []) else str(value)


kind = url_param("kind")
record_param = url_param("record")
if kind is None or not isinstance(record_param, int):
    left, right = st.columns(2)
    actor = left.text_input(_("Changed by (user name)"), key="history_actor").strip() or None
    chosen_kind = right.selectbox(
        _("Kind"),
        KINDS,
        index=None,
        key="history_kind",
        format_func={k: kind_label(k) for k in KINDS}.get,
        placeholder=choose_one_placeholder(),
    )
    changes = recent_changes(engine(), limit=500, actor=actor, kind=chosen_kind)
    table = pd.DataFrame(
        {
            "when": [c.at for c in changes],
            "who": [c.actor for c in changes],
            "action": [c.action for c in changes],
            "kind": [kind_label(c.kind) for c in changes],
            "record": [c.label for c in changes],
            "fields": [", ".join(c.fields) for c in changes],
        }
    )
    st.dataframe(
        table,
        hide_index=True,
        column_config={
            "when": st.column_config.DatetimeColumn(_("when"), format="YYYY-MM-DD HH:mm"),
            "who": _("who"),
            "action": _("action"),
            "kind": _("kind"),
            "record": _("record"),
            "fields": _("fields"),
        },
    )
    st.caption(
        n_(
            "The latest {count} change, newest first.",
            "The latest {count} changes, newest first.",
            len(table),
        )
    )
    if chosen_kind:
        records = staff_records(engine(), chosen_kind)
        record_picker(records, chosen_kind, "history_open", HISTORY_PAGE, _("History of"))
    else:
        st.caption(_("Choose a kind to open one record's history."))
    st.stop()

record = editable_record(engine(), kind, record_param)
if record is None:
    st.error(_("There is no {kind} '{record}'.", kind=kind_label(kind), record=record_param))
    st.stop()
st.subheader(md(record.label), anchor=False)
st.caption(_("{kind} · now at version {version}", kind=kind_label(kind), version=record.version))
st.page_link(
    "pages/edit.py",
    label=_("Edit this record"),
    icon=":material/edit:",
    query_params=with_language({"kind": kind, "record": str(record.record_id)}),
)


def restore(shown_version: int, version: int) -> None:
    """Bring the record back to `version`, as a new recorded change; refused when the
    record moved on from the version the page showed."""
    acting = acting_user(can_edit)
    if acting is None:
        st.session_state["history_error"] = SESSION_ENDED
        return
    try:
        editing.restore_version(
            engine(), acting, kind, record.record_id, shown_version, version, now()
        )
    except (editing.ConflictError, editing.NotAllowedError, ValueError) as error:
        st.session_state["history_error"] = say(error)
    else:
        edit_actions.flash(_("Version {version} restored as a new version.", version=version))


if "history_error" in st.session_state:
    st.error(md(say(st.session_state.pop("history_error"))))
for change in record_history(engine(), kind, record.record_id):
    title = _(
        "Version {version} · {action} by {actor} · {at}",
        version=change.version,
        action=change.action,
        actor=change.actor,
        at=f"{change.at:%Y-%m-%d %H:%M}",
    )
    with st.expander(md(title), expanded=change.version == record.version):
        if change.comment:
            st.caption(md(change.comment))
        rows = [
            {_("field"): name, _("before"): _value(old), _("after"): _value(new)}
            for name, (old, new) in change.fields.items()
        ]
        if rows:
            st.table(pd.DataFrame(rows).set_index(_("field")))
        if change.version != record.version:
            st.button(
                _("Restore version {version}", version=change.version),
                key=f"restore_{change.id}",
                on_click=restore,
                args=(record.version, change.version),
            )
