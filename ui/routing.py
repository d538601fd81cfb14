"""Keep every run going through app.py's navigation."""

from __future__ import annotations

import streamlit as st
from streamlit.runtime.pages_manager import PagesManager


def run_through_app() -> None:
    """Hand a page run back to app.py when Streamlit ran the page script on its own.

    Because a `pages/` folder exists, a server whose first request is a page's own URL
    (say /peers) runs that script directly, in the old folder-based multipage mode, and
    stays in that mode until some run calls st.navigation. Switching the mode off and
    rerunning sends this and every later run through app.py (sidebar, checks, router).
    """
    if PagesManager.uses_pages_directory:
        PagesManager.uses_pages_directory = False
        st.rerun()
