"""The filter sidebar, rendered once by app.py for every public page."""

from __future__ import annotations

import streamlit as st

from atlas.countries import country_name
from atlas.models import COMMITMENTS, ROLES
from atlas.queries import AtlasData
from atlas.replication_links import projects_with_lines
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
        render_replication_choice(data, project_names)
        st.button("Clear filters", on_click=clear_filters, width="stretch")


def render_replication_choice(data: AtlasData, project_names: dict[str, str]) -> None:
    """Which project's replication lines the map draws (its projects with at least one)."""
    chosen = st.session_state.get(FILTER_KEYS["replication"]) or ""
    options = ["", *projects_with_lines(data)]
    if chosen not in options:  # from an address: a project without lines draws none
        options.append(chosen)
    st.selectbox(
        "Replication lines of a project",
        options,
        key=FILTER_KEYS["replication"],
        format_func=lambda slug: project_names.get(slug, "None") if slug else "None",
        help="Lines from the project's frontrunner cities to the follower cities that took "
        "up their practices, arrow heads at the followers.",
    )
