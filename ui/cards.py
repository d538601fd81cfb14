"""The city card shown beside the map."""

from __future__ import annotations

from collections.abc import Mapping

import streamlit as st

from atlas.multilingual import shown_text
from atlas.queries import CityProfile
from ui.i18n import _, translator
from ui.labels import role_label, status_label
from ui.record_language import field_text, render_language_note
from ui.text import md


def _years(membership: dict) -> str:
    start, end = membership.get("start_year"), membership.get("end_year")
    if start is not None and end is not None:
        return f" ({int(start)}–{int(end)})"
    if start is not None:
        return " " + _("(from {year})", year=int(start))
    return ""


def _present(value: object) -> bool:
    return value is not None and value != ""


def render_city_card(
    profile: CityProfile,
    topic_names: Mapping[str, str],
    lang: str,
    project_names: Mapping[str, str],
) -> None:
    """The card of a city; record texts in the visitor's language `lang` where they have
    one (atlas.multilingual), with a note when not; topic and project names by slug."""
    city = profile.city
    st.subheader(md(city["name"]), anchor=False)
    if _present(city["local_name"]) and city["local_name"] != city["name"]:
        st.caption(md(city["local_name"]))
    tr = translator()
    facts = [tr.country(city["country"])]
    if _present(city["population"]):
        facts.append(_("population {number}", number=tr.number(int(city["population"]))))
    st.markdown(" · ".join(md(fact) for fact in facts))
    description = shown_text(city, "description", lang)
    if description.text:
        render_language_note(city, "description", lang)
        st.markdown(md(description.text))
    if profile.memberships:
        lines = [f"**{_('Projects')}**", ""]
        for membership in profile.memberships:
            role = role_label(membership["role"])
            own_word = membership.get("project_role")
            word = f" — “{own_word}”" if _present(own_word) else ""
            lines.append(
                f"- {md(project_names.get(membership['project'], membership['project_name']))}"
                f"{md(_years(membership))}: "
                f"**{md(role)}**{md(word)}"
            )
        st.markdown("\n".join(lines))  # one element: the card is drawn on every click
    for signatory in profile.signatories:
        if signatory["flag"]:
            st.caption(_("Covenant point flagged for review: {flag}", flag=md(signatory["flag"])))
    count = tr.number(len(profile.practices))
    st.markdown(f"**{_('Good practices ({count})', count=count)}**")
    if not profile.practices:
        st.caption(_("No good practice recorded yet."))
    for practice in profile.practices:
        _render_practice(practice, topic_names, lang)
    with st.expander(_("Sources")):
        st.markdown(_("City record: {source}", source=md(city["source"])))
        st.markdown(_("Coordinates: {source}", source=md(city["coord_source"])))
        if _present(city["population_source"]):
            st.markdown(_("Population: {source}", source=md(city["population_source"])))
        st.caption(_("Licence: {licence}", licence=md(city["licence"])))
    if _present(city["website"]):
        st.link_button(_("City website"), city["website"])


def _render_practice(practice: dict, topic_names: Mapping[str, str], lang: str) -> None:
    with st.expander(md(shown_text(practice, "title", lang).text)):
        topics = ", ".join(topic_names.get(slug, slug) for slug in practice["topics"])
        meta = [topics, status_label(practice["status"])]
        if _present(practice["year"]):
            meta.insert(1, str(int(practice["year"])))
        summary = render_language_note(practice, "summary", lang)
        paragraphs = [f":gray[{md(' · '.join(meta))}]", md(summary.text)]
        for label, key in (
            (_("Results"), "results"),
            (_("What it took"), "cost"),
            (_("Duration"), "duration"),
            (_("Team"), "team"),
            (_("Lessons and limits"), "lessons"),
            (_("Transferability"), "transferability"),
            (_("Contact for study visits"), "contact_organisation"),
        ):
            if text := field_text(practice, key, lang):
                paragraphs.append(f"**{label}:** {md(text)}")
        source = _("Source: {source}", source=md(practice["source"]))
        paragraphs.append(f":gray[{source}]")
        st.markdown("\n\n".join(paragraphs))  # one element: the card is drawn on every click
        if _present(practice["contact_url"]):
            st.link_button(_("Contact"), practice["contact_url"])
