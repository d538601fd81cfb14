"""Staff download the public atlas; admins back the whole store up and restore it."""

import streamlit as st

from atlas.accounts import can_edit, can_publish
from atlas.export import RECORDS, record_rows, to_csv, to_geojson, to_xlsx
from atlas.i18n import N_
from ui.auth import require
from ui.backup_panel import render_backup_and_restore
from ui.cache import atlas_data, engine
from ui.downloads import ATTRIBUTION
from ui.i18n import _, n_
from ui.routing import run_through_app


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

render_backup_and_restore(store)
