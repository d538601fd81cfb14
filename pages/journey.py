"""Guided journey: frontrunner cities one stop at a time, the map moving to each."""

import streamlit as st
from streamlit_folium import st_folium

from atlas import settings
from atlas.tours import step
from geo.mapview import base_map, few_cities_layer
from ui.cache import atlas_data, record_names, tours
from ui.i18n import _, translator
from ui.labels import role_label
from ui.links import city_link, practice_link
from ui.record_language import practice_title, visitor_language
from ui.routing import run_through_app
from ui.text import md
from ui.url_params import url_param

JOURNEY_ZOOM = 6

run_through_app()
data = atlas_data()
lang = visitor_language()
journeys = {tour.slug: tour for tour in tours(data)}
if not journeys:
    st.info(_("No guided journey has a public stop just now."))
    st.stop()
wanted = url_param("tour")
slug = st.selectbox(
    _("Journey"),
    list(journeys),
    index=list(journeys).index(wanted) if wanted in journeys else 0,
    format_func=lambda key: journeys[key].title,
    key="journey_tour",
)
tour = journeys[slug]
position = step(tour, (url_param("stop") or 1) if slug == wanted else 1, 0)


def _move(delta: int) -> None:
    st.query_params["stop"] = str(step(tour, position, delta))


st.title(md(tour.title), anchor=False)
st.caption(md(tour.description))
stop = tour.stops[position - 1]
cities = data.cities.set_index("slug")
city = cities.loc[stop.city]

back, where, forward = st.columns([1, 3, 1])
back.button(
    _("← Previous"),
    on_click=_move,
    args=(-1,),
    disabled=position == 1,
    key="journey_previous",
    width="stretch",
)
stop_line = _(
    "Stop {position} of {count}: {city}",
    position=position,
    count=len(tour.stops),
    city=md(city["name"]),
)
where.markdown(f"**{stop_line}**")
forward.button(
    _("Next →"),
    on_click=_move,
    args=(1,),
    disabled=position == len(tour.stops),
    key="journey_next",
    width="stretch",
)

map_column, story_column = st.columns([3, 2], gap="medium")
with map_column:
    stops = data.cities.set_index("slug").loc[[s.city for s in tour.stops]].reset_index()
    st_folium(
        base_map(
            settings.get("ATLAS_TILES_URL"),
            settings.get("ATLAS_TILES_ATTRIBUTION"),
            tr=translator(),
        ),
        feature_group_to_add=few_cities_layer(stops, highlight=stop.city, route=True),
        center=(float(city["latitude"]), float(city["longitude"])),
        zoom=JOURNEY_ZOOM,
        key="journey_map",
        height=480,
        use_container_width=True,
        returned_objects=[],
    )
with story_column, st.container(border=True):
    st.subheader(md(city["name"]), anchor=False)
    roles = data.memberships[data.memberships["city"] == stop.city]
    project_names = record_names(data, "projects", lang)
    if tour.project:
        roles = roles[roles["project"] == tour.project]
    for _row, role in roles.iterrows():
        st.caption(
            _(
                "{role} in {project}",
                role=role_label(role["role"]),
                project=md(project_names.get(role["project"], role["project_name"])),
            )
        )
    st.markdown(md(stop.story))
    own = data.practices[data.practices["city"] == stop.city]
    best = stop.practice or (own["slug"].iloc[0] if not own.empty else None)
    if best:
        title = practice_title(data.practices, best, lang)
        st.markdown(f"**{_('Good practice to read')}**")
        practice_link(best, title)
    city_link(stop.city, _("Profile of {city}", city=city["name"]))

st.query_params["tour"] = slug
st.query_params["stop"] = str(position)
