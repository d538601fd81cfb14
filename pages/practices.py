"""Practice browser: every published good practice, searchable, filterable, sortable."""

import streamlit as st

from atlas.countries import country_name
from atlas.models import STATUSES
from atlas.multilingual import shown_text
from atlas.practices import SORTS, PracticeFilters, browse_practices
from ui.cache import atlas_data
from ui.links import PRACTICE_PAGE
from ui.record_language import names_in, visitor_language
from ui.routing import run_through_app

run_through_app()
data = atlas_data()
practices = data.practices
lang = visitor_language()
topic_names = names_in(data.topics.to_dict("records"), "name", lang)
project_names = names_in(data.projects.to_dict("records"), "name", lang)

st.title("Good practices", anchor=False)
query = st.text_input(
    "Search titles and summaries", key="practice_query", placeholder="e.g. energy invoices, szkoła"
)
first, second, third = st.columns(3)
topics = first.multiselect(
    "Topic", list(topic_names), format_func=topic_names.get, key="practice_topics"
)
countries = second.multiselect(
    "Country",
    sorted(set(practices["country"]), key=country_name),
    format_func=country_name,
    key="practice_countries",
)
projects = third.multiselect(
    "Project",
    sorted({p for ps in practices["projects"] for p in ps}),
    format_func=project_names.get,
    key="practice_projects",
)
fourth, fifth, sixth = st.columns(3)
statuses = fourth.multiselect("Status", list(STATUSES), key="practice_statuses")
known_years = practices["year"].dropna().astype(int)
years = None
if not known_years.empty and known_years.min() < known_years.max():
    full_range = (int(known_years.min()), int(known_years.max()))
    years = fifth.slider("Year", *full_range, full_range, key="practice_years")
    years = None if years == full_range else years  # the full range keeps unknown years too
sort = sixth.selectbox("Sort by", list(SORTS), key="practice_sort")

shown = browse_practices(
    data,
    PracticeFilters(
        query=query.strip(),
        topics=tuple(topics),
        countries=tuple(countries),
        projects=tuple(projects),
        statuses=tuple(statuses),
        years=years,
        sort=sort,
    ),
)
st.markdown(f"**{len(shown)} of {len(practices)} practices**")
table = shown.assign(
    title=[shown_text(row, "title", lang).text for row in shown.to_dict("records")],
    Topics=shown["topics"].map(lambda ts: ", ".join(topic_names.get(t, t) for t in ts)),
    Country=shown["country"].map(country_name),
    Year=shown["year"].astype("Int64"),
)[["title", "city_name", "Country", "Topics", "status", "Year"]].rename(
    columns={"title": "Practice", "city_name": "City", "status": "Status"}
)
event = st.dataframe(
    table,
    hide_index=True,
    width="stretch",
    on_select="rerun",
    selection_mode="single-row",
    key="practice_table",
)
if event.selection.rows:
    chosen = shown.iloc[event.selection.rows[0]]["slug"]
    st.switch_page(PRACTICE_PAGE, query_params={"practice": chosen})
st.caption("Select a row to open the practice.")
