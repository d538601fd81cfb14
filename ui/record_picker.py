"""Open a record from a staff list: a searchable choice that switches to its page inside
the app (no page load, so the page keeps this tab's state)."""

from __future__ import annotations

import pandas as pd
import streamlit as st

from ui.i18n import _, translator, with_language

EDIT_PAGE = "pages/edit.py"
HISTORY_PAGE = "pages/history.py"


def record_picker(
    records: pd.DataFrame, kind: str, key: str, page: str = EDIT_PAGE, label: str | None = None
) -> None:
    """A searchable choice over `records` (columns id, label); choosing one opens it on
    `page` as ?kind=…&record=<id>."""
    labels = dict(zip(records["id"].tolist(), records["label"].tolist(), strict=True))
    chosen = st.selectbox(
        label or _("Open"),
        list(labels),
        index=None,
        format_func=lambda record_id: labels[record_id],
        placeholder=_("Type to find one of {count}", count=translator().number(len(labels))),
        key=key,
    )
    if chosen is not None:
        st.switch_page(page, query_params=with_language({"kind": kind, "record": str(chosen)}))
