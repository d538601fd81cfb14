"""The review queue: practices waiting for an admin, and drafts with their comments."""

import streamlit as st

from atlas import review
from atlas.accounts import can_edit, can_publish
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

waiting = practices[practices["review_state"] == review.IN_REVIEW]
drafts = practices[practices["review_state"] == review.DRAFT]
first, second = st.columns(2)
first.metric("In review", len(waiting))
second.metric("Drafts", len(drafts))

st.subheader("Waiting for review", anchor=False)
st.caption(
    "Admins open a practice to publish it or send it back with a comment."
    if can_publish(user)
    else "An admin will publish these or send them back with a comment."
)
record_picker(waiting, PRACTICE, key="review_open_waiting", label="Open a practice in review")
st.dataframe(waiting[["label", "city", "version"]], hide_index=True)

st.subheader("Drafts", anchor=False)
st.caption("Open a draft to finish it and submit it for review; a comment says what to change.")
record_picker(drafts, PRACTICE, key="review_open_draft", label="Open a draft")
st.dataframe(drafts[["label", "city", "review_comment", "version"]], hide_index=True)
