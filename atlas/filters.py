"""Map filters: what a visitor chose, how it travels in the URL, and what it selects."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass

import pandas as pd

from atlas.models import COMMITMENTS, ROLES, SIGNATORY
from atlas.queries import ROLE_RANK, AtlasData, headline_roles
from atlas.search import name_scores
from atlas.url_params import MAX_TEXT

PARAM_NAMES = {
    "countries": "country",
    "projects": "project",
    "topics": "topic",
    "roles": "role",
    "commitments": "commitment",
    "query": "q",
    "replication": "replication",
}
HIDE_SIGNATORIES = "signatories"
"""URL parameter that, set to "hide", hides the cities that are only Covenant signatories."""


@dataclass(frozen=True)
class Filters:
    countries: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    topics: tuple[str, ...] = ()
    roles: tuple[str, ...] = ()
    commitments: tuple[str, ...] = ()
    """Covenant signatories shown only when holding one of these (others stay)."""
    query: str = ""
    signatories: bool = True
    """Whether cities that are only Covenant of Mayors signatories are shown."""
    replication: str = ""
    """A project whose replication lines the map draws (see atlas.replication_links); it
    selects no city."""

    @property
    def is_empty(self) -> bool:
        return self == Filters()


def _values(params: Mapping[str, Sequence[str] | str], name: str) -> list[str]:
    raw = params.get(name, [])
    items = [raw] if isinstance(raw, str) else list(raw)
    return [part.strip() for item in items for part in item.split(",") if part.strip()]


def filters_from_params(
    params: Mapping[str, Sequence[str] | str], data: AtlasData
) -> tuple[Filters, list[str]]:
    """Read filters from URL query parameters; unknown values are dropped and reported."""
    known = {
        "countries": data.countries,
        "projects": set(data.projects["slug"]),
        "topics": set(data.topics["slug"]),
        "roles": set(ROLES),
        "commitments": set(COMMITMENTS),
    }
    chosen: dict[str, tuple[str, ...]] = {}
    ignored: list[str] = []
    for field_name, allowed in known.items():
        param = PARAM_NAMES[field_name]
        values = _values(params, param)
        if field_name == "countries":
            values = [value.upper() for value in values]
        chosen[field_name] = tuple(dict.fromkeys(v for v in values if v in allowed))
        ignored += [f"{param}={value}" for value in values if value not in allowed]
    query = " ".join(_values(params, PARAM_NAMES["query"]))
    if len(query) > MAX_TEXT:
        ignored.append(f"{PARAM_NAMES['query']}={query[:20]}… (longer than {MAX_TEXT} characters)")
        query = ""
    shown = "hide" not in _values(params, HIDE_SIGNATORIES)
    asked = _values(params, PARAM_NAMES["replication"])
    replication = next((slug for slug in asked if slug in known["projects"]), "")
    ignored += [f"replication={slug}" for slug in asked if slug != replication]
    return Filters(**chosen, query=query, signatories=shown, replication=replication), ignored


def filters_to_params(filters: Filters) -> dict[str, list[str]]:
    """The query parameters that reproduce `filters` (empty ones left out)."""
    params: dict[str, list[str]] = {}
    if not filters.signatories:
        params[HIDE_SIGNATORIES] = ["hide"]
    for field_name, param in PARAM_NAMES.items():
        value = getattr(filters, field_name)
        if isinstance(value, str):
            if value:
                params[param] = [value]
        elif value:
            params[param] = list(value)
    return params


def filter_cities(data: AtlasData, filters: Filters) -> pd.DataFrame:
    """The cities shown for `filters`, with `role` as their headline role in the chosen
    projects and roles; sorted by search score when there is a query, else by role and name.
    """
    cities = data.cities
    keep = pd.Series(True, index=cities.index)
    if filters.countries:
        keep &= cities["country"].isin(filters.countries)
    only_signatory = cities["role"] == SIGNATORY
    if not filters.signatories:
        keep &= ~only_signatory
    if filters.commitments:
        chosen = set(filters.commitments)
        holds = cities["commitments"].map(lambda held: not chosen.isdisjoint(held))
        keep &= ~only_signatory | holds
    memberships = data.memberships
    if filters.projects:
        memberships = memberships[memberships["project"].isin(filters.projects)]
    if filters.roles:
        memberships = memberships[memberships["role"].isin(filters.roles)]
    if filters.projects or filters.roles:
        in_scope = set(memberships["city"])
        if filters.projects and not filters.roles:
            # A project's good practice places its city in the project even without a role.
            by_project = data.practice_projects
            in_scope |= set(by_project[by_project["project"].isin(filters.projects)]["city"])
        keep &= cities["slug"].isin(in_scope)
    if filters.topics:
        by_topic = data.practice_topics
        keep &= cities["slug"].isin(by_topic[by_topic["topic"].isin(filters.topics)]["city"])
    result = cities[keep].copy()
    if filters.projects or filters.roles:
        result["role"] = result["slug"].map(headline_roles(memberships)).fillna(result["role"])
    if filters.query:
        result["score"] = name_scores(result["names_key"], filters.query)
        result = result[result["score"] > 0]
        return result.sort_values(["score", "name"], ascending=[False, True])
    result["role_rank"] = result["role"].map(ROLE_RANK).fillna(len(ROLES))
    return result.sort_values(["role_rank", "name"]).drop(columns="role_rank")


def practices_of(data: AtlasData, cities: pd.DataFrame, filters: Filters) -> pd.DataFrame:
    """Practices of the shown cities that also match the topic and project filters."""
    practices = data.practices[data.practices["city"].isin(cities["slug"])]
    if filters.topics:
        by_topic = data.practice_topics
        chosen = by_topic[by_topic["topic"].isin(filters.topics)]["practice"]
        practices = practices[practices["slug"].isin(chosen)]
    if filters.projects:
        by_project = data.practice_projects
        chosen = by_project[by_project["project"].isin(filters.projects)]["practice"]
        practices = practices[practices["slug"].isin(chosen)]
    return practices


def summary_line(cities: pd.DataFrame, practices: pd.DataFrame) -> str:
    """ "17 cities · 9 practices" """
    city_word = "city" if len(cities) == 1 else "cities"
    practice_word = "practice" if len(practices) == 1 else "practices"
    return f"{len(cities)} {city_word} · {len(practices)} {practice_word}"
