"""The review queue: practices waiting for an admin, and drafts with their comments."""

import streamlit as st

from atlas import review
from atlas.accounts import can_edit, can_publish
from atlas.quality import latest_submissions
from atlas.records import PRACTICE
from atlas.workspace import staff_records
from ui.auth import require
from ui.cache import engine
from ui.record_picker import record_picker
from ui.routing import run_through_app

run_through_app()
user = require(can_edit, "an editor or admin")
st.title("Review", anchor=False)
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
    "label": "Practice",
    "city": "City",
    "submitted_by": "Submitted by",
    "submitted_at": st.column_config.DatetimeColumn("Submitted", format="YYYY-MM-DD HH:mm"),
    "review_comment": "Comment",
    "version": "Version",
}

first, second = st.columns(2)
first.metric("In review", len(waiting))
second.metric("Drafts", len(drafts))

st.subheader("Waiting for review", anchor=False)
st.caption(
    "Open a practice to publish it or send it back with a comment."
    if can_publish(user)
    else "An admin will publish these or send them back with a comment."
)
if waiting.empty:
    st.success("Nothing is waiting for review.")
else:
    record_picker(waiting, PRACTICE, key="review_open_waiting", label="Open a practice in review")
    shown = ["label", "city", "submitted_by", "submitted_at", "version"]
    st.dataframe(waiting[shown], hide_index=True, column_config=COLUMNS)

st.subheader("Drafts", anchor=False)
st.caption("Open a draft to finish it and submit it for review; a comment says what to change.")
if drafts.empty:
    st.info("No drafts.")
else:
    record_picker(drafts, PRACTICE, key="review_open_draft", label="Open a draft")
    shown = ["label", "city", "review_comment", "version"]
    st.dataframe(drafts[shown], hide_index=True, column_config=COLUMNS)
