"""Good practices for visitors: browse, search, read one, find related ones and reusers."""

from __future__ import annotations

import re
from dataclasses import dataclass

import pandas as pd

from atlas.i18n import N_
from atlas.peers import PeerError, rank_peers, seeker_from_city
from atlas.queries import AtlasData
from atlas.search import text_matches, texts_key

SORTS = {
    "title": (["title"], [True]),
    "newest": (["year", "title"], [False, True]),
    "oldest": (["year", "title"], [True, True]),
    "city": (["city_name", "title"], [True, True]),
}
SEARCHED_FIELDS = ("title", "summary")
"""The texts of a practice that the search reads, in every language."""


@dataclass(frozen=True)
class PracticeFilters:
    query: str = ""
    topics: tuple[str, ...] = ()
    countries: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()
    years: tuple[int, int] | None = None
    sort: str = "title"


def browse_practices(data: AtlasData, filters: PracticeFilters) -> pd.DataFrame:
    """Practices matching every filter; the query matches title or summary in any language
    (atlas.search.text_matches: case, accents, script and word endings ignored); sorted as
    asked (unknown years last)."""
    practices = data.practices
    keep = pd.Series(True, index=practices.index)
    if filters.query:
        keep &= text_matches(texts_key(practices, SEARCHED_FIELDS), filters.query)
    if filters.topics:
        by_topic = data.practice_topics
        keep &= practices["slug"].isin(by_topic[by_topic["topic"].isin(filters.topics)]["practice"])
    if filters.projects:
        by_project = data.practice_projects
        chosen = by_project[by_project["project"].isin(filters.projects)]["practice"]
        keep &= practices["slug"].isin(chosen)
    if filters.countries:
        keep &= practices["country"].isin(filters.countries)
    if filters.statuses:
        keep &= practices["status"].isin(filters.statuses)
    if filters.years:
        low, high = filters.years
        keep &= practices["year"].between(low, high)
    columns, ascending = SORTS.get(filters.sort, SORTS["title"])
    return practices[keep].sort_values(columns, ascending=ascending, na_position="last")


def practice_record(data: AtlasData, slug: str) -> dict | None:
    """One practice as a dict (missing values as None), or None when unknown."""
    match = data.practices[data.practices["slug"] == slug]
    if match.empty:
        return None
    record = match.iloc[0].to_dict()
    return {
        k: None if not isinstance(v, (list, tuple)) and pd.isna(v) else v for k, v in record.items()
    }


def related_practices(data: AtlasData, slug: str, limit: int = 5) -> pd.DataFrame:
    """Practices of other cities sharing a topic with practice `slug`, most shared first."""
    practice = practice_record(data, slug)
    if practice is None:
        return data.practices.iloc[0:0]
    topics = set(practice["topics"])
    others = data.practices[data.practices["city"] != practice["city"]]
    shared = others["topics"].apply(lambda values: len(topics.intersection(values)))
    return (
        others.assign(shared=shared)[shared > 0]
        .sort_values(["shared", "title"], ascending=[False, True])
        .head(limit)
    )


def reuse_candidates(data: AtlasData, slug: str, limit: int = 5) -> list:
    """Cities that could reuse practice `slug`: the closest peers of its city (see
    atlas.peers) that have no practice on its topics yet."""
    practice = practice_record(data, slug)
    if practice is None:
        return []
    try:
        seeker = seeker_from_city(data, practice["city"])
    except PeerError:
        return []
    by_topic = data.practice_topics
    done = set(by_topic[by_topic["topic"].isin(practice["topics"])]["city"])
    peers = rank_peers(data, seeker, weights={"topics": 0.0}, top=limit + len(done))
    return [peer for peer in peers if peer.slug not in done][:limit]


@dataclass(frozen=True)
class Metric:
    label: str
    value: float
    unit: str


_UNITS = (
    (r"mwh\s*/\s*(?:yr|year|a)", "MWh/yr", N_("Energy saved or produced")),
    (r"gwh\s*/\s*(?:yr|year|a)", "GWh/yr", N_("Energy saved or produced")),
    (r"t\s*co2(?:e|eq)?\s*/\s*(?:yr|year|a)", "tCO2/yr", N_("Emissions avoided")),
    (r"(?:eur|€)", "€", N_("Money")),
)
_NUMBER = r"(\d[\d,\s]*(?:\.\d+)?)"


def result_metrics(results: str | None) -> list[Metric]:
    """Quantified results found in a results text: "1,200 MWh/yr saved; 300 tCO2/yr" ->
    [Metric(…, 1200, "MWh/yr"), Metric(…, 300, "tCO2/yr")]. Euro amounts may come as
    "€ 2.5 million" or "2,500,000 EUR"."""
    if not results:
        return []
    metrics: list[Metric] = []
    for pattern, unit, label in _UNITS:
        if unit == "€":
            found = re.findall(r"(?:€|eur)\s*" + _NUMBER + r"\s*(million|m\b)?", results, re.I)
            found += re.findall(_NUMBER + r"\s*(million|m\b)?\s*(?:€|eur\b)", results, re.I)
        else:
            found = [(n, "") for n in re.findall(_NUMBER + r"\s*" + pattern, results, re.I)]
        for number, scale in found:
            value = float(re.sub(r"[,\s]", "", number))
            metrics.append(Metric(label, value * (1e6 if scale else 1), unit))
    return metrics
