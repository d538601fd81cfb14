"""Statistics: cities, practices and projects by country, topic and role."""

import altair as alt
import streamlit as st
from streamlit_folium import st_folium

from atlas.stats import by_country, by_role, by_topic
from geo.choropleth import country_choropleth
from geo.mapview import ROLE_COLOURS, ROLE_LABELS
from ui.cache import atlas_data
from ui.routing import run_through_app

run_through_app()
data = atlas_data()

st.title("The atlas in numbers", anchor=False)
totals = st.columns(4)
totals[0].metric("Cities", len(data.cities))
totals[1].metric("Countries", data.cities["country"].nunique())
totals[2].metric("Projects", len(data.projects))
totals[3].metric("Good practices", len(data.practices))

countries = by_country(data)
measure = st.radio(
    "Countries by", ["cities", "practices", "projects"], horizontal=True, key="stats_measure"
)
map_column, chart_column = st.columns([3, 2], gap="medium")
with map_column:
    st_folium(
        country_choropleth(
            dict(zip(countries["country"], countries[measure], strict=True)), measure
        ),
        key=f"stats_map_{measure}",
        height=460,
        use_container_width=True,
        returned_objects=[],
    )
with chart_column:
    st.altair_chart(
        alt.Chart(countries[countries[measure] > 0])
        .mark_bar()
        .encode(
            x=alt.X(f"{measure}:Q", title=measure.capitalize()),
            y=alt.Y("country_name:N", sort="-x", title=None),
            tooltip=["country_name", "cities", "practices", "projects"],
        ),
        width="stretch",
    )

topic_column, role_column = st.columns(2, gap="medium")
with topic_column:
    st.subheader("Practices by topic", anchor=False)
    st.altair_chart(
        alt.Chart(by_topic(data))
        .mark_bar()
        .encode(
            x=alt.X("practices:Q", title="Practices"),
            y=alt.Y("topic_name:N", sort="-x", title=None),
            tooltip=["topic_name", "practices", "cities"],
        ),
        width="stretch",
    )
with role_column:
    st.subheader("Cities by role", anchor=False)
    roles = by_role(data).assign(label=lambda frame: frame["role"].map(ROLE_LABELS))
    st.altair_chart(
        alt.Chart(roles)
        .mark_bar()
        .encode(
            x=alt.X("cities:Q", title="Cities"),
            y=alt.Y("label:N", sort=list(roles["label"]), title=None),
            color=alt.Color(
                "role:N",
                scale=alt.Scale(domain=list(ROLE_COLOURS), range=list(ROLE_COLOURS.values())),
                legend=None,
            ),
            tooltip=["label", "cities", "memberships"],
        ),
        width="stretch",
    )
with st.expander("The numbers as tables"):
    st.dataframe(countries, hide_index=True, width="stretch")
    st.dataframe(by_topic(data), hide_index=True, width="stretch")
    st.dataframe(by_role(data), hide_index=True, width="stretch")
