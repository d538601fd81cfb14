"""Export cities with their projects and roles as CSV or GeoJSON."""

from __future__ import annotations

import io
import json
from pathlib import Path

import pandas as pd

from atlas.queries import AtlasData

FORMATS = (".csv", ".geojson")
ATTRIBUTION = (
    "Frontrunners Atlas, CC BY 4.0. Each row names its source. Coordinates and populations: "
    "GeoNames (CC BY 4.0) unless the row says otherwise; Covenant of Mayors signatories and "
    "populations at adhesion: JRC GCoM MyCovenant signatories, 5th release 2024 "
    "(CC BY 4.0, © European Union)."
)
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")

EXPORT_COLUMNS = [
    "slug",
    "name",
    "local_name",
    "country",
    "latitude",
    "longitude",
    "population",
    "role",
    "memberships",
    "practice_count",
    "source",
    "licence",
]


class ExportError(ValueError):
    """The export target cannot be written as asked."""


def city_rows(data: AtlasData, cities: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per city: its fields and `memberships` as "project:role;project:role"."""
    cities = data.cities if cities is None else cities
    pairs = data.memberships.sort_values(["project", "role"])
    joined = pairs.groupby("city").apply(
        lambda group: ";".join(
            f"{p}:{r}" for p, r in zip(group["project"], group["role"], strict=True)
        ),
        include_groups=False,
    )
    rows = cities.assign(memberships=cities["slug"].map(joined).fillna(""))
    return rows[EXPORT_COLUMNS].reset_index(drop=True)


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """Prefix text cells that a spreadsheet would run as a formula with an apostrophe."""

    def safe(value: object) -> object:
        if isinstance(value, str) and value.startswith(_FORMULA_STARTS):
            return "'" + value
        return value

    text_columns = [
        name
        for name in frame.columns
        if pd.api.types.is_string_dtype(frame[name]) or pd.api.types.is_object_dtype(frame[name])
    ]
    return frame.assign(**{name: frame[name].map(safe) for name in text_columns})


def to_csv(rows: pd.DataFrame) -> str:
    return neutralise_formulas(rows).to_csv(index=False)


def to_geojson(rows: pd.DataFrame) -> str:
    """A GeoJSON FeatureCollection of points (WGS84 lon/lat) with the other columns as
    properties, and the attribution and licence as foreign members."""
    features = []
    for record in rows.to_dict("records"):
        lon, lat = record.pop("longitude"), record.pop("latitude")
        properties = {key: (None if pd.isna(value) else value) for key, value in record.items()}
        features.append(
            {
                "type": "Feature",
                "geometry": {"type": "Point", "coordinates": [lon, lat]},
                "properties": properties,
            }
        )
    collection = {
        "type": "FeatureCollection",
        "attribution": ATTRIBUTION,
        "licence": "CC BY 4.0",
        "features": features,
    }
    return json.dumps(collection, ensure_ascii=False, default=int)


def export_cities(data: AtlasData, target: str, stdout: io.TextIOBase | None = None) -> int:
    """Write all cities to `target` (.csv or .geojson by extension; "-" is GeoJSON on
    `stdout`). Returns the number of cities written."""
    rows = city_rows(data)
    if target == "-":
        if stdout is None:
            raise ExportError("no output stream for '-'")
        stdout.write(to_geojson(rows) + "\n")
        return len(rows)
    path = Path(target)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ExportError(
            f"cannot export to {path.name!r}: the file name must end in .csv or .geojson"
        )
    if not path.parent.exists():
        raise ExportError(f"folder {str(path.parent)!r} does not exist")
    content = to_csv(rows) if suffix == ".csv" else to_geojson(rows)
    path.write_text(content, encoding="utf-8")
    return len(rows)
