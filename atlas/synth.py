"""Synthetic but realistic records for scale tests and benchmarks, deterministic per seed.

Synthetic cities are real European places from the gazetteer (name, country, coordinates,
population) with a role in one of the store's projects; synthetic practices get topics,
years, statuses and quantified results drawn from plausible ranges. Every synthetic
record says so in its source, so it is never mistaken for real data.
"""

from __future__ import annotations

import random
from datetime import date

from sqlalchemy import Engine, select

from atlas.models import ROLES, STATUSES, City, Membership, Practice
from atlas.seed import Seed, write_seed
from atlas.store import session_scope
from atlas.tables import CityRow, ProjectRow, TopicRow
from atlas.text import slugify

SOURCE = "synthetic record for scale tests (not real data)"
LICENCE = "CC0 1.0"
TITLES = {
    "energy": [
        "Rooftop solar on municipal buildings",
        "District heating from waste heat",
        "Energy management system for public buildings",
        "Community energy cooperative",
    ],
    "buildings": [
        "Deep retrofit of schools",
        "Passive-house kindergarten",
        "One-stop shop for home renovation",
    ],
    "mobility": [
        "Protected cycle network",
        "Electric bus fleet",
        "Low-traffic neighbourhoods",
        "Park-and-ride with bike sharing",
    ],
    "blue-green-infrastructure": [
        "Rain gardens and bioswales",
        "Urban forest corridor",
        "River restoration park",
    ],
    "climate-adaptation": [
        "Heat action plan",
        "Flood-resilient public squares",
        "Drought-proof municipal greenery",
    ],
    "citizen-engagement": [
        "Participatory climate budget",
        "Youth climate council",
        "Neighbourhood energy ambassadors",
    ],
    "finance-governance": [
        "Energy performance contracting",
        "Green bond for retrofits",
        "SECAP monitoring dashboard",
    ],
    "spatial-planning": [
        "Fifteen-minute neighbourhood plan",
        "Energy-aware zoning",
        "Brownfield regeneration masterplan",
    ],
}


def synthetic_cities(count: int, rng: random.Random, taken: set[str]) -> list[City]:
    """`count` cities from real European GeoNames places of the gazetteer not already in
    `taken` (slugs)."""
    from geo.gazetteer import default_gazetteer

    places = [place for place in default_gazetteer().places() if place.geonameid]
    order = list(range(len(places)))
    rng.shuffle(order)
    cities: list[City] = []
    for position in order:
        if len(cities) == count:
            break
        place = places[position]
        slug = f"{slugify(place.name)}-{place.geonameid}"
        if slug in taken or len(slug) > 80 or not slugify(place.name):
            continue
        taken.add(slug)
        cities.append(
            City(
                slug=slug,
                name=place.name,
                country=place.country,
                latitude=place.latitude,
                longitude=place.longitude,
                coord_source=f"geonames:{place.geonameid}",
                population=place.population or None,
                population_source="GeoNames",
                source=SOURCE,
                licence=LICENCE,
            )
        )
    return cities


def synthetic_practice(
    index: str, city: str, topics: list[str], projects: list[str], rng: random.Random
) -> Practice:
    chosen = rng.sample(topics, k=rng.choice((1, 1, 2, 3)))
    title = rng.choice(TITLES.get(chosen[0], ["Local climate measure"]))
    year = rng.randint(2008, 2025)
    saved = rng.choice((None, rng.randint(50, 20000)))
    return Practice(
        slug=f"synthetic-{index}",
        title=title,
        summary=f"{title}: a synthetic practice for scale tests.",
        topics=chosen,
        city=city,
        projects=rng.sample(projects, k=min(len(projects), rng.choice((0, 1, 1, 2)))),
        year=year,
        status=rng.choice(STATUSES),
        results=f"{saved:,} MWh/yr saved" if saved else None,
        source=SOURCE,
        verified_on=date(2026, 1, 1),
        licence=LICENCE,
    )


BATCH = 5_000
"""Practices written per transaction: keeps memory flat for tens of thousands."""


def add_synthetic(
    engine: Engine, practices: int, cities: int = 0, seed: int = 42
) -> dict[str, int]:
    """Add `cities` synthetic cities (each with a role in a random project), then
    `practices` synthetic practices spread over all cities, in batches of BATCH per
    transaction. The same seed gives the same records. Returns the counts."""
    rng = random.Random(seed)  # noqa: S311 - reproducible test data, not security
    with session_scope(engine) as session:
        taken = set(session.scalars(select(CityRow.slug)))
        projects = list(session.scalars(select(ProjectRow.slug).order_by(ProjectRow.slug)))
        topics = list(session.scalars(select(TopicRow.slug).order_by(TopicRow.slug)))
        if not projects or not topics:
            raise ValueError("the store has no projects or topics: run `python -m atlas init`")
        new_cities = synthetic_cities(cities, rng, taken)
        memberships = [
            Membership(
                city=c.slug,
                project=rng.choice(projects),
                role=rng.choices(ROLES, weights=(1, 3, 3, 10))[0],
                source=SOURCE,
            )
            for c in new_cities
        ]
        write_seed(session, Seed(cities=new_cities, memberships=memberships))
    all_cities = sorted(taken)
    for start in range(0, practices, BATCH):
        batch = [
            synthetic_practice(f"{seed}-{i}", rng.choice(all_cities), topics, projects, rng)
            for i in range(start, min(practices, start + BATCH))
        ]
        with session_scope(engine) as session:
            write_seed(session, Seed(practices=batch))
    return {"cities": len(new_cities), "practices": practices}
