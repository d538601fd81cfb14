"""Admins' full backup of the store and its restore: check a backup first (nothing
written), then replace the store with it in one transaction."""

from __future__ import annotations

import hashlib
import io
from datetime import date

import pandas as pd
import streamlit as st
from sqlalchemy import Engine

from atlas.accounts import can_publish
from atlas.backup import EPHEMERAL_TABLES, BackupError, backup_bytes, read_backup, replace_store
from ui.auth import SESSION_ENDED, acting_user, checked_on_click
from ui.i18n import _, n_, say
from ui.text import md


def _request(action: str) -> None:
    # Kept in session state, so the request survives a rerun app.py may start first.
    st.session_state["restore_action"] = action


def render_backup_and_restore(store: Engine) -> None:
    """The full backup's download, then the restore of an uploaded backup."""
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

    upload = st.file_uploader(_("Backup (.zip)"), type=["zip"], key="restore_file")
    if upload is None:
        return
    content = upload.getvalue()
    digest = hashlib.sha256(content).hexdigest()
    st.button(_("Check"), key="restore_check", on_click=_request, args=("check",))
    action = st.session_state.pop("restore_action", None)
    if action == "check":
        try:
            checked = read_backup(store, io.BytesIO(content))
        except BackupError as error:
            st.error(_("This backup cannot be restored: {error}", error=md(say(error))))
            return
        st.session_state["restore_checked"] = (digest, checked.summary)

    checked_digest, summary = st.session_state.get("restore_checked", (None, None))
    if checked_digest != digest:
        return
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
            return
        try:
            with st.spinner(_("Restoring…")):
                backup = read_backup(store, io.BytesIO(content))
                new_revision = replace_store(store, backup, with_accounts=with_accounts)
        except BackupError as error:
            st.error(_("Nothing was changed: {error}", error=md(say(error))))
            return
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
