import numpy as np
import pytest
from hypothesis import given
from hypothesis import strategies as st

from geo.distance import EARTH_RADIUS_KM, haversine_km, haversine_km_many

KRAKOW = (50.06143, 19.93658)
WARSZAWA = (52.22977, 21.01178)

latitudes = st.floats(min_value=-90, max_value=90)
longitudes = st.floats(min_value=-180, max_value=180)


@pytest.mark.parametrize(
    ("a", "b", "km", "tolerance"),
    [
        (KRAKOW, WARSZAWA, 252.0, 3.0),
        ((41.57439, 24.71204), (42.01667, 24.86667), 50.8, 0.5),  # Smolyan - Asenovgrad
        ((48.8566, 2.3522), (51.5074, -0.1278), 343.6, 1.5),  # Paris - London
        ((0.0, 0.0), (0.0, 1.0), 111.195, 0.01),  # one degree of the equator
        ((90.0, 0.0), (-90.0, 0.0), np.pi * EARTH_RADIUS_KM, 1e-6),  # pole to pole
    ],
)
def test_known_distances(a, b, km: float, tolerance: float) -> None:
    assert haversine_km(*a, *b) == pytest.approx(km, abs=tolerance)


@given(latitudes, longitudes, latitudes, longitudes)
def test_distance_is_symmetric_and_bounded(lat1, lon1, lat2, lon2) -> None:
    there = haversine_km(lat1, lon1, lat2, lon2)
    assert there == pytest.approx(haversine_km(lat2, lon2, lat1, lon1), abs=1e-6)
    assert 0.0 <= there <= np.pi * EARTH_RADIUS_KM + 1e-6


@given(latitudes, longitudes)
def test_a_point_is_zero_km_from_itself(lat, lon) -> None:
    assert haversine_km(lat, lon, lat, lon) == 0.0


def test_many_matches_one_by_one() -> None:
    lats, lons = [WARSZAWA[0], 41.57439, KRAKOW[0]], [WARSZAWA[1], 24.71204, KRAKOW[1]]
    many = haversine_km_many(*KRAKOW, np.array(lats), np.array(lons))
    assert isinstance(many, np.ndarray)
    assert many.shape == (3,)
    assert list(many) == pytest.approx(
        [haversine_km(*KRAKOW, lat, lon) for lat, lon in zip(lats, lons, strict=True)]
    )
    assert many[2] == 0.0
    assert list(haversine_km_many(*KRAKOW, lats, lons)) == pytest.approx(list(many))
