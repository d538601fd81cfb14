import pytest

from atlas.text import fold, slugify


@pytest.mark.parametrize(
    ("name", "key"),
    [
        ("Písek", "pisek"),
        ("PISEK", "pisek"),
        ("Kraków", "krakow"),
        ("Смолян", "smolyan"),
        ("Асеновград", "asenovgrad"),
        ("Свиленград", "svilengrad"),
        ("Широка лъка", "shiroka laka"),
        ("Żyraków", "zyrakow"),
        ("Ostrołęka", "ostroleka"),
        ("Siemianowice Śląskie", "siemianowice slaskie"),
        ("Võru", "voru"),
        ("Örebro", "orebro"),
        ("Umeå", "umea"),
        ("Brest Métropole", "brest metropole"),
        ("Grand-Châtellerault", "grand chatellerault"),
        ("  Alba   Iulia ", "alba iulia"),
        ("Tiobraid Árann", "tiobraid arann"),
        ("", ""),
    ],
)
def test_fold_ignores_case_diacritics_script_and_punctuation(name: str, key: str) -> None:
    assert fold(name) == key


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("Smolyan", "smolyan"),
        ("Písek", "pisek"),
        ("Kraków", "krakow"),
        ("Alba Iulia", "alba-iulia"),
    ],
)
def test_slugify_gives_lowercase_ascii_with_hyphens(name: str, slug: str) -> None:
    assert slugify(name) == slug
