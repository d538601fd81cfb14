"""One good practice: what, where, results, what it took, sources, related and reusers."""

import streamlit as st

from atlas.countries import country_name
from atlas.multilingual import shown_text
from atlas.practices import practice_record, related_practices, result_metrics, reuse_candidates
from atlas.sources import markdown_link, parse_sources
from ui.cache import atlas_data, image
from ui.links import city_link, practice_link
from ui.record_language import field_text, names_in, render_language_note, visitor_language
from ui.replication import render_replication
from ui.routing import run_through_app
from ui.text import md
from ui.url_params import url_param

run_through_app()
data = atlas_data()
lang = visitor_language()
slug = url_param("practice")
practice = practice_record(data, slug) if slug else None
if practice is None:
    if slug:
        st.warning(f"No practice '{md(slug)}' in the atlas.")
    st.info("Choose a practice in the practice browser.")
    st.page_link("pages/practices.py", label="Browse good practices")
    st.stop()

topic_names = names_in(data.topics.to_dict("records"), "name", lang)
project_names = names_in(data.projects.to_dict("records"), "name", lang)

st.title(md(shown_text(practice, "title", lang).text), anchor=False)
summary = render_language_note(practice, "summary", lang)
st.caption(" · ".join(md(topic_names.get(t, t)) for t in practice["topics"]))
facts = st.columns(3)
facts[0].metric("City", md(f"{practice['city_name']} ({country_name(practice['country'])})"))
facts[1].metric("Year", int(practice["year"]) if practice["year"] else "unknown")
facts[2].metric("Status", practice["status"].capitalize())
city_link(practice["city"], f"Open the profile of {practice['city_name']}")

st.markdown(md(summary.text))
images = data.practice_images[data.practice_images["practice"] == slug]
if not images.empty:
    columns = st.columns(min(len(images), 3))
    for number, (sha256, caption) in enumerate(
        zip(images["sha256"], images["caption"], strict=True)
    ):
        stored = image(sha256)
        if stored:
            columns[number % len(columns)].image(stored[1], caption=md(caption) or None)
metrics = result_metrics(practice["results"])
if metrics:
    columns = st.columns(len(metrics))
    for column, metric in zip(columns, metrics, strict=True):
        column.metric(metric.label, f"{metric.value:,.0f} {metric.unit}")
for label, key in (
    ("Results", "results"),
    ("Cost", "cost"),
    ("Duration", "duration"),
    ("Team", "team"),
    ("Lessons and limits", "lessons"),
    ("How transferable it is", "transferability"),
):
    if text := field_text(practice, key, lang):
        st.markdown(f"**{label}:** {md(text)}")
if practice["projects"]:
    st.markdown(
        "**Projects:** " + ", ".join(md(project_names.get(p, p)) for p in practice["projects"])
    )
if practice["contact_organisation"]:
    st.markdown(f"**Contact for study visits:** {md(practice['contact_organisation'])}")
if practice["contact_url"]:
    st.link_button("Contact", practice["contact_url"])
render_replication(data, practice["slug"])
with st.expander("Sources"):
    st.markdown(
        "\n".join(f"- {markdown_link(source)}" for source in parse_sources(practice["source"]))
    )
    verified = practice["verified_on"] or "unknown"
    st.caption(md(f"Last verified: {verified} · Licence: {practice['licence']}"))

related_column, reuse_column = st.columns(2, gap="medium")
with related_column:
    st.subheader("Related practices", anchor=False)
    related = related_practices(data, practice["slug"])
    if related.empty:
        st.caption("No practice of another city shares a topic yet.")
    for _, other in related.iterrows():
        title = shown_text(other, "title", lang).text
        practice_link(other["slug"], f"{title} — {other['city_name']}")
with reuse_column:
    st.subheader("Cities that could reuse this", anchor=False)
    st.caption("The closest peers of this city that have no practice on these topics yet.")
    for peer in reuse_candidates(data, practice["slug"]):
        city_link(peer.slug, f"{peer.name} — {'; '.join(peer.reasons[:2])}")
