"""Links between the atlas's pages, carrying the record in the query string."""

from __future__ import annotations

import streamlit as st

from ui.i18n import with_language
from ui.text import md

CITY_PAGE = "pages/city.py"
PRACTICE_PAGE = "pages/practice.py"


def city_link(slug: str, label: str) -> None:
    """A link to a city's profile; `label` is plain text (escaped here)."""
    st.page_link(CITY_PAGE, label=md(label), query_params=with_language({"city": slug}))


def practice_link(slug: str, label: str) -> None:
    """A link to a practice's page; `label` is plain text (escaped here)."""
    st.page_link(PRACTICE_PAGE, label=md(label), query_params=with_language({"practice": slug}))
