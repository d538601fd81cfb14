"""Counts for the statistics page: cities, practices and projects by country, topic, role."""

from __future__ import annotations

import pandas as pd

from atlas.countries import country_name
from atlas.models import ROLES
from atlas.queries import AtlasData


def by_country(data: AtlasData) -> pd.DataFrame:
    """Per country: cities, practices, projects its cities take part in."""
    cities = data.cities.groupby("country").size().rename("cities")
    practices = data.practices.groupby("country").size().rename("practices")
    with_country = data.memberships.merge(
        data.cities[["slug", "country"]], left_on="city", right_on="slug"
    )
    projects = with_country.groupby("country")["project"].nunique().rename("projects")
    table = pd.concat([cities, practices, projects], axis=1).fillna(0).astype(int)
    table.index.name = "country"
    table = table.reset_index()
    table.insert(1, "country_name", table["country"].map(country_name))
    return table.sort_values(["cities", "country_name"], ascending=[False, True])


def by_topic(data: AtlasData) -> pd.DataFrame:
    """Per topic: practices and the cities that have them."""
    exploded = data.practices[["slug", "city", "topics"]].explode("topics").dropna()
    counts = exploded.groupby("topics").agg(
        practices=("slug", "nunique"), cities=("city", "nunique")
    )
    names = dict(zip(data.topics["slug"], data.topics["name"], strict=True))
    table = counts.reindex(list(names), fill_value=0).reset_index(names="topic")
    table.insert(1, "topic_name", table["topic"].map(names))
    return table


def by_role(data: AtlasData) -> pd.DataFrame:
    """Per role: memberships (a city counted once per project) and distinct cities."""
    grouped = data.memberships.groupby("role").agg(
        memberships=("city", "size"), cities=("city", "nunique")
    )
    return grouped.reindex(list(ROLES), fill_value=0).reset_index(names="role")
