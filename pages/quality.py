"""Editors and admins see what in the atlas needs fixing, one table per check."""

from urllib.parse import parse_qsl, urlsplit

import streamlit as st

from atlas.accounts import can_edit
from atlas.export import to_csv
from atlas.i18n import N_
from ui.auth import require
from ui.cache import data_quality
from ui.i18n import _, n_, say, translator, with_language
from ui.record_picker import EDIT_PAGE
from ui.routing import run_through_app

run_through_app()
require(can_edit, N_("an editor or admin"))

COLUMNS = {
    "kind": _("Kind"),
    "record": _("Record"),
    "label": _("Name"),
    "problem": _("What is wrong"),
    "other": _("Other city"),
    "distance_km": st.column_config.NumberColumn(_("Distance (km)"), format="%.2f"),
    "similarity": st.column_config.NumberColumn(_("Name similarity"), format="%.2f"),
    "submitted_by": _("Submitted by"),
    "submitted_at": st.column_config.DatetimeColumn(_("Submitted"), format="YYYY-MM-DD HH:mm"),
    "field": _("Field"),
    "link": _("Link"),
}
LINKS = ("edit", "other_edit")
PER_ROW = 4

st.title(_("Data quality"), anchor=False)
st.caption(
    _(
        "Every record staff can see, drafts included; deleted records are left out. "
        "Select a row to open the record's editing page."
    )
)
report = data_quality()
tr = translator()

for start in range(0, len(report.checks), PER_ROW):
    columns = st.columns(PER_ROW)
    for column, check in zip(columns, report.checks[start : start + PER_ROW], strict=False):
        column.metric(_(check.title), _("not checked") if check.note else tr.number(check.count))

for check in report.checks:
    st.subheader(f"{_(check.title)} ({tr.number(check.count)})", anchor=check.name)
    st.caption(_(check.rule))
    if check.note:
        st.warning(_(check.note))
    elif check.rows.empty:
        st.success(_("Nothing to fix."))
    else:
        event = st.dataframe(
            check.rows.assign(problem=[say(problem) for problem in check.rows["problem"]]),
            hide_index=True,
            column_config=COLUMNS,
            column_order=[name for name in check.rows.columns if name not in LINKS],
            key=f"quality_table_{check.name}",
            on_select="rerun",
            selection_mode="single-row",
        )
        if event.selection.rows:
            # In-app navigation keeps the log-in; a plain link would start a new session.
            target = urlsplit(check.rows.iloc[event.selection.rows[0]]["edit"])
            st.switch_page(EDIT_PAGE, query_params=with_language(dict(parse_qsl(target.query))))
        st.download_button(
            n_(
                "Download this {count} row (CSV)",
                "Download these {count} rows (CSV)",
                check.count,
            ),
            lambda rows=check.rows: to_csv(rows),
            file_name=f"atlas-quality-{check.name}.csv",
            mime="text/csv",
            key=f"quality_csv_{check.name}",
        )
