"""Typed access to the session state and its mirror in the URL's query parameters."""

from __future__ import annotations

import streamlit as st

from atlas.filters import Filters, filters_from_params, filters_to_params
from atlas.queries import AtlasData
from ui.i18n import with_language
from ui.url_params import url_param

FILTER_KEYS = {
    "countries": "filter_countries",
    "projects": "filter_projects",
    "topics": "filter_topics",
    "roles": "filter_roles",
    "commitments": "filter_commitments",
    "query": "filter_query",
    "signatories": "filter_signatories",
    "replication": "filter_replication",
}
CITY_KEY = "selected_city"
MAP_FOCUS_KEY = "map_focus"
_STARTED_KEY = "state_from_url"


def start_from_url(data: AtlasData) -> list[str]:
    """On a session's first run, set filters and selection from the URL; return the URL
    values that were not understood."""
    if st.session_state.get(_STARTED_KEY):
        return []
    st.session_state[_STARTED_KEY] = True
    params = {name: st.query_params.get_all(name) for name in st.query_params}
    filters, ignored = filters_from_params(params, data)
    for field_name, key in FILTER_KEYS.items():
        value = getattr(filters, field_name)
        st.session_state[key] = value if isinstance(value, (str, bool)) else list(value)
    city = url_param("city")
    if city in data.city_slugs:
        st.session_state[CITY_KEY] = city
    elif city:
        ignored.append(f"city={city}")
    return ignored


def current_filters() -> Filters:
    values = {field_name: st.session_state.get(key) for field_name, key in FILTER_KEYS.items()}
    return Filters(
        countries=tuple(values["countries"] or ()),
        projects=tuple(values["projects"] or ()),
        topics=tuple(values["topics"] or ()),
        roles=tuple(values["roles"] or ()),
        commitments=tuple(values["commitments"] or ()),
        query=(values["query"] or "").strip(),
        signatories=values["signatories"] is not False,
        replication=values["replication"] or "",
    )


def clear_filters() -> None:
    for field_name, key in FILTER_KEYS.items():
        st.session_state[key] = {"query": "", "signatories": True, "replication": ""}.get(
            field_name, []
        )


def selected_city() -> str | None:
    return st.session_state.get(CITY_KEY)


def select_city(slug: str | None) -> None:
    st.session_state[CITY_KEY] = slug


def open_city_on_map(slug: str, latitude: float, longitude: float) -> None:
    """Select a city and centre the map on it, for when the map page opens next."""
    st.session_state[CITY_KEY] = slug
    st.session_state[MAP_FOCUS_KEY] = (latitude, longitude)


def write_url(filters: Filters, city: str | None) -> None:
    """Mirror filters and selection into the URL so the address reopens this view."""
    wanted = filters_to_params(filters)
    if city:
        wanted["city"] = [city]
    wanted = {
        name: value if isinstance(value, list) else [value]
        for name, value in with_language(wanted).items()
    }
    current = {name: st.query_params.get_all(name) for name in st.query_params}
    if current != wanted:
        st.query_params.from_dict(wanted)
