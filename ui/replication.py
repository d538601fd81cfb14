"""Replication on the practice and city pages: where a practice came from and went, what a
city passed on and took over (public practices only, see atlas.replication_links)."""

from __future__ import annotations

import streamlit as st

from atlas.queries import AtlasData
from atlas.replication_links import adapted_from, passed_on, replicated_in, took_over
from ui.i18n import _, translator
from ui.links import practice_link
from ui.record_language import practice_title, visitor_language


def _practice_list(data: AtlasData, heading: str, practices) -> None:
    st.markdown(f"**{heading}**")
    for practice in practices.itertuples(index=False):
        where = f"{practice.city_name} ({translator().country(practice.country)})"
        title = practice_title(data.practices, practice.slug, visitor_language())
        practice_link(practice.slug, f"{title} — {where}")


def render_replication(data: AtlasData, slug: str) -> None:
    """The practices this one replicates or adapts, and those that replicate it."""
    originals, adopters = adapted_from(data, slug), replicated_in(data, slug)
    if originals.empty and adopters.empty:
        return
    st.subheader(_("Replication"), anchor=False)
    if not originals.empty:
        _practice_list(data, _("Adapted from"), originals)
    if not adopters.empty:
        _practice_list(data, _("Replicated in"), adopters)


def render_city_replication(data: AtlasData, city: str) -> None:
    """What the city passed on to other cities, and what it took over from them."""
    given, taken = passed_on(data, city), took_over(data, city)
    if not given and not taken:
        return
    st.subheader(_("Replication"), anchor=False)
    for title, exchanges, arrow in (
        (_("Passed on"), given, _("taken up in")),
        (_("Took over"), taken, _("adapted from")),
    ):
        if not exchanges:
            continue
        st.markdown(f"**{title}**")
        for exchange in exchanges:
            own, other = (
                practice_title(data.practices, slug, visitor_language())
                for slug in (exchange.own_slug, exchange.other_slug)
            )
            practice_link(
                exchange.other_slug, f"{own} — {arrow} {exchange.other_city_name}: {other}"
            )
