"""While the store does not answer: a short message instead of a traceback, retried every
few seconds, and the app runs again by itself once the store answers."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager

import streamlit as st
from sqlalchemy import Engine
from sqlalchemy.exc import OperationalError

from atlas.i18n import N_
from atlas.store import store_answers
from ui.i18n import _

STORE_UNAVAILABLE = N_("The atlas's store is unavailable, retrying…")
RETRY_SECONDS = 3
_JUST_TRIED = "store_outage_just_tried"


@contextmanager
def store_outage_message(store: Engine) -> Iterator[None]:
    """Run the block; if `store` stopped answering meanwhile, show the message in place of
    the page and end this run. Widget values (a staff form's edits) stay in the session for
    the run after the store is back. An error of a store that still answers is raised."""
    try:
        yield
    except OperationalError:
        if store_answers(store):
            raise
        st.warning(_(STORE_UNAVAILABLE), icon=":material/cloud_off:")
        st.session_state[_JUST_TRIED] = True
        _rerun_when_store_answers(store)
        st.stop()


@st.fragment(run_every=RETRY_SECONDS)
def _rerun_when_store_answers(store: Engine) -> None:
    # Its first run is part of the run that has just found the store silent: no need to ask
    # again, which could take another connect timeout before the message is sent.
    if st.session_state.pop(_JUST_TRIED, False):
        return
    if store_answers(store):
        st.rerun(scope="app")
