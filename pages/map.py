"""The public map: filtered cities, clustered by role, with the selected city's card."""

import streamlit as st

from atlas import settings
from atlas.queries import city_profile
from atlas.replication_links import project_lines, project_name
from geo.mapview import CITY_ZOOM, base_map, city_layer, embed_height
from geo.replication_map import replication_layer
from geo.selection import city_from_click
from ui.cache import atlas_data, map_view, record_names
from ui.cards import render_city_card
from ui.city_list import render_city_chooser, render_city_table
from ui.downloads import render_downloads
from ui.i18n import _, n_, translator
from ui.links import city_link
from ui.map_component import st_folium
from ui.record_language import visitor_language
from ui.routing import run_through_app
from ui.sidebar import render_filters
from ui.state import MAP_FOCUS_KEY, current_filters, select_city, selected_city, write_url
from ui.url_params import url_param

MAP_EVENTS = ["last_object_clicked", "last_object_clicked_tooltip", "last_object_clicked_count"]

run_through_app()
data = atlas_data()
embed = bool(st.context.is_embedded)
filters = current_filters()  # the sidebar's widgets hold them; drawn after the map
view = map_view(data, filters)
cities = view.cities
tr = translator()
replication = replication_layer(
    project_lines(data, filters.replication), project_name(data, filters.replication), tr
)


def _focus_on(slug: str) -> None:
    row = data.rows_of_city("cities", slug).iloc[0]
    st.session_state[MAP_FOCUS_KEY] = (float(row["latitude"]), float(row["longitude"]))


def _select(new_slug: str | None, focus: bool = True) -> None:
    select_city(new_slug)
    if focus and new_slug:
        _focus_on(new_slug)


if selected_city() in data.city_slugs and MAP_FOCUS_KEY not in st.session_state:
    _focus_on(selected_city())

if embed:  # partner websites: the map and its legend only
    st_folium(
        base_map(settings.get("ATLAS_TILES_URL"), settings.get("ATLAS_TILES_ATTRIBUTION"), tr=tr),
        feature_group_to_add=city_layer(view.markers),
        key="atlas_map",
        height=embed_height(url_param("height")),
        use_container_width=True,
        returned_objects=[],
    )
    st.stop()

st.title("Frontrunners Atlas", anchor=False)
st.caption(_("Europe's frontrunner and follower cities in climate and energy projects"))
city_count = n_("{count} city", "{count} cities", len(cities))
practice_count = n_("{count} practice", "{count} practices", len(view.practices))
st.markdown(f"**{city_count} · {practice_count}**")


def _on_map_event() -> None:
    """A click on a new city selects it before the page reruns, so one run brings the card,
    the ring and the address. Panning and zooming report nothing."""
    event = st.session_state.get("atlas_map") or {}
    click_count = event.get("last_object_clicked_count")
    if click_count and click_count != st.session_state.get("map_clicks_seen"):
        st.session_state["map_clicks_seen"] = click_count
        clicked = city_from_click(event, data.cities)
        if clicked and clicked != selected_city():
            _select(clicked, focus=False)


@st.fragment
def _map_and_card() -> None:
    """The map and the selected city's card. A click on a marker, the chooser or the card's
    button reruns only this part of the page: the sidebar, the table and the downloads do
    not depend on the selection."""
    slug = selected_city()
    selected = data.rows_of_city("cities", slug)
    map_column, card_column = st.columns([3, 2], gap="medium")
    with map_column:
        focus = st.session_state.get(MAP_FOCUS_KEY)
        st_folium(
            base_map(
                settings.get("ATLAS_TILES_URL"), settings.get("ATLAS_TILES_ATTRIBUTION"), tr=tr
            ),
            feature_group_to_add=[
                city_layer(view.markers, None if selected.empty else selected.iloc[0]),
                replication,
            ],
            key="atlas_map",
            height=560,
            use_container_width=True,
            returned_objects=MAP_EVENTS,
            center=focus,
            zoom=CITY_ZOOM if focus else None,
            on_change=_on_map_event,
        )
    with card_column:
        render_city_chooser(data, cities, slug, _select)
        profile = city_profile(data, slug) if slug else None
        if profile is not None:
            lang = visitor_language()
            render_city_card(
                profile,
                record_names(data, "topics", lang),
                lang,
                record_names(data, "projects", lang),
            )
            city_link(slug, _("Full profile"))
            st.button(_("Close"), on_click=_select, args=(None,), key="close_card")
        else:
            st.info(_("Click a marker on the map or choose a city to read its card."))
    write_url(filters, slug)


_map_and_card()
# After the map, so that the browser receives the map first and starts loading its frame.
render_filters(data)

st.subheader(_("Cities in this view"), anchor=False)
render_city_table(data, cities)

render_downloads(data, cities)
