"""Natural Earth country boundaries: ISO codes, the European frame, the served basemap."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from shapely.geometry import box

from geo import assets, boundaries
from geo.crs import WGS84

EXPECTED_IN_FRAME = {"PL", "BG", "CZ", "NO", "IE", "EE", "RO", "ES", "AT", "SE", "HU", "IT", "FR"}
MAX_BASEMAP_BYTES = 1_500_000


def test_countries_have_alpha2_codes_and_wgs84() -> None:
    world = boundaries.countries()
    assert list(world.columns) == ["iso_a2", "name", "geometry"]
    assert world.crs == WGS84
    codes = set(world["iso_a2"].dropna())
    assert {"PL", "DE", "US", "BR", "XK"} <= codes
    assert world["iso_a2"].notna().mean() > 0.98


def test_countries_is_cached() -> None:
    assert boundaries.countries() is boundaries.countries()


def test_northern_cyprus_counts_as_cyprus() -> None:
    world = boundaries.countries()
    assert set(world.loc[world["name"].isin(["Cyprus", "N. Cyprus"]), "iso_a2"]) == {"CY"}


def test_europe_frame_holds_the_expected_countries_once_each() -> None:
    frame = boundaries.europe()
    assert set(frame["iso_a2"]) >= EXPECTED_IN_FRAME
    assert frame["iso_a2"].is_unique
    assert frame.crs == WGS84


def test_europe_frame_stays_inside_its_bounds() -> None:
    lon_min, lat_min, lon_max, lat_max = boundaries.europe().total_bounds
    bounds = boundaries.EUROPE_BOUNDS
    assert box(lon_min, lat_min, lon_max, lat_max).within(box(*bounds).buffer(1e-9))


@pytest.mark.parametrize(
    ("name", "latitude", "longitude", "code"),
    [
        ("Kraków", 50.0614, 19.9366, "PL"),
        ("Smolyan", 41.5747, 24.7120, "BG"),
        ("Písek", 49.3088, 14.1475, "CZ"),
        ("Tartu", 58.3780, 26.7290, "EE"),
        ("Vienna", 48.2082, 16.3738, "AT"),
        ("Prishtina", 42.6629, 21.1655, "XK"),
        ("Nicosia, north", 35.2200, 33.3600, "CY"),
        ("Atlantic", 45.0, -20.0, None),
        ("North Sea", 56.0, 3.0, None),
        ("Norwegian Sea", 67.0, 0.0, None),
        ("New York, outside the lookup bounds", 40.7128, -74.0060, None),
    ],
)
def test_country_at(name: str, latitude: float, longitude: float, code: str | None) -> None:
    assert boundaries.country_at(latitude, longitude) == code, name


@pytest.mark.parametrize(
    ("name", "latitude", "longitude", "code"),
    [
        ("Rovaniemi", 66.5039, 25.7294, "FI"),
        ("Akureyri", 65.6835, -18.0878, "IS"),
        ("Luleå", 65.5848, 22.1547, "SE"),
        ("Bodø", 67.2804, 14.4049, "NO"),
    ],
)
def test_russia_does_not_wrap_round_the_arctic(
    name: str, latitude: float, longitude: float, code: str
) -> None:
    assert boundaries.country_at(latitude, longitude) == code, name


@pytest.mark.parametrize(("name", "latitude", "longitude"), [("Sevastopol", 44.6167, 33.5254)])
def test_crimea_counts_as_ukraine(name: str, latitude: float, longitude: float) -> None:
    assert boundaries.country_at(latitude, longitude) == "UA", name


@pytest.mark.parametrize(
    ("name", "latitude", "longitude", "code"),
    [
        ("Copenhagen", 55.6761, 12.5683, "DK"),
        ("Stockholm", 59.3293, 18.0686, "SE"),
        ("Lisbon", 38.7223, -9.1393, "PT"),
        ("Venice", 45.4408, 12.3155, "IT"),
        ("Tromsø", 69.6496, 18.9560, "NO"),
    ],
)
def test_harbour_towns_just_off_the_generalised_coast_count(
    name: str, latitude: float, longitude: float, code: str
) -> None:
    assert boundaries.country_at(latitude, longitude) == code, name


@pytest.mark.parametrize(
    ("name", "latitude", "longitude", "code"),
    [
        ("Las Palmas", 28.1235, -15.4363, "ES"),
        ("Ponta Delgada", 37.7412, -25.6756, "PT"),
        ("Longyearbyen", 78.2232, 15.6267, "NO"),
    ],
)
def test_islands_beyond_the_basemap_frame_are_found(
    name: str, latitude: float, longitude: float, code: str
) -> None:
    assert boundaries.country_at(latitude, longitude) == code, name


def test_countries_at_agrees_with_country_at() -> None:
    points = [(50.0614, 19.9366), (41.5747, 24.7120), (45.0, -20.0), (53.35, -6.26)]
    latitudes, longitudes = zip(*points, strict=True)
    assert boundaries.countries_at(list(latitudes), list(longitudes)) == [
        boundaries.country_at(lat, lon) for lat, lon in points
    ]


@pytest.fixture(scope="module")
def basemap(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, int]:
    path = tmp_path_factory.mktemp("basemap") / "europe.geojson"
    return path, boundaries.write_basemap(path)


def test_basemap_is_small(basemap: tuple[Path, int]) -> None:
    path, size = basemap
    assert size == path.stat().st_size
    assert 50_000 < size < MAX_BASEMAP_BYTES


def test_basemap_is_geojson_with_codes_and_names_only(basemap: tuple[Path, int]) -> None:
    data = json.loads(basemap[0].read_text(encoding="utf-8"))
    assert data["type"] == "FeatureCollection"
    assert {tuple(sorted(f["properties"])) for f in data["features"]} == {("iso_a2", "name")}
    assert {f["geometry"]["type"] for f in data["features"]} <= {"Polygon", "MultiPolygon"}
    assert {f["properties"]["iso_a2"] for f in data["features"]} >= EXPECTED_IN_FRAME


def test_basemap_coordinates_are_rounded(basemap: tuple[Path, int]) -> None:
    text = basemap[0].read_text(encoding="utf-8")
    assert re.search(r"\d\.\d{4,}", text) is None


def test_served_basemap_is_up_to_date(basemap: tuple[Path, int]) -> None:
    served = assets.VENDOR_DIR / assets.VENDOR_FILES["basemap"]
    assert served.read_bytes() == basemap[0].read_bytes(), "run `make setup`"
