"""The filter sidebar, rendered once by app.py for every public page."""

from __future__ import annotations

import streamlit as st

from atlas.countries import country_name
from atlas.models import COMMITMENTS, ROLES
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
        if not data.signatories.empty:
            st.toggle(
                "Covenant of Mayors signatories",
                key=FILTER_KEYS["signatories"],
                help="Cities known only as signatories of the JRC table (grey points); "
                "project cities stay visible either way.",
            )
            st.multiselect(
                "Signatories' commitments",
                list(COMMITMENTS),
                key=FILTER_KEYS["commitments"],
                format_func=lambda c: c if c == "adaptation" else f"{c} targets",
                help="Show the signatories holding any of these commitments.",
            )
        st.button("Clear filters", on_click=clear_filters, width="stretch")
