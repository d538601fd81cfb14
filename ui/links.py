"""Links between the atlas's pages, carrying the record in the query string."""

from __future__ import annotations

import streamlit as st

CITY_PAGE = "pages/city.py"
PRACTICE_PAGE = "pages/practice.py"


def city_link(slug: str, label: str) -> None:
    st.page_link(CITY_PAGE, label=label, query_params={"city": slug})


def practice_link(slug: str, label: str) -> None:
    st.page_link(PRACTICE_PAGE, label=label, query_params={"practice": slug})
