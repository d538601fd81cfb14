"""Keep every run going through app.py's navigation."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def run_through_app() -> None:
    """Leave Streamlit's old folder-based multipage mode before anything is drawn.

    Because a `pages/` folder exists, a fresh server runs its first session in that mode:
    a request for a page's own URL (say /peers) runs that script alone, and a request for
    the main page runs app.py nested in a folder-based navigation that drops the query
    string (a deep link such as /?city=pisek&embed=1 would lose it). Switching the mode off
    and rerunning sends this and every later run through app.py's own st.navigation.
    Called first by app.py and by every page.
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
