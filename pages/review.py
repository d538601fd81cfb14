"""The review queue: practices waiting for an admin, and drafts with their comments."""

import streamlit as st

from atlas import review
from atlas.accounts import can_edit, can_publish
from atlas.i18n import N_
from atlas.quality import latest_submissions
from atlas.records import PRACTICE
from atlas.workspace import staff_records
from ui.auth import require
from ui.cache import engine
from ui.i18n import _, translator
from ui.record_picker import record_picker
from ui.routing import run_through_app

run_through_app()
user = require(can_edit, N_("an editor or admin"))
st.title(_("Review"), anchor=False)
practices = staff_records(engine(), PRACTICE)
practices = practices[~practices["deleted"]]
submitted = latest_submissions(engine()).rename(
    columns={"actor": "submitted_by", "at": "submitted_at"}
)
waiting = practices[practices["review_state"] == review.IN_REVIEW].merge(
    submitted, how="left", left_on="id", right_on="record_id"
)
drafts = practices[practices["review_state"] == review.DRAFT]
COLUMNS = {
    "label": _("Practice"),
    "city": _("City"),
    "submitted_by": _("Submitted by"),
    "submitted_at": st.column_config.DatetimeColumn(_("Submitted"), format="YYYY-MM-DD HH:mm"),
    "review_comment": _("Comment"),
    "version": _("Version"),
}

first, second = st.columns(2)
first.metric(_("In review"), translator().number(len(waiting)))
second.metric(_("Drafts"), translator().number(len(drafts)))

st.subheader(_("Waiting for review"), anchor=False)
st.caption(
    _("Open a practice to publish it or send it back with a comment.")
    if can_publish(user)
    else _("An admin will publish these or send them back with a comment.")
)
if waiting.empty:
    st.success(_("Nothing is waiting for review."))
else:
    record_picker(
        waiting, PRACTICE, key="review_open_waiting", label=_("Open a practice in review")
    )
    shown = ["label", "city", "submitted_by", "submitted_at", "version"]
    st.dataframe(waiting[shown], hide_index=True, column_config=COLUMNS)

st.subheader(_("Drafts"), anchor=False)
st.caption(_("Open a draft to finish it and submit it for review; a comment says what to change."))
if drafts.empty:
    st.info(_("No drafts."))
else:
    record_picker(drafts, PRACTICE, key="review_open_draft", label=_("Open a draft"))
    shown = ["label", "city", "review_comment", "version"]
    st.dataframe(drafts[shown], hide_index=True, column_config=COLUMNS)
