"""Statistics: cities, practices and projects by country, topic and role."""

import altair as alt
import streamlit as st
from streamlit_folium import st_folium

from atlas.i18n import N_
from atlas.stats import by_country, by_role, by_topic
from geo.choropleth import country_choropleth
from geo.mapview import ROLE_COLOURS
from ui.cache import atlas_data, record_names
from ui.i18n import _, translator
from ui.labels import role_label
from ui.record_language import visitor_language
from ui.routing import run_through_app

MEASURES = {"cities": N_("cities"), "practices": N_("practices"), "projects": N_("projects")}

run_through_app()
data = atlas_data()
tr = translator()
topic_names = record_names(data, "topics", visitor_language())
topics = by_topic(data).assign(topic_name=lambda frame: frame["topic"].map(topic_names))

st.title(_("The atlas in numbers"), anchor=False)
totals = st.columns(4)
totals[0].metric(_("Cities"), tr.number(len(data.cities)))
totals[1].metric(_("Countries"), tr.number(data.cities["country"].nunique()))
totals[2].metric(_("Projects"), tr.number(len(data.projects)))
totals[3].metric(_("Good practices"), tr.number(len(data.practices)))

countries = by_country(data)
countries["country_name"] = countries["country"].map(tr.country)
measure = st.radio(
    _("Countries by"),
    list(MEASURES),
    format_func={name: _(word) for name, word in MEASURES.items()}.get,
    horizontal=True,
    key="stats_measure",
)
words = {name: _(word) for name, word in MEASURES.items()}
headers = {
    "country": _("Code"),
    "country_name": _("Country"),
    "cities": _("Cities"),
    "practices": _("Practices"),
    "projects": _("Projects"),
    "topic": _("Code"),
    "topic_name": _("Topic"),
    "role": _("Role"),
    "label": _("Role"),
    "memberships": _("Memberships"),
}


map_column, chart_column = st.columns([3, 2], gap="medium")
with map_column:
    st_folium(
        country_choropleth(
            dict(zip(countries["country"], countries[measure], strict=True)), words[measure], tr
        ),
        key=f"stats_map_{measure}_{tr.lang}",
        height=460,
        use_container_width=True,
        returned_objects=[],
    )
with chart_column:
    st.altair_chart(
        alt.Chart(countries[countries[measure] > 0])
        .mark_bar()
        .encode(
            x=alt.X(f"{measure}:Q", title=words[measure].capitalize()),
            y=alt.Y("country_name:N", sort="-x", title=None),
            tooltip=[
                alt.Tooltip("country_name", title=_("Country")),
                alt.Tooltip("cities", title=_("Cities")),
                alt.Tooltip("practices", title=_("Practices")),
                alt.Tooltip("projects", title=_("Projects")),
            ],
        ),
        width="stretch",
    )

topic_column, role_column = st.columns(2, gap="medium")
with topic_column:
    st.subheader(_("Practices by topic"), anchor=False)
    st.altair_chart(
        alt.Chart(topics)
        .mark_bar()
        .encode(
            x=alt.X("practices:Q", title=_("Practices")),
            y=alt.Y("topic_name:N", sort="-x", title=None),
            tooltip=[
                alt.Tooltip("topic_name", title=_("Topic")),
                alt.Tooltip("practices", title=_("Practices")),
                alt.Tooltip("cities", title=_("Cities")),
            ],
        ),
        width="stretch",
    )
with role_column:
    st.subheader(_("Cities by role"), anchor=False)
    roles = by_role(data).assign(label=lambda frame: frame["role"].map(role_label))
    st.altair_chart(
        alt.Chart(roles)
        .mark_bar()
        .encode(
            x=alt.X("cities:Q", title=_("Cities")),
            y=alt.Y("label:N", sort=list(roles["label"]), title=None),
            color=alt.Color(
                "role:N",
                scale=alt.Scale(domain=list(ROLE_COLOURS), range=list(ROLE_COLOURS.values())),
                legend=None,
            ),
            tooltip=[
                alt.Tooltip("label", title=_("Role")),
                alt.Tooltip("cities", title=_("Cities")),
                alt.Tooltip("memberships", title=_("Memberships")),
            ],
        ),
        width="stretch",
    )
with st.expander(_("The numbers as tables")):
    for table in (countries, topics, by_role(data)):
        st.dataframe(table.rename(columns=headers), hide_index=True, width="stretch")
