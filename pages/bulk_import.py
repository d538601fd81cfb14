"""Editors and admins import cities, memberships and practices from a file: preview, then
import in one transaction."""

import streamlit as st

from atlas.accounts import can_edit
from atlas.bulk_import import (
    ImportRejectedError,
    ImportStaleError,
    commit_import,
    preview_import,
    read_import,
)
from atlas.i18n import N_
from atlas.import_format import template_bytes
from atlas.tabular import TabularError
from ui.auth import SESSION_ENDED, acting_user, now, require
from ui.cache import engine
from ui.i18n import _, n_, say
from ui.import_preview import render_preview
from ui.routing import run_through_app
from ui.text import md

run_through_app()
require(can_edit, N_("an editor or admin"))

st.title(_("Bulk import"), anchor=False)
st.caption(
    _(
        "Cities, memberships and practices from CSV (comma, semicolon or tab; UTF-8, "
        "Windows-1250 or ISO-8859-2), XLSX or GeoJSON, one column per record field — see "
        "docs/import-format.md. Nothing is written until you import, and then every row or "
        "none."
    )
)
csv_column, xlsx_column = st.columns(2)
csv_column.download_button(
    _("Template (.csv)"), lambda: template_bytes("csv"), "import-template.csv", "text/csv"
)
xlsx_column.download_button(
    _("Template (.xlsx)"),
    lambda: template_bytes("xlsx"),
    "import-template.xlsx",
    "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
)
upload = st.file_uploader(
    _("File to import"), type=["csv", "tsv", "txt", "xlsx", "geojson", "json"], key="bulk_file"
)
if upload is None:
    st.stop()

# The preview is kept until the file changes: the import then does what it showed, or is
# refused when the atlas changed meanwhile.
previewed = st.session_state.get("bulk_preview")
if previewed is None or previewed[0] != upload.file_id:
    try:
        table = read_import(upload.getvalue(), upload.name)
    except TabularError as error:
        st.error(_("Cannot read {file}: {error}", file=md(upload.name), error=md(say(error))))
        st.stop()
    with st.spinner(_("Checking every row…")):
        report = preview_import(engine(), table, source=upload.name)
    st.session_state["bulk_preview"] = (upload.file_id, report)
report = st.session_state["bulk_preview"][1]

render_preview(report, upload.name)

if report.errors or not report.writes:
    st.stop()
if st.button(
    n_("Import {count} row", "Import {count} rows", report.writes),
    type="primary",
    key="bulk_import",
):
    actor = acting_user(can_edit)
    if actor is None:
        st.error(_(SESSION_ENDED))
        st.stop()
    try:
        done = commit_import(engine(), actor, report, now())
    except ImportRejectedError as error:
        st.error(_("Nothing was imported: {error}", error=md(say(error))))
        st.code("\n".join(error.report.lines()), language=None)
        st.stop()
    except ImportStaleError as error:
        st.session_state.pop("bulk_preview")
        st.error(_("Nothing was imported: {error}.", error=md(say(error))))
        st.button(_("Preview again"), key="bulk_again")
        st.stop()
    st.session_state.pop("bulk_preview")
    st.success(
        n_(
            "Imported {count} record in one transaction.",
            "Imported {count} records in one transaction.",
            done.writes,
        )
    )
