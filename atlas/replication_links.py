"""Replication as visitors see it (public practices only, see AtlasData.replications): a
practice's originals and adopters, what a city passed on and took over, and the lines from
a project's frontrunner cities to the follower cities that took up their practices."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from atlas.i18n import InLanguages
from atlas.models import FOLLOWER, FRONTRUNNER
from atlas.multilingual import in_languages
from atlas.queries import AtlasData

PRACTICE_COLUMNS = ["slug", "title", "city", "city_name", "country"]


def _practices(data: AtlasData, slugs: list[str]) -> pd.DataFrame:
    chosen = data.practices[data.practices["slug"].isin(slugs)]
    return chosen[PRACTICE_COLUMNS].sort_values(["title", "slug"]).reset_index(drop=True)


def adapted_from(data: AtlasData, slug: str) -> pd.DataFrame:
    """The public practices that practice `slug` replicates or adapts, with their cities."""
    links = data.replications
    return _practices(data, links.loc[links["practice"] == slug, "original"].tolist())


def replicated_in(data: AtlasData, slug: str) -> pd.DataFrame:
    """The public practices that replicate or adapt practice `slug`, with their cities."""
    links = data.replications
    return _practices(data, links.loc[links["original"] == slug, "practice"].tolist())


@dataclass(frozen=True)
class Exchange:
    """One link seen from a city: its own practice and the other city's."""

    own_slug: str
    own_title: str
    other_slug: str
    other_title: str
    other_city: str
    other_city_name: str


def _exchanges(data: AtlasData, links: pd.DataFrame, own: str, other: str) -> list[Exchange]:
    titles = dict(zip(data.practices["slug"], data.practices["title"], strict=True))
    cities = dict(zip(data.practices["slug"], data.practices["city"], strict=True))
    names = dict(zip(data.practices["slug"], data.practices["city_name"], strict=True))
    found = [
        Exchange(mine, titles[mine], theirs, titles[theirs], cities[theirs], names[theirs])
        for mine, theirs in zip(links[own], links[other], strict=True)
    ]
    return sorted(found, key=lambda e: (e.own_title, e.other_city_name, e.other_title))


def passed_on(data: AtlasData, city: str) -> list[Exchange]:
    """The city's practices that other cities replicated or adapted, with each adopter."""
    links = data.replications
    links = links[(links["original_city"] == city) & (links["city"] != city)]
    return _exchanges(data, links, "original", "practice")


def took_over(data: AtlasData, city: str) -> list[Exchange]:
    """The city's practices that replicate or adapt another city's, with each original."""
    links = data.replications
    links = links[(links["city"] == city) & (links["original_city"] != city)]
    return _exchanges(data, links, "practice", "original")


LINE_COLUMNS = [
    "from_city",
    "from_name",
    "from_latitude",
    "from_longitude",
    "to_city",
    "to_name",
    "to_latitude",
    "to_longitude",
    "practices",
]


def project_lines(data: AtlasData, project: str) -> pd.DataFrame:
    """One row per (frontrunner city, follower city) of `project` where the follower holds
    a practice replicating or adapting one of the frontrunner's: both cities' names and
    points (WGS84 degrees), and `practices` as ("original title", "adopted title") pairs."""
    members = data.memberships[data.memberships["project"] == project]
    frontrunners = set(members.loc[members["role"] == FRONTRUNNER, "city"])
    followers = set(members.loc[members["role"] == FOLLOWER, "city"])
    links = data.replications
    links = links[links["original_city"].isin(frontrunners) & links["city"].isin(followers)]
    links = links[links["original_city"] != links["city"]]
    if links.empty:
        return pd.DataFrame(columns=LINE_COLUMNS)
    titles = _titles(data, {*links["original"], *links["practice"]})
    cities = data.cities.set_index("slug")
    rows = []
    for (source, target), group in links.groupby(["original_city", "city"], sort=True):
        rows.append(
            {
                "from_city": source,
                "from_name": cities.at[source, "name"],
                "from_latitude": float(cities.at[source, "latitude"]),
                "from_longitude": float(cities.at[source, "longitude"]),
                "to_city": target,
                "to_name": cities.at[target, "name"],
                "to_latitude": float(cities.at[target, "latitude"]),
                "to_longitude": float(cities.at[target, "longitude"]),
                "practices": [
                    (titles[original], titles[adopted])
                    for original, adopted in zip(group["original"], group["practice"], strict=True)
                ],
            }
        )
    return pd.DataFrame(rows, columns=LINE_COLUMNS)


def projects_with_lines(data: AtlasData) -> list[str]:
    """Slugs of the projects for which `project_lines` draws at least one line, in the
    order of data.projects (one join, not one pass per project)."""
    links = data.replications[data.replications["original_city"] != data.replications["city"]]
    if links.empty:
        return []
    roles = data.memberships[["city", "project", "role"]]
    frontrunners = roles[roles["role"] == FRONTRUNNER].drop(columns="role")
    followers = roles[roles["role"] == FOLLOWER].drop(columns="role")
    joined = links.merge(
        frontrunners, left_on="original_city", right_on="city", suffixes=("", "_f")
    )
    joined = joined.merge(followers, on=["city", "project"])
    found = set(joined["project"])
    return [slug for slug in data.projects["slug"] if slug in found]


def _titles(data: AtlasData, slugs: set[str]) -> dict[str, InLanguages]:
    """{slug: title in every language} of the practices `slugs`."""
    chosen = data.practices[data.practices["slug"].isin(slugs)]
    return {p["slug"]: in_languages(p, "title", p["slug"]) for p in chosen.to_dict("records")}


def project_name(data: AtlasData, slug: str) -> InLanguages:
    """The project's name in every language, or its slug when the atlas shows no such
    project."""
    found = data.projects[data.projects["slug"] == slug].to_dict("records")
    return in_languages(found[0] if found else {}, "name", slug)
