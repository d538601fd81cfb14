"""Read the store into the pandas frames the pages use, and answer questions about them."""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from functools import cached_property

import pandas as pd
from sqlalchemy import Engine, text

from atlas.countries import country_name
from atlas.models import COMMITMENTS, ROLES
from atlas.multilingual import translation_columns
from atlas.review import PUBLISHED
from atlas.store import revision
from atlas.text import fold
from geo.distance import haversine_km_many

ROLE_RANK = {role: rank for rank, role in enumerate(ROLES)}


@dataclass(frozen=True)
class AtlasData:
    """Everything public in the store as frames, tagged with the store revision they show."""

    revision: int
    cities: pd.DataFrame
    projects: pd.DataFrame
    memberships: pd.DataFrame
    practices: pd.DataFrame
    topics: pd.DataFrame
    practice_topics: pd.DataFrame
    """One row per (practice, city, topic): for fast topic filters."""
    practice_projects: pd.DataFrame
    """One row per (practice, city, project)."""
    signatories: pd.DataFrame
    """Covenant of Mayors signatories (JRC table) by city, with commitments and flags."""
    practice_images: pd.DataFrame
    """One row per image of a public practice: practice, sha256, caption, in order."""
    replications: pd.DataFrame
    """One row per link between two public practices: `practice` (with its `city`)
    replicates or adapts `original` (with its `original_city`)."""

    @cached_property
    def city_slugs(self) -> frozenset[str]:
        """The public cities' slugs, for membership tests (built once per revision)."""
        return frozenset(self._city_positions("cities"))

    @cached_property
    def countries(self) -> frozenset[str]:
        """The country codes of the public cities (built once per revision)."""
        return frozenset(self.cities["country"])

    def rows_of_city(self, table: str, slug: str) -> pd.DataFrame:
        """The rows of `table` ("cities" by slug; "memberships", "practices",
        "signatories" by city) that belong to city `slug`, found through an index built
        once per revision instead of a comparison over the whole table."""
        frame: pd.DataFrame = getattr(self, table)
        positions = self._city_positions(table).get(slug)
        return frame.iloc[positions] if positions is not None else frame.iloc[0:0]

    def _city_positions(self, table: str) -> dict[str, object]:
        indexes = self.__dict__.setdefault("_city_indexes", {})
        if table not in indexes:
            column = "slug" if table == "cities" else "city"
            indexes[table] = getattr(self, table).groupby(column, sort=False).indices
        return indexes[table]


def headline_roles(memberships: pd.DataFrame) -> pd.Series:
    """Each city's most prominent role (frontrunner > follower > partner > signatory),
    indexed by city slug."""
    ranks = memberships["role"].map(ROLE_RANK)
    best = ranks.groupby(memberships["city"]).min()
    return best.map(dict(enumerate(ROLES)))


def _names_keys(cities: pd.DataFrame) -> list[str]:
    keys = []
    for name, local, slug, alternates in zip(
        cities["name"],
        cities["local_name"],
        cities["slug"],
        cities["alternate_names"],
        strict=True,
    ):
        names = [name, local, *alternates]
        folded = {fold(n) for n in names if isinstance(n, str) and n}
        folded.add(slug.replace("-", " "))  # a slug is already folded
        keys.append("|" + "|".join(sorted(folded)) + "|")
    return keys


def _texts_sql(kind: str, alias: str = "", original: bool = True) -> str:
    """The kind's columns of texts in other languages (and its original language) for a
    SELECT list, each after ", " and prefixed by `alias` (as "p.")."""
    names = translation_columns(kind) + (["original_language"] if original else [])
    return "".join(f", {alias}{name}" for name in names)


_TOPIC_TEXTS = _texts_sql("topic", original=False)
_PRACTICE_TEXTS = _texts_sql("practice", "p.")
_CITY_TEXTS = _texts_sql("city")
_PUBLIC_PRACTICE = "p.review_state = :published AND p.deleted_at IS NULL AND c.deleted_at IS NULL"


def _read(engine: Engine, sql: str) -> pd.DataFrame:
    with engine.connect() as connection:
        return pd.read_sql(text(sql), connection, params={"published": PUBLISHED})


def _tuples_by(keys: pd.Series, values: pd.Series) -> dict[str, tuple[str, ...]]:
    """{key: sorted tuple of its distinct values}, in plain Python (fast for 100k rows)."""
    grouped: dict[str, set[str]] = {}
    for key, value in zip(keys.tolist(), values.tolist(), strict=True):
        grouped.setdefault(key, set()).add(value)
    return {key: tuple(sorted(found)) for key, found in grouped.items()}


# Visitors see published practices and records that are not soft-deleted: each query
# below says so in its WHERE clause (`:published` is review.PUBLISHED).
_CURATION_COLUMNS = ["id", "version", "deleted_at"]


def load_atlas(engine: Engine) -> AtlasData:
    """Read the whole public atlas from the store (one query per table)."""
    current = revision(engine)
    topics = _read(
        engine,
        "SELECT slug, name, description"  # noqa: S608 - column names are constants
        + _TOPIC_TEXTS
        + " FROM topics ORDER BY name",
    )
    projects = _read(engine, "SELECT * FROM projects WHERE deleted_at IS NULL ORDER BY name").drop(
        columns=_CURATION_COLUMNS
    )
    memberships = _read(
        engine,
        "SELECT c.slug AS city, p.slug AS project, p.name AS project_name, m.role, "
        "m.project_role, m.source, m.confidence, m.verified_on, "
        "p.start_year, p.end_year "
        "FROM memberships m JOIN cities c ON c.id = m.city_id "
        "JOIN projects p ON p.id = m.project_id "
        "WHERE m.deleted_at IS NULL AND p.deleted_at IS NULL AND c.deleted_at IS NULL",
    )
    practices = _read(
        engine,
        "SELECT p.slug, p.title, p.summary, p.year, p.status, p.results, p.cost, p.duration, "  # noqa: S608 - column names are constants
        "p.team, p.lessons, p.transferability, p.contact_organisation, p.contact_url, "
        "p.source, p.verified_on, p.licence, c.slug AS city, c.name AS city_name, c.country"
        + _PRACTICE_TEXTS
        + " FROM practices p JOIN cities c ON c.id = p.city_id WHERE "
        + _PUBLIC_PRACTICE
        + " "
        "ORDER BY p.title",
    )
    practice_topics = _read(
        engine,
        "SELECT p.slug AS practice, c.slug AS city, t.topic_slug AS topic "
        "FROM practice_topics t JOIN practices p ON p.id = t.practice_id "
        "JOIN cities c ON c.id = p.city_id WHERE " + _PUBLIC_PRACTICE,
    )
    practice_projects = _read(
        engine,
        "SELECT p.slug AS practice, c.slug AS city, pj.slug AS project "
        "FROM practice_projects pp JOIN practices p ON p.id = pp.practice_id "
        "JOIN projects pj ON pj.id = pp.project_id JOIN cities c ON c.id = p.city_id "
        "WHERE pj.deleted_at IS NULL AND " + _PUBLIC_PRACTICE,
    )
    cities = _read(
        engine,
        "SELECT slug, name, local_name, alternate_names, country, latitude, longitude, "  # noqa: S608 - column names are constants
        "coord_source, population, population_source, description, website, source, "
        "verified_on, licence"
        + _CITY_TEXTS
        + " FROM cities WHERE deleted_at IS NULL ORDER BY name",
    )
    signatories = _read(
        engine,
        "SELECT c.slug AS city, s.organisation_id, s.name, s.commitment_2020, "
        "s.commitment_2030, s.commitment_2050, s.commitment_adaptation, s.status, "
        "s.adhesion_date, s.population, s.flag "
        "FROM signatories s JOIN cities c ON c.id = s.city_id WHERE c.deleted_at IS NULL",
    )

    replications = _read(
        engine,
        "SELECT p.slug AS practice, c.slug AS city, o.slug AS original, "
        "oc.slug AS original_city FROM practice_replications r "
        "JOIN practices p ON p.id = r.practice_id JOIN cities c ON c.id = p.city_id "
        "JOIN practices o ON o.id = r.original_id JOIN cities oc ON oc.id = o.city_id "
        "WHERE p.review_state = :published AND p.deleted_at IS NULL AND c.deleted_at IS NULL "
        "AND o.review_state = :published AND o.deleted_at IS NULL AND oc.deleted_at IS NULL",
    )

    topics_of = _tuples_by(practice_topics["practice"], practice_topics["topic"])
    projects_of = _tuples_by(practice_projects["practice"], practice_projects["project"])
    practice_slugs = practices["slug"].tolist()
    practices["topics"] = [topics_of.get(slug, ()) for slug in practice_slugs]
    practices["projects"] = [projects_of.get(slug, ()) for slug in practice_slugs]
    originals_of = _tuples_by(replications["practice"], replications["original"])
    practices["replicates"] = [originals_of.get(slug, ()) for slug in practice_slugs]

    cities["alternate_names"] = cities["alternate_names"].apply(_as_list)
    cities["population"] = cities["population"].astype("Int64")
    cities["country_name"] = cities["country"].map(country_name)
    cities["role"] = cities["slug"].map(headline_roles(memberships))
    city_projects = _tuples_by(memberships["city"], memberships["project"])
    cities["projects"] = [city_projects.get(slug, ()) for slug in cities["slug"].tolist()]
    cities["practice_count"] = (
        cities["slug"].map(practices.groupby("city").size()).fillna(0).astype(int)
    )
    cities["names_key"] = _names_keys(cities)
    held = _tuples_by(*_commitments_held(signatories))
    cities["commitments"] = [held.get(slug, ()) for slug in cities["slug"].tolist()]
    practice_images = _read(
        engine,
        "SELECT p.slug AS practice, i.sha256, i.caption FROM practice_images i "
        "JOIN practices p ON p.id = i.practice_id JOIN cities c ON c.id = p.city_id "
        "WHERE p.review_state = :published AND p.deleted_at IS NULL AND c.deleted_at IS NULL "
        "ORDER BY p.slug, i.position",
    )
    return AtlasData(
        current,
        cities,
        projects,
        memberships,
        practices,
        topics,
        practice_topics,
        practice_projects,
        signatories,
        practice_images,
        replications,
    )


def _commitments_held(signatories: pd.DataFrame) -> tuple[pd.Series, pd.Series]:
    """(city, commitment) pairs, one per commitment a city's signatory rows hold."""
    cities: list[str] = []
    held: list[str] = []
    for commitment in COMMITMENTS:
        chosen = signatories[signatories[f"commitment_{commitment}"].astype(bool)]
        cities += chosen["city"].tolist()
        held += [commitment] * len(chosen)
    return pd.Series(cities, dtype=object), pd.Series(held, dtype=object)


def _as_list(value: object) -> list[str]:
    if isinstance(value, list):
        return value
    if isinstance(value, str) and value:
        return list(json.loads(value))
    return []


@dataclass(frozen=True)
class CityProfile:
    """One city with its projects (role in each) and its good practices."""

    city: dict
    memberships: list[dict] = field(default_factory=list)
    practices: list[dict] = field(default_factory=list)
    signatories: list[dict] = field(default_factory=list)


def city_profile(data: AtlasData, slug: str) -> CityProfile | None:
    """The profile of the city `slug`, or None when the atlas has no such city."""
    match = data.rows_of_city("cities", slug)
    if match.empty:
        return None
    memberships = data.rows_of_city("memberships", slug).copy()
    memberships["rank"] = memberships["role"].map(ROLE_RANK)
    memberships = memberships.sort_values(["rank", "project_name"]).drop(columns="rank")
    practices = data.rows_of_city("practices", slug)
    return CityProfile(
        city=_without_missing(match.iloc[0].to_dict()),
        memberships=[_without_missing(row) for row in memberships.to_dict("records")],
        practices=[_without_missing(row) for row in practices.to_dict("records")],
        signatories=[
            _without_missing(row)
            for row in data.rows_of_city("signatories", slug).to_dict("records")
        ],
    )


def _without_missing(record: dict) -> dict:
    """`record` with pandas' missing markers (NaN, NA) replaced by None."""
    return {
        key: None if not isinstance(value, (list, tuple)) and pd.isna(value) else value
        for key, value in record.items()
    }


def nearby_in_projects(
    data: AtlasData, slug: str, limit: int = 5, exclude: tuple[str, ...] = ("covenant-of-mayors",)
) -> pd.DataFrame:
    """Other cities sharing a project with city `slug` (movements in `exclude` left out),
    nearest first, with `distance_km` and the `shared` project slugs."""
    memberships = data.memberships[~data.memberships["project"].isin(exclude)]
    own = set(memberships[memberships["city"] == slug]["project"])
    partners = memberships[memberships["project"].isin(own) & (memberships["city"] != slug)]
    shared = partners.groupby("city")["project"].agg(lambda ps: tuple(sorted(set(ps))))
    city = data.rows_of_city("cities", slug)
    if city.empty or shared.empty:
        return data.cities.iloc[0:0].assign(distance_km=[], shared=[])
    others = data.cities[data.cities["slug"].isin(shared.index)].copy()
    others["distance_km"] = haversine_km_many(
        float(city["latitude"].iloc[0]),
        float(city["longitude"].iloc[0]),
        others["latitude"].to_numpy(),
        others["longitude"].to_numpy(),
    )
    others["shared"] = others["slug"].map(shared)
    return others.sort_values(["distance_km", "slug"]).head(limit)


def stored_slugs(engine: Engine) -> dict[str, set[str]]:
    """The slugs of every city and practice in the store, drafts and deleted ones too."""
    with engine.connect() as connection:
        return {
            "cities": set(connection.scalars(text("SELECT slug FROM cities"))),
            "practices": set(connection.scalars(text("SELECT slug FROM practices"))),
        }
