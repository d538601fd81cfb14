"""City profile: names, projects and roles, practices, nearby partners, a small map."""

import streamlit as st
from streamlit_folium import st_folium

from atlas import settings
from atlas.countries import country_name
from atlas.multilingual import shown_text
from atlas.queries import city_profile, nearby_in_projects
from geo.mapview import ROLE_LABELS, cities_map
from ui.cache import atlas_data
from ui.links import city_link, practice_link
from ui.record_language import render_language_note, visitor_language
from ui.replication import render_city_replication
from ui.routing import run_through_app
from ui.text import md
from ui.url_params import url_param

run_through_app()
data = atlas_data()
lang = visitor_language()
names = dict(zip(data.cities["slug"], data.cities["name"], strict=True))
options = sorted(names, key=lambda slug: names[slug].casefold())
wanted = url_param("city")
chosen = st.selectbox(
    "City",
    options,
    index=options.index(wanted) if wanted in names else None,
    format_func=names.get,
    placeholder="Choose a city",
)
if wanted and wanted not in names:
    st.warning(f"No city '{md(wanted)}' in the atlas.")
if not chosen:
    st.stop()
if chosen != wanted:
    st.query_params["city"] = chosen

profile = city_profile(data, chosen)
city = profile.city
st.title(md(city["name"]), anchor=False)
if city["local_name"] and city["local_name"] != city["name"]:
    st.caption(md(city["local_name"]))

facts = st.columns(3)
facts[0].metric("Country", country_name(city["country"]))
facts[1].metric("Population", f"{city['population']:,}" if city["population"] else "unknown")
facts[2].metric("Good practices", len(profile.practices))

text_column, map_column = st.columns([3, 2], gap="medium")
with text_column:
    if shown_text(city, "description", lang).text:
        st.markdown(md(render_language_note(city, "description", lang).text))
    st.subheader("Projects", anchor=False)
    project_sites = {
        slug: site
        for slug, site in zip(data.projects["slug"], data.projects["website"], strict=True)
        if isinstance(site, str) and site
    }
    for membership in profile.memberships:
        years = [y for y in (membership["start_year"], membership["end_year"]) if y]
        span = f" ({'–'.join(str(int(y)) for y in years)})" if years else ""
        word = f" — “{md(membership['project_role'])}”" if membership["project_role"] else ""
        st.markdown(
            f"- **{md(membership['project_name'])}**{span}: "
            f"{ROLE_LABELS.get(membership['role'], membership['role'])}{word}"
        )
    nearby = nearby_in_projects(data, chosen)
    if not nearby.empty:
        st.subheader("Nearby cities in the same projects", anchor=False)
        for _, other in nearby.iterrows():
            city_link(other["slug"], f"{other['name']} · {other['distance_km']:,.0f} km")
with map_column:
    shown = data.cities[data.cities["slug"].isin([chosen, *nearby["slug"]])]
    st_folium(
        cities_map(
            shown,
            highlight=chosen,
            tiles_url=settings.get("ATLAS_TILES_URL"),
            tiles_attribution=settings.get("ATLAS_TILES_ATTRIBUTION"),
        ),
        key="profile_map",
        height=360,
        use_container_width=True,
        returned_objects=[],
    )

st.subheader(f"Good practices ({len(profile.practices)})", anchor=False)
for practice in profile.practices:
    with st.container(border=True):
        practice_link(practice["slug"], shown_text(practice, "title", lang).text)
        st.caption(md(" · ".join([", ".join(practice["topics"]), practice["status"]])))
        st.markdown(md(render_language_note(practice, "summary", lang).text))

render_city_replication(data, chosen)

st.subheader("Links", anchor=False)
if city["website"]:
    st.link_button("City website", city["website"])
for slug in sorted({m["project"] for m in profile.memberships}):
    if project_sites.get(slug):
        st.link_button(
            md(f"{data.projects.set_index('slug').loc[slug, 'name']} website"), project_sites[slug]
        )
with st.expander("Sources"):
    st.markdown(f"City record: {md(city['source'])}")
    st.markdown(f"Coordinates: {md(city['coord_source'])}")
    for membership in profile.memberships:
        st.markdown(f"{md(membership['project_name'])}: {md(membership['source'])}")
