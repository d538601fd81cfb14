"""Practice browser: every published good practice, searchable, filterable, sortable."""

import pandas as pd
import streamlit as st

from atlas.i18n import N_
from atlas.models import STATUSES
from atlas.multilingual import shown_text
from atlas.practices import SORTS, PracticeFilters, browse_practices
from ui.cache import atlas_data, record_names
from ui.i18n import _, choose_placeholder, n_, translator, with_language
from ui.labels import status_label
from ui.links import PRACTICE_PAGE
from ui.record_language import sorted_names, visitor_language
from ui.routing import run_through_app

SORT_LABELS = {
    "title": N_("title"),
    "newest": N_("newest"),
    "oldest": N_("oldest"),
    "city": N_("city"),
}

run_through_app()
data = atlas_data()
practices = data.practices
lang = visitor_language()
topic_names = record_names(data, "topics", lang)
project_names = record_names(data, "projects", lang)

tr = translator()
st.title(_("Good practices"), anchor=False)
query = st.text_input(
    _("Search titles and summaries"),
    key="practice_query",
    placeholder=_("e.g. energy invoices, szkoła"),
)
first, second, third = st.columns(3)
topics = first.multiselect(
    _("Topic"),
    sorted_names(topic_names),
    format_func=topic_names.get,
    key="practice_topics",
    placeholder=choose_placeholder(),
)
countries = second.multiselect(
    _("Country"),
    tr.sorted(set(practices["country"]), key=tr.country),
    format_func=tr.country,
    key="practice_countries",
    placeholder=choose_placeholder(),
)
projects = third.multiselect(
    _("Project"),
    tr.sorted(
        {p for ps in practices["projects"] for p in ps}, key=lambda p: project_names.get(p, p)
    ),
    format_func=project_names.get,
    key="practice_projects",
    placeholder=choose_placeholder(),
)
fourth, fifth, sixth = st.columns(3)
statuses = fourth.multiselect(
    _("Status"),
    list(STATUSES),
    format_func={status: status_label(status) for status in STATUSES}.get,
    key="practice_statuses",
    placeholder=choose_placeholder(),
)
known_years = practices["year"].dropna().astype(int)
years = None
if not known_years.empty and known_years.min() < known_years.max():
    full_range = (int(known_years.min()), int(known_years.max()))
    years = fifth.slider(_("Year"), *full_range, full_range, key="practice_years")
    years = None if years == full_range else years  # the full range keeps unknown years too
sort = sixth.selectbox(
    _("Sort by"),
    list(SORTS),
    format_func={name: _(label) for name, label in SORT_LABELS.items()}.get,
    key="practice_sort",
)

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
shown_count = tr.number(len(shown))
st.markdown(
    "**"
    + n_(
        "{shown} of {count} practice",
        "{shown} of {count} practices",
        len(practices),
        shown=shown_count,
    )
    + "**"
)
table = pd.DataFrame(
    {
        _("Practice"): [shown_text(row, "title", lang).text for row in shown.to_dict("records")],
        _("City"): shown["city_name"],
        _("Country"): shown["country"].map(tr.country),
        _("Topics"): shown["topics"].map(lambda ts: ", ".join(topic_names.get(t, t) for t in ts)),
        _("Status"): shown["status"].map(status_label),
        _("Year"): shown["year"].astype("Int64"),
    }
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
    st.switch_page(PRACTICE_PAGE, query_params=with_language({"practice": chosen}))
st.caption(_("Select a row to open the practice."))
