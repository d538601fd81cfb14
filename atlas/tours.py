"""Guided journeys: ordered tours of frontrunner cities, kept as data in data/tours.csv.

A tour's first row carries its title, description and (optional) project; every row is a
stop with a position, a city, a short story and optionally the practice to read there.

Staff may unpublish a practice or delete a city that a tour names: the tour then skips that
stop (or leaves out the practice) until it is public again. A name the store does not know
at all is a mistake in the file, and is reported.
"""

from __future__ import annotations

import csv
from collections.abc import Mapping
from dataclasses import dataclass, replace
from pathlib import Path

from atlas.queries import AtlasData


class TourError(ValueError):
    """The tours file does not fit the atlas (unknown city or practice, bad order)."""


@dataclass(frozen=True)
class Stop:
    position: int
    city: str
    story: str
    practice: str | None


@dataclass(frozen=True)
class Tour:
    slug: str
    title: str
    description: str
    project: str | None
    stops: tuple[Stop, ...]


def load_tours(
    path: Path, data: AtlasData, stored: Mapping[str, set[str]] | None = None
) -> list[Tour]:
    """Read and check the tours file; raise TourError naming every problem with its line.

    `stored` holds the slugs of every city and practice in the store ("cities",
    "practices"), drafts and deleted ones too; names only there are not public and are
    skipped (see the module docstring). Without it, the public atlas is all there is."""
    public_cities, public_practices = set(data.cities["slug"]), set(data.practices["slug"])
    stored = stored or {"cities": public_cities, "practices": public_practices}
    cities, practices = public_cities | stored["cities"], public_practices | stored["practices"]
    projects = set(data.projects["slug"])
    heads: dict[str, dict] = {}
    stops: dict[str, list[Stop]] = {}
    problems: list[str] = []
    with path.open(encoding="utf-8", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            line = reader.line_num
            slug = row["tour"].strip()
            if slug not in heads:
                heads[slug] = row
                if not row["title"].strip():
                    problems.append(f"{path.name}:{line}: tour {slug!r} has no title")
                if row["project"] and row["project"] not in projects:
                    problems.append(f"{path.name}:{line}: unknown project {row['project']!r}")
            if row["city"] not in cities:
                problems.append(f"{path.name}:{line}: unknown city {row['city']!r}")
            if row["practice"] and row["practice"] not in practices:
                problems.append(f"{path.name}:{line}: unknown practice {row['practice']!r}")
            try:
                position = int(row["position"])
            except ValueError:
                problems.append(f"{path.name}:{line}: position must be a whole number")
                continue
            stops.setdefault(slug, []).append(
                Stop(position, row["city"], row["story"].strip(), row["practice"] or None)
            )
    for slug, tour_stops in stops.items():
        if sorted(s.position for s in tour_stops) != list(range(1, len(tour_stops) + 1)):
            problems.append(f"{path.name}: tour {slug!r} positions must run 1, 2, 3, …")
    if problems:
        raise TourError("\n".join(problems))
    tours = [
        Tour(
            slug=slug,
            title=head["title"].strip(),
            description=head["description"].strip(),
            project=head["project"] or None,
            stops=_public_stops(stops[slug], public_cities, public_practices),
        )
        for slug, head in heads.items()
    ]
    return [tour for tour in tours if tour.stops]


def _public_stops(stops: list[Stop], cities: set[str], practices: set[str]) -> tuple[Stop, ...]:
    """The stops at public cities, in order and numbered again from 1, each naming its
    practice only when that is public."""
    kept = [stop for stop in sorted(stops, key=lambda s: s.position) if stop.city in cities]
    return tuple(
        replace(
            stop,
            position=position,
            practice=stop.practice if stop.practice in practices else None,
        )
        for position, stop in enumerate(kept, start=1)
    )


def step(tour: Tour, position: int, delta: int) -> int:
    """The stop position `delta` steps from `position`, kept within the tour."""
    return max(1, min(len(tour.stops), position + delta))
