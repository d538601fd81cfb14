"""The filter sidebar, rendered once by app.py for every public page."""

from __future__ import annotations

import streamlit as st

from atlas.countries import country_name
from atlas.models import ROLES
from atlas.queries import AtlasData
from geo.mapview import ROLE_LABELS
from ui.state import FILTER_KEYS, clear_filters


def render_filters(data: AtlasData) -> None:
    """Search box and filters; their values live in the session state (see ui.state)."""
    with st.sidebar:
        st.text_input(
            "Find a city",
            key=FILTER_KEYS["query"],
            placeholder="Any spelling: krakow, Písek, Смолян",
            help="Case, accents and script do not matter.",
        )
        countries = sorted(set(data.cities["country"]), key=country_name)
        st.multiselect("Country", countries, key=FILTER_KEYS["countries"], format_func=country_name)
        project_names = dict(zip(data.projects["slug"], data.projects["name"], strict=True))
        st.multiselect(
            "Project",
            sorted(project_names, key=lambda slug: project_names[slug].casefold()),
            key=FILTER_KEYS["projects"],
            format_func=project_names.get,
        )
        topic_names = dict(zip(data.topics["slug"], data.topics["name"], strict=True))
        st.multiselect(
            "Topic of good practices",
            list(topic_names),
            key=FILTER_KEYS["topics"],
            format_func=topic_names.get,
        )
        st.multiselect("Role", list(ROLES), key=FILTER_KEYS["roles"], format_func=ROLE_LABELS.get)
        st.button("Clear filters", on_click=clear_filters, width="stretch")
