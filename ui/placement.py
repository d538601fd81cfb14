"""Placing a city in its editing form: pick a gazetteer candidate, click the map, or type
the coordinates; a warning when the point falls outside the chosen country."""

from __future__ import annotations

import streamlit as st

from atlas import settings
from geo.gazetteer import Candidate, default_gazetteer
from geo.placement import country_warning, placement_map
from ui.i18n import _, n_, translator
from ui.map_component import st_folium
from ui.record_form import widget_key
from ui.text import md


def _set_point(form: str, latitude: float, longitude: float, source: str) -> None:
    st.session_state[widget_key(form, "latitude")] = round(latitude, 6)
    st.session_state[widget_key(form, "longitude")] = round(longitude, 6)
    st.session_state[widget_key(form, "coord_source")] = source


def _candidate_label(candidate: Candidate) -> str:
    tr = translator()
    size = (
        n_("{count} inhabitant", "{count} inhabitants", candidate.population)
        if candidate.population
        else _("size unknown")
    )
    return (
        f"{candidate.name} ({candidate.country}), {size} — "
        f"{tr.number(candidate.latitude, 4)}, {tr.number(candidate.longitude, 4)}"
    )


def render_placement(form: str) -> None:
    """Draw the placing tools; a chosen point fills the latitude, longitude and coordinate
    source fields of the form below (through callbacks, before those widgets are drawn)."""
    name = st.session_state.get(widget_key(form, "name")) or ""
    country = st.session_state.get(widget_key(form, "country")) or None
    latitude = st.session_state.get(widget_key(form, "latitude"))
    longitude = st.session_state.get(widget_key(form, "longitude"))
    tr = translator()
    with st.expander(_("Place the city"), expanded=latitude is None):
        by_name, by_map = st.tabs([_("From the gazetteer"), _("On the map")])
        with by_name:
            query = st.text_input(_("Place name"), value=name, key=f"place_query_{form}")
            candidates = (
                default_gazetteer().lookup(query, country=country, limit=8) if query else []
            )
            if query and not candidates:
                st.info(_("The offline gazetteer does not know this name here: use the map."))
            if candidates:
                chosen = st.radio(
                    _("Candidates"),
                    range(len(candidates)),
                    format_func={i: md(_candidate_label(c)) for i, c in enumerate(candidates)}.get,
                    key=f"place_choice_{form}",
                )
                pick = candidates[chosen]
                st.button(
                    _("Use this place"),
                    key=f"place_use_{form}",
                    on_click=_set_point,
                    args=(form, pick.latitude, pick.longitude, pick.reference),
                )
        with by_map:
            event = st_folium(
                placement_map(
                    latitude,
                    longitude,
                    settings.get("ATLAS_TILES_URL"),
                    settings.get("ATLAS_TILES_ATTRIBUTION"),
                    tr,
                ),
                key=f"place_map_{form}",
                height=360,
                use_container_width=True,
                returned_objects=["last_clicked"],
            )
            clicked = (event or {}).get("last_clicked")
            if clicked:
                st.caption(
                    _(
                        "Clicked: {latitude}, {longitude}",
                        latitude=tr.number(clicked["lat"], 5),
                        longitude=tr.number(clicked["lng"], 5),
                    )
                )
                st.button(
                    _("Use the clicked point"),
                    key=f"place_click_{form}",
                    on_click=_set_point,
                    args=(form, clicked["lat"], clicked["lng"], "placed on the map by staff"),
                )
            else:
                st.caption(_("Click the map where the city is."))
    warning = country_warning(latitude, longitude, country or "", tr)
    if warning:
        st.warning(md(warning), icon=":material/wrong_location:")
