import pandas as pd
import pytest

from geo.selection import city_from_click


@pytest.fixture
def cities() -> pd.DataFrame:
    return pd.DataFrame(
        {
            "slug": ["pisek", "smolyan", "twin-a", "twin-b"],
            "name": ["Písek", "Smolyan", "Twin A", "Twin B"],
            "latitude": [49.3088, 41.57439, 45.0, 45.0],
            "longitude": [14.1475, 24.71204, 10.0, 10.0],
        }
    )


@pytest.mark.parametrize(
    ("event", "slug"),
    [
        (None, None),
        ({}, None),
        ({"last_object_clicked": None}, None),
        ({"last_object_clicked": {"lat": 49.3088, "lng": 14.1475}}, "pisek"),
        ({"last_object_clicked": {"lat": 41.574392, "lng": 24.712038}}, "smolyan"),
        ({"last_object_clicked": {"lat": 41.5, "lng": 24.7}}, None),
        (
            {
                "last_object_clicked": {"lat": 45.0, "lng": 10.0},
                "last_object_clicked_tooltip": "Twin B",
            },
            "twin-b",
        ),
        ({"last_object_clicked": {"lat": 45.0, "lng": 10.0}}, "twin-a"),
    ],
)
def test_click_selects_the_city_under_it(cities, event, slug) -> None:
    assert city_from_click(event, cities) == slug
