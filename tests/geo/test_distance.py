import numpy as np
import pytest

from geo.distance import haversine_km, haversine_km_many


@pytest.mark.parametrize(
    ("a", "b", "km"),
    [
        ((50.06143, 19.93658), (52.22977, 21.01178), 252.0),  # Kraków - Warszawa
        ((41.57439, 24.71204), (42.01667, 24.86667), 50.8),  # Smolyan - Asenovgrad
        ((48.8566, 2.3522), (51.5074, -0.1278), 343.6),  # Paris - London
    ],
)
def test_known_distances(a, b, km: float) -> None:
    assert haversine_km(*a, *b) == pytest.approx(km, rel=0.01)


def test_distance_is_symmetric_and_zero_to_itself() -> None:
    assert haversine_km(49.3, 14.1, 41.5, 24.7) == pytest.approx(
        haversine_km(41.5, 24.7, 49.3, 14.1)
    )
    assert haversine_km(49.3, 14.1, 49.3, 14.1) == 0.0


def test_many_matches_one_by_one() -> None:
    lats, lons = np.array([52.22977, 41.57439]), np.array([21.01178, 24.71204])
    many = haversine_km_many(50.06143, 19.93658, lats, lons)
    assert list(many) == pytest.approx(
        [haversine_km(50.06143, 19.93658, a, b) for a, b in zip(lats, lons, strict=True)]
    )
