"""Admins import the JRC Covenant of Mayors signatories table into the atlas."""

import tempfile
from pathlib import Path

import streamlit as st

from atlas.accounts import can_publish
from atlas.gcom import GcomError, import_gcom
from atlas.i18n import N_
from ui.auth import SESSION_ENDED, acting_user, require
from ui.cache import engine
from ui.i18n import _
from ui.routing import run_through_app
from ui.text import md

run_through_app()
require(can_publish, N_("an admin"))

st.title(_("Import Covenant of Mayors signatories"), anchor=False)
st.caption(
    _(
        "The JRC GCoM MyCovenant signatories table as published (sheet “1”), CC BY 4.0. "
        "Signatories are merged into atlas cities of the same name within 15 km, added "
        "otherwise; doubtful points are flagged for review. The mayor column is never read."
    )
)
upload = st.file_uploader(_("Signatories table (.xlsx)"), type=["xlsx"], key="gcom_file")
if upload is None:
    st.stop()

check, run = st.columns(2)
dry_run = check.button(_("Check without importing"), key="gcom_check")
commit = run.button(_("Import"), type="primary", key="gcom_import")
if commit and acting_user(can_publish) is None:
    st.error(_(SESSION_ENDED))
    st.stop()
if dry_run or commit:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "signatories.xlsx"
        path.write_bytes(upload.getvalue())
        try:
            with st.spinner(_("Reading and matching signatories…")):
                report = import_gcom(engine(), path, dry_run=dry_run)
        except GcomError as error:
            st.error(_("Nothing was imported: {error}", error=md(error)))
            st.stop()
    (st.info if dry_run else st.success)(
        _("Checked: nothing was written.") if dry_run else _("Imported in one transaction.")
    )
    st.code("\n".join(report.lines()), language=None)
