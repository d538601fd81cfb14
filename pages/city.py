"""City profile: names, projects and roles, practices, nearby partners, a small map."""

import streamlit as st
from streamlit_folium import st_folium

from atlas import settings
from atlas.multilingual import shown_text
from atlas.queries import city_profile, nearby_in_projects
from geo.mapview import cities_map
from ui.cache import atlas_data, record_names
from ui.i18n import _, translator
from ui.labels import role_label, status_label
from ui.links import city_link, practice_link
from ui.record_language import render_language_note, visitor_language
from ui.replication import render_city_replication
from ui.routing import run_through_app
from ui.text import md
from ui.url_params import url_param

run_through_app()
data = atlas_data()
lang = visitor_language()
project_names = record_names(data, "projects", lang)
topic_names = record_names(data, "topics", lang)
names = dict(zip(data.cities["slug"], data.cities["name"], strict=True))
tr = translator()
options = tr.sorted(names, key=names.get)
wanted = url_param("city")
chosen = st.selectbox(
    _("City"),
    options,
    index=options.index(wanted) if wanted in names else None,
    format_func=names.get,
    placeholder=_("Choose a city"),
)
if wanted and wanted not in names:
    st.warning(_("No city '{slug}' in the atlas.", slug=md(wanted)))
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
facts[0].metric(_("Country"), tr.country(city["country"]))
facts[1].metric(
    _("Population"), tr.number(city["population"]) if city["population"] else _("unknown")
)
facts[2].metric(_("Good practices"), tr.number(len(profile.practices)))

text_column, map_column = st.columns([3, 2], gap="medium")
with text_column:
    if shown_text(city, "description", lang).text:
        st.markdown(md(render_language_note(city, "description", lang).text))
    st.subheader(_("Projects"), anchor=False)
    project_sites = {
        slug: site
        for slug, site in zip(data.projects["slug"], data.projects["website"], strict=True)
        if isinstance(site, str) and site
    }
    for membership in profile.memberships:
        years = [y for y in (membership["start_year"], membership["end_year"]) if y]
        span = f" ({'–'.join(str(int(y)) for y in years)})" if years else ""
        word = f" — “{md(membership['project_role'])}”" if membership["project_role"] else ""
        project = md(project_names[membership["project"]])
        st.markdown(f"- **{project}**{span}: {role_label(membership['role'])}{word}")
    nearby = nearby_in_projects(data, chosen)
    if not nearby.empty:
        st.subheader(_("Nearby cities in the same projects"), anchor=False)
        for _row, other in nearby.iterrows():
            city_link(other["slug"], f"{other['name']} · {tr.number(other['distance_km'])} km")
with map_column:
    shown = data.cities[data.cities["slug"].isin([chosen, *nearby["slug"]])]
    st_folium(
        cities_map(
            shown,
            highlight=chosen,
            tiles_url=settings.get("ATLAS_TILES_URL"),
            tiles_attribution=settings.get("ATLAS_TILES_ATTRIBUTION"),
            tr=tr,
        ),
        key="profile_map",
        height=360,
        use_container_width=True,
        returned_objects=[],
    )

st.subheader(_("Good practices ({count})", count=tr.number(len(profile.practices))), anchor=False)
for practice in profile.practices:
    with st.container(border=True):
        practice_link(practice["slug"], shown_text(practice, "title", lang).text)
        topics = ", ".join(topic_names.get(t, t) for t in practice["topics"])
        st.caption(md(" · ".join([topics, status_label(practice["status"])])))
        st.markdown(md(render_language_note(practice, "summary", lang).text))

render_city_replication(data, chosen)

st.subheader(_("Links"), anchor=False)
if city["website"]:
    st.link_button(_("City website"), city["website"])
for slug in sorted({m["project"] for m in profile.memberships}):
    if project_sites.get(slug):
        st.link_button(
            _("{project} website", project=md(project_names[slug])),
            project_sites[slug],
        )
with st.expander(_("Sources")):
    st.markdown(_("City record: {source}", source=md(city["source"])))
    st.markdown(_("Coordinates: {source}", source=md(city["coord_source"])))
    for membership in profile.memberships:
        st.markdown(f"{md(project_names[membership['project']])}: {md(membership['source'])}")
