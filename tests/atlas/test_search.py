import pandas as pd
import pytest

from atlas.search import search_cities, text_matches, texts_key, word_stem


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


@pytest.mark.parametrize(
    ("word", "stem"),
    [("szkola", "szkol"), ("energiya", "energ"), ("energy", "energ"), ("sofia", "sofia")],
)
def test_a_word_stem_drops_final_vowels_but_keeps_four_letters(word: str, stem: str) -> None:
    assert word_stem(word) == stem


RECORDS = pd.DataFrame(
    {
        "slug": ["pisek-school", "smolyan-block", "trondheim-grid"],
        "title": ["Energy-positive school", "Positive energy block", "Smart grid"],
        "title_pl": ["Szkoła energetycznie pozytywna", None, None],
        "summary": ["A school.", "Pool and sports hall.", "A grid."],
        "summary_bg": [None, "Позитивен енергиен блок в Смолян.", None],
    }
)


@pytest.mark.parametrize(
    ("query", "slugs"),
    [
        ("szkoła", ["pisek-school"]),
        ("SZKOLA", ["pisek-school"]),
        ("szkoły", ["pisek-school"]),
        ("енергия", ["pisek-school", "smolyan-block"]),
        ("енергиен блок", ["smolyan-block"]),
        ("smolyan", ["smolyan-block"]),
        ("grid", ["trondheim-grid"]),
        ("rid", ["trondheim-grid"]),
        ("училище", []),
    ],
)
def test_a_query_in_any_language_finds_a_record_through_any_of_its_texts(
    query: str, slugs: list[str]
) -> None:
    keys = texts_key(RECORDS, ("title", "summary"))
    assert RECORDS[text_matches(keys, query)]["slug"].tolist() == slugs
