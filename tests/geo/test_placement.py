"""Placing a city: the click map and the outside-country warning."""

from __future__ import annotations

import pytest

from geo.placement import PLACEMENT_ZOOM, country_warning, placement_map


def test_a_point_inside_its_country_needs_no_warning() -> None:
    assert country_warning(49.3088, 14.1475, "CZ") is None  # Písek


@pytest.mark.parametrize(
    ("latitude", "longitude", "country", "said"),
    [
        (49.3088, 14.1475, "PL", "lies in Czechia, not in Poland"),
        (43.0, 5.0, "FR", "not in any country"),
    ],
)
def test_a_point_outside_the_chosen_country_is_named(
    latitude: float, longitude: float, country: str, said: str
) -> None:
    assert said in country_warning(latitude, longitude, country)


def test_nothing_to_check_without_a_point_or_a_country() -> None:
    assert country_warning(None, 14.1, "CZ") is None
    assert country_warning(49.3, 14.1, "") is None


def test_the_placement_map_centres_on_the_point_with_a_marker() -> None:
    fmap = placement_map(49.3088, 14.1475)
    assert fmap.location == [49.3088, 14.1475]
    assert fmap.options["zoom"] == PLACEMENT_ZOOM
    assert "circleMarker" in fmap.get_root().render()
