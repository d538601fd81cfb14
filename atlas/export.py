"""Export the public atlas: cities or practices as CSV or GeoJSON, or everything public as
one .xlsx workbook. Text that a spreadsheet would run as a formula is neutralised."""

from __future__ import annotations

import io
import json
from datetime import date
from pathlib import Path

import pandas as pd
from openpyxl import Workbook
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from atlas.multilingual import translation_columns
from atlas.queries import AtlasData

FORMATS = (".csv", ".geojson", ".xlsx")
RECORDS = ("cities", "practices")
ATTRIBUTION = (
    "Frontrunners Atlas, CC BY 4.0. Each row names its source. Coordinates and populations: "
    "GeoNames (CC BY 4.0) unless the row says otherwise; Covenant of Mayors signatories and "
    "populations at adhesion: JRC GCoM MyCovenant signatories, 5th release 2024 "
    "(CC BY 4.0, © European Union)."
)
# OWASP's CSV-injection starts, and their full-width forms, which some spreadsheets fold.
_FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "＝", "＋", "－", "＠")

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
    "description",
    *translation_columns("city"),
    "original_language",
    "source",
    "licence",
]
PRACTICE_COLUMNS = [
    "slug",
    "title",
    "summary",
    "city",
    "city_name",
    "country",
    "latitude",
    "longitude",
    "topics",
    "projects",
    "year",
    "status",
    "results",
    "cost",
    "duration",
    "team",
    "lessons",
    "transferability",
    "contact_organisation",
    "contact_url",
    "replicates",
    *translation_columns("practice"),
    "original_language",
    "source",
    "verified_on",
    "licence",
]
"""One row per public practice; latitude and longitude are its city's point."""
DERIVED_COLUMNS: dict[str, tuple[str, ...]] = {
    "city": ("role", "memberships", "practice_count"),
    "membership": ("project_name", "start_year", "end_year"),
    "practice": ("city_name", "country", "latitude", "longitude"),
}
"""Columns of the exports (by kind of record) that are derived from other records, not
fields of the record: an import of an export recognises them and leaves them aside."""


class ExportError(ValueError):
    """The export target cannot be written as asked."""


def _memberships_by_city(memberships: pd.DataFrame) -> pd.Series:
    """ "project:role;project:role" per city slug, pairs in (project, role) order; built a
    column at a time (a city's first pair, its second, ...), never per city."""
    pairs = memberships.sort_values(["city", "project", "role"])
    slots = pd.DataFrame(
        {
            "city": pairs["city"].to_numpy(),
            "slot": pairs.groupby("city").cumcount().to_numpy(),
            "label": (pairs["project"] + ":" + pairs["role"]).to_numpy(),
        }
    ).pivot(index="city", columns="slot", values="label")
    if slots.empty:
        return pd.Series(dtype=object)
    joined = slots[0]
    for slot in slots.columns[1:]:
        joined = joined.where(slots[slot].isna(), joined + ";" + slots[slot])
    return joined


def city_rows(data: AtlasData, cities: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per city: its fields and `memberships` as "project:role;project:role"."""
    cities = data.cities if cities is None else cities
    joined = _memberships_by_city(data.memberships)
    rows = cities.assign(memberships=cities["slug"].map(joined).fillna(""))
    return rows[EXPORT_COLUMNS].reset_index(drop=True)


def practice_rows(data: AtlasData, practices: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per public practice, topics and projects as "a;b", at its city's point."""
    practices = data.practices if practices is None else practices
    points = data.cities.set_index("slug")[["latitude", "longitude"]]
    rows = practices.assign(
        latitude=practices["city"].map(points["latitude"]),
        longitude=practices["city"].map(points["longitude"]),
        topics=[";".join(values) for values in practices["topics"]],
        projects=[";".join(values) for values in practices["projects"]],
        replicates=[";".join(values) for values in practices["replicates"]],
        year=practices["year"].astype("Int64"),
    )
    return rows[PRACTICE_COLUMNS].reset_index(drop=True)


def record_rows(data: AtlasData, records: str) -> pd.DataFrame:
    """The export rows of `records` ("cities" or "practices")."""
    if records not in RECORDS:
        raise ExportError(f"cannot export {records!r}: choose {' or '.join(RECORDS)}")
    return city_rows(data) if records == "cities" else practice_rows(data)


def neutralise_text(value: object) -> object:
    """Prefix text that a spreadsheet would run as a formula with an apostrophe: text that
    starts with = + - @ (ASCII or full-width), a tab or a carriage return, also after
    leading spaces or line breaks."""
    if isinstance(value, str) and (
        value.startswith(_FORMULA_STARTS) or value.lstrip(" \n\r\t").startswith(_FORMULA_STARTS)
    ):
        return "'" + value
    return value


def restore_text(value: str) -> str:
    """Undo `neutralise_text`: "'=1+2" -> "=1+2", so an exported cell imports back as it
    was stored. Other text is returned unchanged."""
    if value.startswith("'") and neutralise_text(value[1:]) == value:
        return value[1:]
    return value


def neutralise_formulas(frame: pd.DataFrame) -> pd.DataFrame:
    """`neutralise_text` applied to every text column of `frame`."""
    text_columns = [
        name
        for name in frame.columns
        if pd.api.types.is_string_dtype(frame[name]) or pd.api.types.is_object_dtype(frame[name])
    ]
    return frame.assign(**{name: frame[name].map(neutralise_text) for name in text_columns})


def to_csv(rows: pd.DataFrame) -> str:
    """CSV with formulas neutralised and CRLF line ends (RFC 4180): a field holding a line
    break or a lone carriage return is quoted, so it cannot start a row of its own."""
    return neutralise_formulas(rows).to_csv(index=False, lineterminator="\r\n")


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
    return json.dumps(collection, ensure_ascii=False, default=_json_value)


def workbook_sheets(data: AtlasData) -> dict[str, pd.DataFrame]:
    """The sheets of the .xlsx export, in order (the `about` sheet is added on writing)."""
    return {
        "cities": city_rows(data),
        "memberships": data.memberships.reset_index(drop=True),
        "practices": practice_rows(data),
        "projects": data.projects.reset_index(drop=True),
    }


def _cell(value: object) -> object:
    if isinstance(value, (list, tuple)):
        value = ";".join(map(str, value))
    if not isinstance(value, str) and pd.isna(value):
        return None
    if isinstance(value, str):
        # openpyxl refuses control characters; a text cell never starts with "=" here, so
        # openpyxl stores every text as a string, never as a formula.
        return neutralise_text(ILLEGAL_CHARACTERS_RE.sub("", value))
    return value.item() if hasattr(value, "item") else value


def to_xlsx(data: AtlasData) -> bytes:
    """The public atlas as one workbook: sheets cities, memberships, practices, projects
    and about (attribution, data revision), every text cell formula-neutralised."""
    book = Workbook(write_only=True)
    for name, frame in workbook_sheets(data).items():
        sheet = book.create_sheet(name)
        sheet.append(list(frame.columns))
        for row in frame.itertuples(index=False, name=None):
            sheet.append([_cell(value) for value in row])
    about = book.create_sheet("about")
    about.append(["Frontrunners Atlas"])
    about.append([ATTRIBUTION])
    about.append(["Data revision", data.revision])
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def export_records(
    data: AtlasData, target: str, records: str = "cities", stdout: io.TextIOBase | None = None
) -> dict[str, int]:
    """Write `records` to `target`: .csv or .geojson by extension ("-" is GeoJSON on
    `stdout`); .xlsx writes the whole workbook whatever `records` says. Returns the rows
    written per sheet or kind of record."""
    if target == "-":
        if stdout is None:
            raise ExportError("no output stream for '-'")
        rows = record_rows(data, records)
        stdout.write(to_geojson(rows) + "\n")
        return {records: len(rows)}
    path = Path(target)
    suffix = path.suffix.lower()
    if suffix not in FORMATS:
        raise ExportError(
            f"cannot export to {path.name!r}: the file name must end in .csv, .geojson or .xlsx"
        )
    if not path.parent.exists():
        raise ExportError(f"folder {str(path.parent)!r} does not exist")
    if suffix == ".xlsx":
        path.write_bytes(to_xlsx(data))
        return {name: len(frame) for name, frame in workbook_sheets(data).items()}
    rows = record_rows(data, records)
    content = to_csv(rows) if suffix == ".csv" else to_geojson(rows)
    path.write_text(content, encoding="utf-8")
    return {records: len(rows)}


def export_cities(data: AtlasData, target: str, stdout: io.TextIOBase | None = None) -> int:
    """Write all cities to `target` (.csv or .geojson by extension; "-" is GeoJSON on
    `stdout`). Returns the number of cities written."""
    return export_records(data, target, "cities", stdout)["cities"]


def _json_value(value: object) -> object:
    """Dates as ISO text (PostgreSQL returns date objects), numpy integers as int."""
    if isinstance(value, date):
        return value.isoformat()
    return int(value)
