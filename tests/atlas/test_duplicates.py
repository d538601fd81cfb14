import pandas as pd
import pytest

from atlas.duplicates import find_likely_duplicates, name_similarity


def _places(*rows: tuple) -> pd.DataFrame:
    return pd.DataFrame(rows, columns=["key", "name", "country", "latitude", "longitude"])


@pytest.mark.parametrize(
    ("first", "second", "alike"),
    [
        ("Písek", "Pisek", True),
        ("Смолян", "Smolyan", True),
        ("Kraków", "Krakow", True),
        ("Bydgoszcz", "Bydgosz", True),
        ("Písek", "Tábor", False),
        ("Baden", "Bad Ems", False),
    ],
)
def test_names_alike_ignore_case_accents_and_script(first: str, second: str, alike: bool) -> None:
    assert (name_similarity(first, second) >= 0.85) is alike


def test_an_alike_name_2_km_away_is_a_likely_duplicate() -> None:
    new = _places(("row 2", "Pisek", "CZ", 49.32, 14.16))
    existing = _places(
        ("pisek", "Písek", "CZ", 49.3088, 14.1475),
        ("tabor", "Tábor", "CZ", 49.4144, 14.6578),
    )
    found = find_likely_duplicates(new, existing)
    assert found[["key_a", "key_b"]].values.tolist() == [["row 2", "pisek"]]
    assert 1.0 < found["distance_km"].iloc[0] < 2.0


def test_namesakes_far_apart_or_across_a_border_are_not_duplicates() -> None:
    existing = _places(("palecznica", "Pałecznica", "PL", 50.18, 20.3))
    far = _places(("p2", "Palecznica", "PL", 51.0, 22.5))
    abroad = _places(("p3", "Palecznica", "SK", 50.18, 20.3))
    assert find_likely_duplicates(far, existing).empty
    assert find_likely_duplicates(abroad, existing).empty


def test_pairs_among_one_frame_are_listed_once_and_never_with_themselves() -> None:
    places = _places(
        ("a", "Písek", "CZ", 49.3088, 14.1475),
        ("b", "Pisek", "CZ", 49.31, 14.15),
        ("c", "Tábor", "CZ", 49.4144, 14.6578),
    )
    found = find_likely_duplicates(places)
    assert found[["key_a", "key_b"]].values.tolist() == [["a", "b"]]


def test_rows_without_a_point_are_left_out() -> None:
    places = _places(("a", "Písek", "CZ", None, None), ("b", "Pisek", "CZ", 49.31, 14.15))
    assert find_likely_duplicates(places).empty
