"""Widgets of the peer finder: who is asking, about what, and how results are weighed.

Their values live in the session state and are mirrored in the URL, so the address bar is
a link to the same search."""

from __future__ import annotations

from dataclasses import replace

import streamlit as st

from atlas.countries import LANGUAGE_NAMES
from atlas.i18n import N_
from atlas.peers import PART_LABELS, PARTS, WEIGHTS, PeerError, Seeker, seeker_from_city
from atlas.queries import AtlasData
from geo.gazetteer import default_gazetteer
from ui.cache import record_names
from ui.i18n import _, choose_placeholder, translator, with_language
from ui.record_language import sorted_names, visitor_language
from ui.text import md
from ui.url_params import url_param, url_param_list

ATLAS, NEW = "A city in the atlas", "Describe a new city"
MODE_LABELS = {ATLAS: N_("A city in the atlas"), NEW: N_("Describe a new city")}
_STARTED = "peer_state_from_url"


def start_from_url(data: AtlasData) -> None:
    """On the page's first run in a session, fill the widgets from the URL (each value
    checked by atlas.url_params; a refused one is named in a warning and left out)."""
    if st.session_state.get(_STARTED):
        return
    st.session_state[_STARTED] = True
    slug = url_param("for")
    name, lat, lon = url_param("name"), url_param("lat"), url_param("lon")
    if slug in data.city_slugs:
        st.session_state["peer_mode"] = ATLAS
        st.session_state["peer_city"] = slug
    elif name and lat is not None and lon is not None:
        st.session_state["peer_mode"] = NEW
        st.session_state["peer_new_name"] = name
        st.session_state["peer_new_country"] = url_param("country")
        st.session_state["peer_new_point"] = (lat, lon)
        if population := url_param("pop"):
            st.session_state["peer_new_population"] = population
    known_topics = set(data.topics["slug"])
    st.session_state["peer_topics"] = [t for t in url_param_list("topic") if t in known_topics]
    st.session_state["peer_top"] = url_param("top") or 10
    st.session_state["peer_frontrunners"] = url_param("first") == "1"
    st.session_state["peer_shortlist"] = url_param_list("shortlist")


def render_inputs(data: AtlasData) -> tuple[Seeker | None, dict[str, float], int, bool]:
    """Draw the inputs; return the seeker (None until it is placed), weights, how many
    peers to show and whether frontrunners come first."""
    st.radio(
        _("Your city"),
        [ATLAS, NEW],
        key="peer_mode",
        horizontal=True,
        format_func={mode: _(label) for mode, label in MODE_LABELS.items()}.get,
    )
    tr = translator()
    topic_names = record_names(data, "topics", visitor_language())
    left, right = st.columns(2)
    with left:
        seeker = (
            _atlas_seeker(data)
            if st.session_state.get("peer_mode", ATLAS) == ATLAS
            else _new_seeker()
        )
    with right:
        topics = st.multiselect(
            _("Topics you plan to work on"),
            sorted_names(topic_names),
            key="peer_topics",
            format_func=topic_names.get,
            placeholder=choose_placeholder(),
        )
        languages = st.multiselect(
            _("Languages you can work in (optional)"),
            tr.sorted(LANGUAGE_NAMES, key=tr.language),
            key="peer_languages",
            format_func=tr.language,
            help=_(
                "Peers in countries whose main language is one of these score higher; "
                "by default your country's languages count."
            ),
            placeholder=choose_placeholder(),
        )
        max_km = st.number_input(
            _("Farthest distance (km, 0 = any)"),
            min_value=0,
            max_value=5000,
            step=100,
            key="peer_max_km",
        )
        top = st.slider(_("How many peers"), 1, 50, key="peer_top")
        first = st.checkbox(_("Frontrunners first"), key="peer_frontrunners")
    weights = _weights()
    if seeker is not None:
        seeker = replace(
            seeker,
            topics=tuple(topics),
            languages=tuple(languages),
            max_distance_km=float(max_km) if max_km else None,
        )
    return seeker, weights, top, first


def _atlas_seeker(data: AtlasData) -> Seeker | None:
    names = dict(zip(data.cities["slug"], data.cities["name"], strict=True))
    slug = st.selectbox(
        _("City"),
        translator().sorted(names, key=names.get),
        key="peer_city",
        index=None,
        format_func=names.get,
        placeholder=_("Choose your city"),
    )
    if not slug:
        return None
    try:
        return seeker_from_city(data, slug)
    except PeerError as error:
        st.error(md(error))
        return None


def _new_seeker() -> Seeker | None:
    tr = translator()
    name = st.text_input(_("City name"), key="peer_new_name", placeholder=_("e.g. Gmina Besko"))
    codes = {c.country for c in default_gazetteer().lookup(name)} if name else set()
    current = st.session_state.get("peer_new_country")
    options = tr.sorted(codes | ({current} if current else set()), key=tr.country)
    country = st.selectbox(
        _("Country"),
        options,
        key="peer_new_country",
        index=None,
        format_func=tr.country,
        placeholder=_("Type a name first") if not options else _("Choose the country"),
    )
    population = st.number_input(
        _("Population"), min_value=0, step=1000, key="peer_new_population", value=None
    )
    if not name or not country:
        return None
    point = st.session_state.get("peer_new_point")
    candidates = default_gazetteer().lookup(name, country=country, limit=5)
    if candidates:
        labels = {
            i: c.name
            + " "
            + _(
                "({population} inhabitants, {latitude}, {longitude})",
                population=tr.number(c.population),
                latitude=tr.number(c.latitude, 3),
                longitude=tr.number(c.longitude, 3),
            )
            for i, c in enumerate(candidates)
        }
        chosen = st.radio(
            _("Which place?"),
            list(labels),
            format_func={i: md(label) for i, label in labels.items()}.get,
            key="peer_new_place",
        )
        if st.session_state.get("peer_new_point_source") != "map" or point is None:
            point = (candidates[chosen].latitude, candidates[chosen].longitude)
    if point is None:
        st.warning(_("The gazetteer does not know this place: click it on the map below."))
        return None
    st.caption(
        _(
            "Placed at {latitude}, {longitude}; a click on the map moves it.",
            latitude=tr.number(point[0], 4),
            longitude=tr.number(point[1], 4),
        )
    )
    return Seeker(
        name=name,
        country=country,
        latitude=point[0],
        longitude=point[1],
        population=int(population) if population else None,
    )


def _weights() -> dict[str, float]:
    with st.expander(_("How results are ranked")):
        st.caption(
            _(
                "Each peer gets a part between 0 and 1 for every question below; the score "
                "is their weighted mean. Set a weight to 0 to ignore a question."
            )
        )
        return {
            part: st.slider(
                _(PART_LABELS[part]), 0.0, 5.0, float(WEIGHTS[part]), 0.5, key=f"peer_weight_{part}"
            )
            for part in PARTS
        }


def write_url(
    seeker: Seeker | None, topics: tuple[str, ...], top: int, first: bool, shortlist: list[str]
) -> None:
    params: dict[str, list[str]] = {}
    if seeker is not None and seeker.slug:
        params["for"] = [seeker.slug]
    elif seeker is not None:
        params.update(
            name=[seeker.name],
            country=[seeker.country],
            lat=[f"{seeker.latitude:.5f}"],
            lon=[f"{seeker.longitude:.5f}"],
        )
        if seeker.population:
            params["pop"] = [str(seeker.population)]
    if topics:
        params["topic"] = list(topics)
    if top != 10:
        params["top"] = [str(top)]
    if first:
        params["first"] = ["1"]
    if shortlist:
        params["shortlist"] = shortlist
    params = {
        name: value if isinstance(value, list) else [value]
        for name, value in with_language(params).items()
    }
    current = {name: st.query_params.get_all(name) for name in st.query_params}
    if current != params:
        st.query_params.from_dict(params)
