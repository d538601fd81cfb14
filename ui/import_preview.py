"""The preview of a bulk import: counts, rejected rows, new and changed records, likely
duplicates and gazetteer placements (nothing is written here)."""

from __future__ import annotations

import streamlit as st

from atlas.bulk_import import ImportReport
from atlas.i18n import N_
from ui.i18n import _, n_, say, translator
from ui.text import md

_COLUMNS = {
    "row": N_("row"),
    "column": N_("column"),
    "problem": N_("problem"),
    "sheet": N_("sheet"),
    "kind": N_("kind"),
    "key": N_("key"),
    "record": N_("record"),
    "changes": N_("changes"),
    "slug": N_("slug"),
    "name": N_("name"),
    "other": N_("other city"),
    "other_name": N_("other city's name"),
    "country": N_("country"),
    "distance_km": N_("distance (km)"),
    "similarity": N_("name similarity"),
    "place": N_("gazetteer place"),
    "reference": N_("gazetteer reference"),
    "latitude": N_("latitude"),
    "longitude": N_("longitude"),
}
"""Column names of the preview's tables, each shown translated."""


def render_preview(report: ImportReport, file_name: str) -> None:
    """What importing `report` would do, shown as counts and tables."""
    headers = {key: _(label) for key, label in _COLUMNS.items()}
    tr = translator()
    st.subheader(_("Preview"), anchor=False)
    st.markdown(
        md(f"{file_name}: {say(report.read_as)}, ")
        + n_("{count} row.", "{count} rows.", report.rows)
    )
    counts = st.columns(4)
    counts[0].metric(_("Rejected"), tr.number(len(report.errors)))
    counts[1].metric(_("New"), tr.number(len(report.new)))
    counts[2].metric(_("Changed"), tr.number(len(report.changed)))
    counts[3].metric(_("Unchanged"), tr.number(len(report.unchanged)))
    for notice in report.notices:
        st.info(md(say(notice)))

    if report.errors:
        st.error(_("Some rows are rejected: fix them in the file and upload it again."))
        st.dataframe(
            [
                {"row": e.row, "column": e.field, "problem": say(e.message)}
                | ({"sheet": e.sheet} if e.sheet else {})
                for e in report.errors
            ],
            hide_index=True,
            column_config=headers,
        )
    for title, diffs in ((_("New"), report.new), (_("Changed"), report.changed)):
        if diffs:
            st.markdown(f"**{title}**")
            st.dataframe(
                [
                    {
                        "row": d.row,
                        "kind": d.kind,
                        "key": d.key,
                        "record": d.label,
                        "changes": "; ".join(
                            f"{k}: {old} → {new}" for k, (old, new) in d.fields.items()
                        ),
                    }
                    for d in diffs
                ],
                hide_index=True,
                column_config=headers,
            )
    if report.unchanged:
        with st.expander(_("Unchanged ({count})", count=tr.number(len(report.unchanged)))):
            st.dataframe(
                [{"row": d.row, "kind": d.kind, "key": d.key} for d in report.unchanged],
                hide_index=True,
                column_config=headers,
            )
    if report.duplicates:
        st.warning(
            _(
                "Likely duplicates: check each pair; use the stored city's slug if it is the "
                "same place."
            )
        )
        st.dataframe(
            [vars(pair) for pair in report.duplicates], hide_index=True, column_config=headers
        )
    if report.geocoded:
        st.info(
            _("Placed by the offline gazetteer (coordinates were missing): review these points.")
        )
        st.dataframe(
            [vars(place) for place in report.geocoded], hide_index=True, column_config=headers
        )
