"""One good practice: what, where, results, what it took, sources, related and reusers."""

import streamlit as st

from atlas.multilingual import shown_text
from atlas.practices import practice_record, related_practices, result_metrics, reuse_candidates
from atlas.sources import markdown_link, parse_sources
from ui.cache import atlas_data, image, record_names
from ui.i18n import _, translator, with_language
from ui.labels import status_label
from ui.links import city_link, practice_link
from ui.record_language import field_text, render_language_note, visitor_language
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
        st.warning(_("No practice '{slug}' in the atlas.", slug=md(slug)))
    st.info(_("Choose a practice in the practice browser."))
    st.page_link(
        "pages/practices.py", label=_("Browse good practices"), query_params=with_language({})
    )
    st.stop()

topic_names = record_names(data, "topics", lang)
project_names = record_names(data, "projects", lang)

st.title(md(shown_text(practice, "title", lang).text), anchor=False)
summary = render_language_note(practice, "summary", lang)
st.caption(" · ".join(md(topic_names.get(t, t)) for t in practice["topics"]))
tr = translator()
facts = st.columns(3)
facts[0].metric(_("City"), md(f"{practice['city_name']} ({tr.country(practice['country'])})"))
facts[1].metric(_("Year"), int(practice["year"]) if practice["year"] else _("unknown"))
facts[2].metric(_("Status"), status_label(practice["status"]).capitalize())
city_link(practice["city"], _("Open the profile of {city}", city=practice["city_name"]))

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
        column.metric(_(metric.label), f"{tr.number(metric.value)} {metric.unit}")
for label, key in (
    (_("Results"), "results"),
    (_("Cost"), "cost"),
    (_("Duration"), "duration"),
    (_("Team"), "team"),
    (_("Lessons and limits"), "lessons"),
    (_("How transferable it is"), "transferability"),
):
    if text := field_text(practice, key, lang):
        st.markdown(f"**{label}:** {md(text)}")
if practice["projects"]:
    projects = ", ".join(md(project_names.get(p, p)) for p in practice["projects"])
    st.markdown(f"**{_('Projects')}:** {projects}")
if practice["contact_organisation"]:
    st.markdown(f"**{_('Contact for study visits')}:** {md(practice['contact_organisation'])}")
if practice["contact_url"]:
    st.link_button(_("Contact"), practice["contact_url"])
render_replication(data, practice["slug"])
with st.expander(_("Sources")):
    st.markdown(
        "\n".join(f"- {markdown_link(source)}" for source in parse_sources(practice["source"]))
    )
    verified = tr.date(practice["verified_on"]) if practice["verified_on"] else _("unknown")
    st.caption(
        _(
            "Last verified: {date} · Licence: {licence}",
            date=md(verified),
            licence=md(practice["licence"]),
        )
    )

related_column, reuse_column = st.columns(2, gap="medium")
with related_column:
    st.subheader(_("Related practices"), anchor=False)
    related = related_practices(data, practice["slug"])
    if related.empty:
        st.caption(_("No practice of another city shares a topic yet."))
    for _row, other in related.iterrows():
        title = shown_text(other, "title", lang).text
        practice_link(other["slug"], f"{title} — {other['city_name']}")
with reuse_column:
    st.subheader(_("Cities that could reuse this"), anchor=False)
    st.caption(_("The closest peers of this city that have no practice on these topics yet."))
    for peer in reuse_candidates(data, practice["slug"]):
        reasons = "; ".join(reason.said_by(tr) for reason in peer.reasons[:2])
        city_link(peer.slug, f"{peer.name} — {reasons}")
