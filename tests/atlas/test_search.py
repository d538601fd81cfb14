import pytest

from atlas.search import search_cities


@pytest.mark.parametrize(
    ("query", "slug"),
    [
        ("pisek", "pisek"),
        ("Písek", "pisek"),
        ("PÍSEK", "pisek"),
        ("krakow", "krakow"),
        ("Cracow", "krakow"),
        ("Смолян", "smolyan"),
        ("smolian", "smolyan"),
        ("trond", "trondheim"),
        ("trondhiem", "trondheim"),
    ],
)
def test_a_city_is_found_in_any_spelling(data, query: str, slug: str) -> None:
    assert search_cities(data.cities, query)["slug"].iloc[0] == slug


def test_exact_beats_prefix_beats_substring(data) -> None:
    found = search_cities(data.cities, "krakow")
    assert found["score"].iloc[0] == 1.0
    assert search_cities(data.cities, "krak")["score"].iloc[0] == 0.9
    assert search_cities(data.cities, "olya")["score"].iloc[0] == 0.7


def test_nothing_matches_nonsense_and_empty_query_finds_nothing(data) -> None:
    assert search_cities(data.cities, "zzzzqqq").empty
    assert search_cities(data.cities, "  ").empty


def test_limit_caps_results(data) -> None:
    assert len(search_cities(data.cities, "o", limit=2)) == 2
