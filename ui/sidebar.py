"""The map page's filter sidebar (drawn after the map: see pages/map.py)."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from atlas.models import COMMITMENTS, ROLES
from atlas.queries import AtlasData
from geo.mapview import ROLE_LABELS
from ui.cache import line_projects, record_names
from ui.i18n import _, choose_placeholder, translator
from ui.record_language import sorted_names, visitor_language
from ui.state import FILTER_KEYS, clear_filters


def render_filters(data: AtlasData) -> None:
    """Search box and filters; their values live in the session state (see ui.state)."""
    with st.sidebar:
        st.text_input(
            _("Find a city"),
            key=FILTER_KEYS["query"],
            placeholder=_("Any spelling: krakow, Písek, Смолян"),
            help=_("Case, accents and script do not matter."),
        )
        tr = translator()
        countries = tr.sorted(data.countries, key=tr.country)
        st.multiselect(
            _("Country"),
            countries,
            key=FILTER_KEYS["countries"],
            format_func=tr.country,
            placeholder=choose_placeholder(),
        )
        lang = visitor_language()
        project_names = record_names(data, "projects", lang)
        st.multiselect(
            _("Project"),
            sorted_names(project_names),
            key=FILTER_KEYS["projects"],
            format_func=project_names.get,
            placeholder=choose_placeholder(),
        )
        topic_names = record_names(data, "topics", lang)
        st.multiselect(
            _("Topic of good practices"),
            sorted_names(topic_names),
            key=FILTER_KEYS["topics"],
            format_func=topic_names.get,
            placeholder=choose_placeholder(),
        )
        st.multiselect(
            _("Role"),
            list(ROLES),
            key=FILTER_KEYS["roles"],
            format_func={role: _(ROLE_LABELS[role]) for role in ROLES}.get,
            placeholder=choose_placeholder(),
        )
        if not data.signatories.empty:
            st.toggle(
                _("Covenant of Mayors signatories"),
                key=FILTER_KEYS["signatories"],
                help=_(
                    "Cities known only as signatories of the JRC table (grey points); "
                    "project cities stay visible either way."
                ),
            )
            st.multiselect(
                _("Signatories' commitments"),
                list(COMMITMENTS),
                key=FILTER_KEYS["commitments"],
                format_func={c: _commitment_label(c) for c in COMMITMENTS}.get,
                help=_("Show the signatories holding any of these commitments."),
                placeholder=choose_placeholder(),
            )
        render_replication_choice(data, project_names)
        st.button(_("Clear filters"), on_click=clear_filters, width="stretch")


def _commitment_label(commitment: str) -> str:
    if commitment == "adaptation":
        return _("adaptation")
    return _("{year} targets", year=commitment)


def render_replication_choice(data: AtlasData, project_names: Mapping[str, str]) -> None:
    """Which project's replication lines the map draws (its projects with at least one)."""
    chosen = st.session_state.get(FILTER_KEYS["replication"]) or ""
    options = ["", *line_projects(data)]
    if chosen not in options:  # from an address: a project without lines draws none
        options.append(chosen)
    none = _("None")
    st.selectbox(
        _("Replication lines of a project"),
        options,
        key=FILTER_KEYS["replication"],
        format_func={slug: project_names.get(slug, none) if slug else none for slug in options}.get,
        help=_(
            "Lines from the project's frontrunner cities to the follower cities that took "
            "up their practices, arrow heads at the followers."
        ),
    )
