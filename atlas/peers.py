"""Peer finder: rank the atlas's cities as peers for a city that wants to learn.

Every candidate gets parts in 0..1, each answering one question a climate officer asks:

- topics    did they do what we plan? 1 - 0.5**n for n published practices sharing a
            topic with ours (any practice counts when we named no topic);
- size      are they like us? 1 - |log10(their population / ours)| / 2, floored at 0
            (same size 1, ten times larger or smaller 0.5); 0.5 when a population is unknown;
- distance  can we visit? exp(-km / DISTANCE_SCALE_KM), great-circle;
- country   can we talk? 1 same country, 0.6 a neighbouring one, 0.5 a shared language;
- projects  do we already know each other? 1 - 0.5**n for n shared projects (the
            Covenant of Mayors is a movement, not a project, and does not count);
- role      have they led? frontrunner 1, follower 0.5, partner 0.3, signatory 0.1.

The score is the weighted mean of the parts (WEIGHTS, adjustable); with
`frontrunners_first`, frontrunners come before all others, each group ranked by score.
Ties are broken by slug, so a ranking is deterministic.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from atlas.countries import main_language, neighbours, official_languages
from atlas.i18n import LANGUAGES, N_, InLanguages, Message, Nn_
from atlas.models import COMPLETED, FOLLOWER, FRONTRUNNER, PARTNER, SIGNATORY
from atlas.multilingual import ENGLISH, in_languages
from atlas.queries import AtlasData
from atlas.text import fold
from geo.distance import haversine_km_many

PARTS = ("topics", "size", "distance", "country", "projects", "role")
WEIGHTS: dict[str, float] = {
    "topics": 3.0,
    "size": 1.5,
    "distance": 1.5,
    "country": 1.0,
    "projects": 1.0,
    "role": 1.0,
}
PART_LABELS = {
    "topics": N_("Practices on our topics"),
    "size": N_("Similar size"),
    "distance": N_("Nearby"),
    "country": N_("Same or neighbouring country, shared language"),
    "projects": N_("Shared projects"),
    "role": N_("Frontrunner experience"),
}
DISTANCE_SCALE_KM = 500.0
ROLE_VALUES = {FRONTRUNNER: 1.0, FOLLOWER: 0.5, PARTNER: 0.3, SIGNATORY: 0.1}
SAME_COUNTRY, NEIGHBOUR, SHARED_LANGUAGE = 1.0, 0.6, 0.5
UNKNOWN_SIZE = 0.5
SAME_PLACE_KM = 1.0
COVENANT_OF_MAYORS = "covenant-of-mayors"


class PeerError(ValueError):
    """The request cannot be answered (unknown city, bad weights, …)."""


@dataclass(frozen=True)
class Seeker:
    """The city asking for peers: an atlas city (`slug`) or one described by the user."""

    name: str
    country: str
    latitude: float
    longitude: float
    population: int | None = None
    topics: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    projects: tuple[str, ...] = ()
    max_distance_km: float | None = None
    slug: str | None = None


@dataclass(frozen=True)
class Peer:
    slug: str
    name: str
    country: str
    latitude: float
    longitude: float
    score: float
    distance_km: float
    parts: dict[str, float]
    reasons: list[Message]
    practices: list[str] = field(default_factory=list)

    def to_dict(self) -> dict:
        return {
            "slug": self.slug,
            "name": self.name,
            "country": self.country,
            "score": round(self.score, 4),
            "distance_km": round(self.distance_km, 1),
            "parts": {name: round(value, 4) for name, value in self.parts.items()},
            "reasons": self.reasons,
            "practices": self.practices,
        }


def seeker_from_city(
    data: AtlasData, slug: str, topics: tuple[str, ...] = (), **options: object
) -> Seeker:
    """A Seeker for the atlas city `slug`, with its population and projects."""
    match = data.rows_of_city("cities", slug)
    if match.empty:
        raise PeerError(f"no city {slug!r} in the atlas")
    city = match.iloc[0]
    population = city["population"]
    return Seeker(
        name=str(city["name"]),
        country=str(city["country"]),
        latitude=float(city["latitude"]),
        longitude=float(city["longitude"]),
        population=None if pd.isna(population) else int(population),
        topics=tuple(topics),
        projects=tuple(city["projects"]),
        slug=slug,
        **options,
    )


def check_weights(weights: dict[str, float]) -> dict[str, float]:
    """Weights for every part, none negative, not all zero."""
    unknown = set(weights) - set(PARTS)
    if unknown:
        raise PeerError(f"unknown weight(s): {', '.join(sorted(unknown))}")
    full = {**WEIGHTS, **weights}
    if any(value < 0 or not math.isfinite(value) for value in full.values()):
        raise PeerError("weights must be finite and not negative")
    if sum(full.values()) == 0:
        raise PeerError("at least one weight must be above zero")
    return full


def _saturating(counts: np.ndarray) -> np.ndarray:
    return 1.0 - np.power(0.5, counts)


def _practices_per_city(data: AtlasData, topics: tuple[str, ...]) -> pd.Series:
    """Published practices per city slug: on `topics` if given, else all."""
    if not topics:
        return data.cities.set_index("slug")["practice_count"]
    on_topic = data.practice_topics[data.practice_topics["topic"].isin(topics)]
    return on_topic.groupby("city")["practice"].nunique()


def score_parts(data: AtlasData, seeker: Seeker) -> pd.DataFrame:
    """One row per candidate city (the seeker itself left out) with each part in 0..1,
    `distance_km`, and the counts the explanations quote."""
    cities = data.cities
    distance = haversine_km_many(
        seeker.latitude,
        seeker.longitude,
        cities["latitude"].to_numpy(),
        cities["longitude"].to_numpy(),
    )
    frame = pd.DataFrame(
        {"slug": cities["slug"].to_numpy(), "distance_km": distance}, index=cities.index
    )
    counts = _practices_per_city(data, seeker.topics)
    frame["topic_practices"] = cities["slug"].map(counts).fillna(0).to_numpy(dtype=float)
    frame["topics"] = _saturating(frame["topic_practices"].to_numpy())

    population = pd.to_numeric(cities["population"], errors="coerce").to_numpy(dtype=float)
    if seeker.population and seeker.population > 0:
        with np.errstate(divide="ignore", invalid="ignore"):
            gap = np.abs(np.log10(population / seeker.population))
        frame["size"] = np.where(np.isfinite(gap), np.clip(1 - gap / 2, 0, 1), UNKNOWN_SIZE)
    else:
        frame["size"] = UNKNOWN_SIZE

    frame["distance"] = np.exp(-distance / DISTANCE_SCALE_KM)
    frame["country"] = _country_part(cities["country"], seeker)

    shared = set(seeker.projects) - {COVENANT_OF_MAYORS}
    in_shared = data.memberships[data.memberships["project"].isin(shared)]
    shared_count = cities["slug"].map(in_shared.groupby("city")["project"].nunique()).fillna(0)
    frame["projects"] = _saturating(shared_count.to_numpy(dtype=float))
    frame["role_name"] = cities["role"]
    frame["role"] = cities["role"].map(ROLE_VALUES).fillna(0.0).to_numpy()

    itself = frame["slug"] == seeker.slug if seeker.slug else np.zeros(len(frame), dtype=bool)
    same_place = (distance < SAME_PLACE_KM) & (cities["country"] == seeker.country)
    same_place &= cities["names_key"].str.contains(f"|{fold(seeker.name)}|", regex=False)
    return frame[~(itself | same_place)]


def _country_part(countries: pd.Series, seeker: Seeker) -> np.ndarray:
    near = neighbours(seeker.country)
    spoken = set(seeker.languages) or set(official_languages(seeker.country))
    values = {}
    for code in countries.unique():
        if code == seeker.country:
            values[code] = SAME_COUNTRY
        elif code in near:
            values[code] = NEIGHBOUR
        elif main_language(code) in spoken:
            values[code] = SHARED_LANGUAGE
        else:
            values[code] = 0.0
    return countries.map(values).to_numpy(dtype=float)


def rank_peers(
    data: AtlasData,
    seeker: Seeker,
    weights: dict[str, float] | None = None,
    top: int = 10,
    frontrunners_first: bool = False,
) -> list[Peer]:
    """The `top` best peers for `seeker`, best first, each with its parts and reasons."""
    if top < 1:
        raise PeerError("top must be at least 1")
    full = check_weights(weights or {})
    parts = score_parts(data, seeker)
    if seeker.max_distance_km is not None:
        parts = parts[parts["distance_km"] <= seeker.max_distance_km]
    total = sum(full.values())
    parts = parts.assign(score=sum(parts[name] * full[name] for name in PARTS) / total)
    keys = ["score", "slug"]
    ascending = [False, True]
    if frontrunners_first:
        parts = parts.assign(leads=parts["role_name"] == FRONTRUNNER)
        keys, ascending = ["leads", *keys], [False, *ascending]
    best = parts.sort_values(keys, ascending=ascending).head(top)
    cities = data.cities.loc[best.index]
    own = _practices_by_city(data.practices[data.practices["city"].isin(best["slug"])])
    return [
        _peer(data, seeker, row, city, own.get(city["slug"], []))
        for (_, row), (_, city) in zip(best.iterrows(), cities.iterrows(), strict=True)
    ]


_PracticeBrief = tuple[str, tuple[str, ...], str, float]
"""(title, topics, status, year or 0) of one practice."""


def _practices_by_city(practices: pd.DataFrame) -> dict[str, list[_PracticeBrief]]:
    grouped: dict[str, list[_PracticeBrief]] = {}
    for practice in practices.to_dict("records"):
        year = practice["year"]
        known_year = 0.0 if year is None or year != year else float(year)
        title = in_languages(practice, "title", practice["slug"])
        brief = (title, practice["topics"], practice["status"], known_year)
        grouped.setdefault(practice["city"], []).append(brief)
    return grouped


def _peer(
    data: AtlasData, seeker: Seeker, row: pd.Series, city: pd.Series, own: list[_PracticeBrief]
) -> Peer:
    return Peer(
        slug=str(city["slug"]),
        name=str(city["name"]),
        country=str(city["country"]),
        latitude=float(city["latitude"]),
        longitude=float(city["longitude"]),
        score=float(row["score"]),
        distance_km=float(row["distance_km"]),
        parts={name: float(row[name]) for name in PARTS},
        reasons=explain(data, seeker, row, city),
        practices=_practices_to_read(own, seeker.topics),
    )


def _practices_to_read(own: list[_PracticeBrief], topics: tuple[str, ...]) -> list[str]:
    """Titles of a city's practices: those sharing most of the seeker's topics first, then
    completed ones, then the most recent, then by title."""
    wanted = set(topics)
    ranked = sorted(
        own,
        key=lambda p: (-len(wanted.intersection(p[1])), p[2] != COMPLETED, -p[3], p[0]),
    )
    return [title for title, *_ in ranked]


def explain(data: AtlasData, seeker: Seeker, row: pd.Series, city: pd.Series) -> list[Message]:
    """The reasons behind a candidate's score, in words, strongest evidence first."""
    reasons: list[Message] = []
    count = int(row["topic_practices"])
    if count:
        about = _topics_about(data, seeker.topics)
        if about:
            reasons.append(
                Message(
                    *Nn_("{count} practice in {about}", "{count} practices in {about}"),
                    count=count,
                    about=about,
                )
            )
        else:
            reasons.append(
                Message(
                    *Nn_("{count} practice in any topic", "{count} practices in any topic"),
                    count=count,
                )
            )
    if row["size"] >= 0.75 and seeker.population and not pd.isna(city["population"]):
        reasons.append(
            Message(
                N_("similar size ({population} vs {own})"),
                population=int(city["population"]),
                own=int(seeker.population),
            )
        )
    reasons.append(Message(N_("{km} km away"), km=round(float(row["distance_km"]))))
    if city["country"] == seeker.country:
        reasons.append(Message(N_("same country")))
    elif row["country"] == NEIGHBOUR:
        reasons.append(Message(N_("neighbouring country ({country})"), country=city["country"]))
    elif row["country"] == SHARED_LANGUAGE:
        reasons.append(Message(N_("shares a language ({country})"), country=city["country"]))
    projects = {project["slug"]: project for project in data.projects.to_dict("records")}
    shared = set(seeker.projects) - {COVENANT_OF_MAYORS}
    for slug in sorted(shared.intersection(city["projects"])):
        project = projects.get(slug, {})
        short = project.get("acronym")
        name = short if isinstance(short, str) else in_languages(project, "name", slug)
        reasons.append(Message(N_("also in {project}"), project=name))
    if row["role_name"] == FRONTRUNNER:
        reasons.append(Message(N_("a frontrunner")))
    return reasons


def _topics_about(data: AtlasData, topics: tuple[str, ...]) -> InLanguages:
    """The names of `topics`, in lower case and joined, in each language."""
    records = {topic["slug"]: topic for topic in data.topics.to_dict("records")}
    named = [in_languages(records.get(slug, {}), "name", slug) for slug in topics]
    texts = {lang: ", ".join(name.texts[lang].lower() for name in named) for lang in LANGUAGES}
    return InLanguages(texts[ENGLISH], texts)


def shortlist_rows(peers: list[Peer]) -> pd.DataFrame:
    """The peers as a table to export: rank, city, score, distance, reasons, practices."""
    return pd.DataFrame(
        [
            {
                "rank": rank,
                "slug": peer.slug,
                "name": peer.name,
                "country": peer.country,
                "score": round(peer.score, 3),
                "distance_km": round(peer.distance_km),
                "reasons": "; ".join(peer.reasons),
                "practices_to_read": "; ".join(peer.practices),
            }
            for rank, peer in enumerate(peers, start=1)
        ],
        columns=[
            "rank",
            "slug",
            "name",
            "country",
            "score",
            "distance_km",
            "reasons",
            "practices_to_read",
        ],
    )
