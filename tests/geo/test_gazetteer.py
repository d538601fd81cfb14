from pathlib import Path

import pytest

from geo.gazetteer import Gazetteer, core_name, default_gazetteer


@pytest.fixture(scope="module")
def gazetteer() -> Gazetteer:
    return default_gazetteer()


@pytest.mark.parametrize(
    ("name", "core"),
    [
        ("Gmina Besko", "besko"),
        ("Miasto Bydgoszcz", "bydgoszcz"),
        ("Stadt Rankweil", "rankweil"),
        ("Marktgemeinde Ottensheim", "ottensheim"),
        ("Comune di Abano Terme", "abano terme"),
        ("Ayuntamiento de Sestao", "sestao"),
        ("Botkyrka kommun", "botkyrka"),
        ("Brest Métropole", "brest"),
        ("Grand Châtellerault", "chatellerault"),
        ("Tipperary (County Council)", "tipperary"),
        ("Община Смолян", "smolyan"),
        ("Municipiul Alba Iulia", "alba iulia"),
        ("Písek", "pisek"),
        ("Grad", "grad"),
    ],
)
def test_core_name_reads_past_administrative_words(name: str, core: str) -> None:
    assert core_name(name) == core


@pytest.mark.parametrize(
    ("query", "country", "name", "expected_country"),
    [
        ("Písek", "CZ", "Písek", "CZ"),
        ("pisek", None, "Písek", "CZ"),
        ("PISEK", None, "Písek", "CZ"),
        ("Писек", "CZ", "Písek", "CZ"),
        ("krakow", None, "Kraków", "PL"),
        ("Cracow", None, "Kraków", "PL"),
        ("Смолян", None, "Smolyan", "BG"),
        ("smolian", "BG", "Smolyan", "BG"),
        ("Gmina Besko", "PL", "Besko", "PL"),
        ("Brest Métropole", "FR", "Brest", "FR"),
        ("Comune di Abano Terme", "IT", "Abano Terme", "IT"),
        ("Stadt Rankweil", "AT", "Rankweil", "AT"),
        ("Tipperary (County Council)", "IE", "Tipperary", "IE"),
        ("Rochefort Océan (agglomeration)", "FR", "Rochefort", "FR"),
        ("Alba Iulia", "RO", "Alba Iulia", "RO"),
        ("Voru", "EE", "Võru", "EE"),
        ("Bydgosz", "PL", "Bydgoszcz", "PL"),
    ],
)
def test_lookup_finds_the_place_in_any_spelling(gazetteer, query, country, name, expected_country):
    best = gazetteer.best(query, country)
    assert best is not None
    assert (best.name, best.country) == (name, expected_country)


def test_namesakes_rank_the_larger_municipality_first_but_keep_the_others(gazetteer) -> None:
    found = gazetteer.lookup("Písek", "CZ")
    assert [c.population for c in found[:2]] == [29774, 1776]
    assert found[0].latitude == pytest.approx(49.3088)
    assert found[0].score > found[1].score


def test_a_given_country_is_never_left(gazetteer) -> None:
    for name in ("Baden", "Rochefort", "Paris", "Frankfurt", "Novi Grad", "Alexandria"):
        for country in ("AT", "FR", "PL", "BG"):
            assert all(c.country == country for c in gazetteer.lookup(name, country))


def test_limit_and_unknown_names(gazetteer) -> None:
    assert len(gazetteer.lookup("Baden")) > 2
    assert len(gazetteer.lookup("Baden", limit=2)) == 2
    assert gazetteer.lookup("Qxzvbnm") == []
    assert gazetteer.best("Qxzvbnm") is None


def test_candidates_serialise(gazetteer) -> None:
    best = gazetteer.best("Smolyan", "BG").to_dict()
    assert best["geonameid"] == 727030
    assert set(best) >= {"name", "country", "latitude", "longitude", "population", "score"}


def test_index_cache_round_trips(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("ATLAS_CACHE_DIR", str(tmp_path))
    built = Gazetteer.load()
    assert list(tmp_path.glob("gazetteer-*.pickle"))
    loaded = Gazetteer.load()
    assert len(loaded) == len(built) > 100_000
    assert loaded.lookup("Kraków") == built.lookup("Kraków")
