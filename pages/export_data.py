"""Staff download the public atlas; admins back the whole store up and restore it."""

import hashlib
import io
from datetime import date

import pandas as pd
import streamlit as st

from atlas.accounts import can_edit, can_publish
from atlas.backup import EPHEMERAL_TABLES, BackupError, backup_bytes, read_backup, replace_store
from atlas.export import RECORDS, record_rows, to_csv, to_geojson, to_xlsx
from atlas.i18n import N_
from ui.auth import SESSION_ENDED, acting_user, checked_on_click, require
from ui.cache import atlas_data, engine
from ui.downloads import ATTRIBUTION
from ui.i18n import _, n_, say
from ui.routing import run_through_app
from ui.text import md


def _rows_label(records: str, count: int, file_format: str) -> str:
    if records == "cities":
        return n_("{count} city ({format})", "{count} cities ({format})", count, format=file_format)
    return n_(
        "{count} practice ({format})", "{count} practices ({format})", count, format=file_format
    )


run_through_app()
user = require(can_edit, N_("an editor or admin"))
data = atlas_data()
store = engine()

st.title(_("Export and backup"), anchor=False)
st.subheader(_("Public records"), anchor=False)
RECORD_LABELS = {"cities": N_("cities"), "practices": N_("practices")}
records = st.radio(
    _("Records"),
    RECORDS,
    horizontal=True,
    key="export_records",
    format_func={name: _(RECORD_LABELS.get(name, name)) for name in RECORDS}.get,
)
rows = record_rows(data, records)
stem = f"frontrunners-atlas-{records}"
csv_column, geojson_column, xlsx_column = st.columns(3)
csv_column.download_button(
    _rows_label(records, len(rows), "CSV"),
    lambda: to_csv(rows),
    file_name=f"{stem}.csv",
    mime="text/csv",
    on_click="ignore",
    key="export_csv",
)
geojson_column.download_button(
    _rows_label(records, len(rows), "GeoJSON"),
    lambda: to_geojson(rows),
    file_name=f"{stem}.geojson",
    mime="application/geo+json",
    on_click="ignore",
    key="export_geojson",
)
xlsx_column.download_button(
    _("Everything public (XLSX)"),
    lambda: to_xlsx(data),
    file_name="frontrunners-atlas.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    on_click="ignore",
    key="export_xlsx",
)
st.caption(
    _(
        "Published records that are not deleted. Text a spreadsheet would run as a formula "
        "starts with an apostrophe."
    )
    + " "
    + _(ATTRIBUTION)
)

if not can_publish(user):
    st.caption(_("Admins can also back up and restore the whole store here."))
    st.stop()

st.subheader(_("Full backup"), anchor=False)
st.caption(
    _(
        "Every record (drafts and deleted ones too), the change history, images and staff "
        "accounts with their password hashes — keep the file safe; not log-in sessions "
        "({tables}).",
        tables=", ".join(EPHEMERAL_TABLES),
    )
)
st.download_button(
    _("Download a full backup (.zip)"),
    checked_on_click(can_publish, lambda: backup_bytes(store)[0]),
    file_name=f"frontrunners-atlas-backup-{date.today().isoformat()}.zip",
    mime="application/zip",
    on_click="ignore",
    key="backup_download",
)

st.subheader(_("Restore a backup"), anchor=False)
st.caption(
    _(
        "Replaces every record of the store with the backup's, in one transaction: if "
        "anything is wrong, nothing changes. Today's staff accounts stay unless you ask for "
        "the backup's."
    )
)


def _request(action: str) -> None:
    # Kept in session state, so the request survives a rerun app.py may start first.
    st.session_state["restore_action"] = action


upload = st.file_uploader(_("Backup (.zip)"), type=["zip"], key="restore_file")
if upload is None:
    st.stop()
content = upload.getvalue()
digest = hashlib.sha256(content).hexdigest()
st.button(_("Check"), key="restore_check", on_click=_request, args=("check",))
action = st.session_state.pop("restore_action", None)
if action == "check":
    try:
        checked = read_backup(store, io.BytesIO(content))
    except BackupError as error:
        st.error(_("This backup cannot be restored: {error}", error=md(say(error))))
        st.stop()
    st.session_state["restore_checked"] = (digest, checked.summary)

checked_digest, summary = st.session_state.get("restore_checked", (None, None))
if checked_digest != digest:
    st.stop()
st.info(
    n_(
        "Backup of {created}: {count} row; nothing written yet.",
        "Backup of {created}: {count} rows; nothing written yet.",
        summary.total_rows,
        created=md(str(summary.created_at)),
    )
)
st.dataframe(
    pd.DataFrame({_("table"): list(summary.rows), _("rows"): list(summary.rows.values())}),
    hide_index=True,
)
with_accounts = st.checkbox(
    _(
        "Also replace the staff accounts with the backup's {count} "
        "(the file holds their password hashes; everyone, you included, is logged out)",
        count=summary.rows.get("users", 0),
    ),
    key="restore_accounts",
)
sure = st.checkbox(_("Replace everything in the store with this backup"), key="restore_sure")
st.button(
    _("Restore"),
    type="primary",
    disabled=not sure,
    key="restore_run",
    on_click=_request,
    args=("restore",),
)
if action == "restore" and sure:
    if acting_user(can_publish) is None:
        st.error(_(SESSION_ENDED))
        st.stop()
    try:
        with st.spinner(_("Restoring…")):
            backup = read_backup(store, io.BytesIO(content))
            new_revision = replace_store(store, backup, with_accounts=with_accounts)
    except BackupError as error:
        st.error(_("Nothing was changed: {error}", error=md(say(error))))
        st.stop()
    st.session_state.pop("restore_checked", None)
    st.success(
        n_(
            "Restored {count} row (data revision {revision}).",
            "Restored {count} rows (data revision {revision}).",
            backup.summary.total_rows,
            revision=new_revision,
        )
        + " "
        + (
            _(
                "The backup's staff accounts replaced today's; every session has ended: "
                "log in again."
            )
            if with_accounts
            else _("Today's staff accounts were kept.")
        )
    )
