"""Staff download the public atlas; admins back the whole store up and restore it."""

import hashlib
import io
from datetime import date

import pandas as pd
import streamlit as st

from atlas.accounts import can_edit, can_publish
from atlas.backup import EPHEMERAL_TABLES, BackupError, backup_bytes, read_backup, replace_store
from atlas.export import ATTRIBUTION, RECORDS, record_rows, to_csv, to_geojson, to_xlsx
from ui.auth import SESSION_ENDED, acting_user, checked_on_click, require
from ui.cache import atlas_data, engine
from ui.routing import run_through_app
from ui.text import md

run_through_app()
user = require(can_edit, "an editor or admin")
data = atlas_data()
store = engine()

st.title("Export and backup", anchor=False)
st.subheader("Public records", anchor=False)
records = st.radio("Records", RECORDS, horizontal=True, key="export_records")
rows = record_rows(data, records)
stem = f"frontrunners-atlas-{records}"
csv_column, geojson_column, xlsx_column = st.columns(3)
csv_column.download_button(
    f"{len(rows)} {records} (CSV)",
    lambda: to_csv(rows),
    file_name=f"{stem}.csv",
    mime="text/csv",
    on_click="ignore",
    key="export_csv",
)
geojson_column.download_button(
    f"{len(rows)} {records} (GeoJSON)",
    lambda: to_geojson(rows),
    file_name=f"{stem}.geojson",
    mime="application/geo+json",
    on_click="ignore",
    key="export_geojson",
)
xlsx_column.download_button(
    "Everything public (XLSX)",
    lambda: to_xlsx(data),
    file_name="frontrunners-atlas.xlsx",
    mime="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    on_click="ignore",
    key="export_xlsx",
)
st.caption(
    "Published records that are not deleted. Text a spreadsheet would run as a formula "
    f"starts with an apostrophe. {ATTRIBUTION}"
)

if not can_publish(user):
    st.caption("Admins can also back up and restore the whole store here.")
    st.stop()

st.subheader("Full backup", anchor=False)
st.caption(
    "Every record (drafts and deleted ones too), the change history, images and staff "
    "accounts with their password hashes — keep the file safe; not log-in sessions "
    f"({', '.join(EPHEMERAL_TABLES)})."
)
st.download_button(
    "Download a full backup (.zip)",
    checked_on_click(can_publish, lambda: backup_bytes(store)[0]),
    file_name=f"frontrunners-atlas-backup-{date.today().isoformat()}.zip",
    mime="application/zip",
    on_click="ignore",
    key="backup_download",
)

st.subheader("Restore a backup", anchor=False)
st.caption(
    "Replaces every record of the store with the backup's, in one transaction: if "
    "anything is wrong, nothing changes. Today's staff accounts stay unless you ask for "
    "the backup's."
)


def _request(action: str) -> None:
    # Kept in session state, so the request survives a rerun app.py may start first.
    st.session_state["restore_action"] = action


upload = st.file_uploader("Backup (.zip)", type=["zip"], key="restore_file")
if upload is None:
    st.stop()
content = upload.getvalue()
digest = hashlib.sha256(content).hexdigest()
st.button("Check", key="restore_check", on_click=_request, args=("check",))
action = st.session_state.pop("restore_action", None)
if action == "check":
    try:
        checked = read_backup(store, io.BytesIO(content))
    except BackupError as error:
        st.error(md(f"This backup cannot be restored: {error}"))
        st.stop()
    st.session_state["restore_checked"] = (digest, checked.summary)

checked_digest, summary = st.session_state.get("restore_checked", (None, None))
if checked_digest != digest:
    st.stop()
st.info(md(f"Backup of {summary.created_at}: {summary.total_rows} rows; nothing written yet."))
st.dataframe(
    pd.DataFrame({"table": list(summary.rows), "rows": list(summary.rows.values())}),
    hide_index=True,
)
with_accounts = st.checkbox(
    f"Also replace the staff accounts with the backup's {summary.rows.get('users', 0)} "
    "(the file holds their password hashes; everyone, you included, is logged out)",
    key="restore_accounts",
)
sure = st.checkbox("Replace everything in the store with this backup", key="restore_sure")
st.button(
    "Restore",
    type="primary",
    disabled=not sure,
    key="restore_run",
    on_click=_request,
    args=("restore",),
)
if action == "restore" and sure:
    if acting_user(can_publish) is None:
        st.error(SESSION_ENDED)
        st.stop()
    try:
        with st.spinner("Restoring…"):
            backup = read_backup(store, io.BytesIO(content))
            new_revision = replace_store(store, backup, with_accounts=with_accounts)
    except BackupError as error:
        st.error(md(f"Nothing was changed: {error}"))
        st.stop()
    st.session_state.pop("restore_checked", None)
    st.success(
        f"Restored {backup.summary.total_rows} rows (data revision {new_revision}). "
        + (
            "The backup's staff accounts replaced today's; every session has ended: log in again."
            if with_accounts
            else "Today's staff accounts were kept."
        )
    )
