"""Editors and admins see what in the atlas needs fixing, one table per check."""

import streamlit as st

from atlas.accounts import can_edit
from atlas.export import to_csv
from ui.auth import require
from ui.cache import data_quality
from ui.routing import run_through_app

run_through_app()
require(can_edit, "an editor or admin")

COLUMNS = {
    "edit": st.column_config.LinkColumn("Open", display_text="Edit"),
    "kind": "Kind",
    "record": "Record",
    "label": "Name",
    "problem": "What is wrong",
    "other": "Other city",
    "other_edit": st.column_config.LinkColumn("Open other", display_text="Edit"),
    "distance_km": st.column_config.NumberColumn("Distance (km)", format="%.2f"),
    "similarity": st.column_config.NumberColumn("Name similarity", format="%.2f"),
    "submitted_by": "Submitted by",
    "submitted_at": st.column_config.DatetimeColumn("Submitted", format="YYYY-MM-DD HH:mm"),
    "field": "Field",
    "link": "Link",
}
PER_ROW = 4

st.title("Data quality", anchor=False)
st.caption(
    "Every record staff can see, drafts included; deleted records are left out. "
    "Each row opens the record's editing page."
)
report = data_quality()

for start in range(0, len(report.checks), PER_ROW):
    columns = st.columns(PER_ROW)
    for column, check in zip(columns, report.checks[start : start + PER_ROW], strict=False):
        column.metric(check.title, "not checked" if check.note else f"{check.count:,}")

for check in report.checks:
    st.subheader(f"{check.title} ({check.count:,})", anchor=check.name)
    st.caption(check.rule)
    if check.note:
        st.warning(check.note)
    elif check.rows.empty:
        st.success("Nothing to fix.")
    else:
        st.dataframe(
            check.rows,
            hide_index=True,
            column_config=COLUMNS,
            column_order=["edit", *[name for name in check.rows.columns if name != "edit"]],
            key=f"quality_table_{check.name}",
        )
        st.download_button(
            f"Download these {check.count:,} rows (CSV)",
            to_csv(check.rows),
            file_name=f"atlas-quality-{check.name}.csv",
            mime="text/csv",
            key=f"quality_csv_{check.name}",
        )
