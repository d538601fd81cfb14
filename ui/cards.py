"""The city card shown beside the map."""

from __future__ import annotations

import streamlit as st

from atlas.countries import country_name
from atlas.multilingual import shown_text
from atlas.queries import CityProfile
from geo.mapview import ROLE_LABELS
from ui.record_language import field_text, render_language_note
from ui.text import md


def _years(membership: dict) -> str:
    start, end = membership.get("start_year"), membership.get("end_year")
    if start is not None and end is not None:
        return f" ({int(start)}–{int(end)})"
    if start is not None:
        return f" (from {int(start)})"
    return ""


def _present(value: object) -> bool:
    return value is not None and value != ""


def render_city_card(
    profile: CityProfile, topic_names: dict[str, str], lang: str, project_names: dict[str, str]
) -> None:
    """The card of a city; record texts in the visitor's language `lang` where they have
    one (atlas.multilingual), with a note when not; topic and project names by slug."""
    city = profile.city
    st.subheader(md(city["name"]), anchor=False)
    if _present(city["local_name"]) and city["local_name"] != city["name"]:
        st.caption(md(city["local_name"]))
    facts = [country_name(city["country"])]
    if _present(city["population"]):
        facts.append(f"population {int(city['population']):,}")
    st.markdown(" · ".join(md(fact) for fact in facts))
    description = shown_text(city, "description", lang)
    if description.text:
        render_language_note(city, "description", lang)
        st.markdown(md(description.text))
    if profile.memberships:
        st.markdown("**Projects**")
        for membership in profile.memberships:
            role = ROLE_LABELS.get(membership["role"], membership["role"])
            own_word = membership.get("project_role")
            word = f" — “{own_word}”" if _present(own_word) else ""
            st.markdown(
                f"- {md(project_names.get(membership['project'], membership['project_name']))}"
                f"{md(_years(membership))}: "
                f"**{md(role)}**{md(word)}"
            )
    for signatory in profile.signatories:
        if signatory["flag"]:
            st.caption(f"Covenant point flagged for review: {md(signatory['flag'])}")
    st.markdown(f"**Good practices ({len(profile.practices)})**")
    if not profile.practices:
        st.caption("No good practice recorded yet.")
    for practice in profile.practices:
        _render_practice(practice, topic_names, lang)
    with st.expander("Sources"):
        st.markdown(f"City record: {md(city['source'])}")
        st.markdown(f"Coordinates: {md(city['coord_source'])}")
        if _present(city["population_source"]):
            st.markdown(f"Population: {md(city['population_source'])}")
        st.caption(f"Licence: {md(city['licence'])}")
    if _present(city["website"]):
        st.link_button("City website", city["website"])


def _render_practice(practice: dict, topic_names: dict[str, str], lang: str) -> None:
    with st.expander(md(shown_text(practice, "title", lang).text)):
        topics = ", ".join(topic_names.get(slug, slug) for slug in practice["topics"])
        meta = [topics, practice["status"]]
        if _present(practice["year"]):
            meta.insert(1, str(int(practice["year"])))
        st.caption(md(" · ".join(meta)))
        summary = render_language_note(practice, "summary", lang)
        st.markdown(md(summary.text))
        for label, key in (
            ("Results", "results"),
            ("What it took", "cost"),
            ("Duration", "duration"),
            ("Team", "team"),
            ("Lessons and limits", "lessons"),
            ("Transferability", "transferability"),
            ("Contact for study visits", "contact_organisation"),
        ):
            if text := field_text(practice, key, lang):
                st.markdown(f"**{label}:** {md(text)}")
        if _present(practice["contact_url"]):
            st.link_button("Contact", practice["contact_url"])
        st.caption(f"Source: {md(practice['source'])}")
