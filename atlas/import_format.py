"""The column format of bulk import files, derived from the pydantic models, and the
downloadable template (CSV or XLSX) built from it. docs/import-format.md describes it."""

from __future__ import annotations

import csv
import io
import types
from dataclasses import dataclass
from datetime import date
from typing import Union, get_args, get_origin

from atlas.models import CONFIDENCES, ROLES, STATUSES
from atlas.multilingual import LANGUAGES, translation_columns
from atlas.records import CITY, MEMBERSHIP, MODELS, PRACTICE
from atlas.tabular import IMPORT_KINDS, KIND_COLUMN, columns_of

TEMPLATE_FORMATS: tuple[str, ...] = ("csv", "xlsx")

_CHOICES = {
    "role": ROLES,
    "status": STATUSES,
    "confidence": CONFIDENCES,
    "original_language": LANGUAGES,
}
_TYPE_WORDS = {str: "text", int: "whole number", float: "decimal number", date: "date (YYYY-MM-DD)"}

EXAMPLES: dict[str, dict[str, str]] = {
    CITY: {
        "slug": "tabor",
        "name": "Tábor",
        "local_name": "",
        "alternate_names": "Tabor",
        "country": "CZ",
        "latitude": "49.4144",
        "longitude": "14.6578",
        "coord_source": "manual: town hall",
        "population": "34000",
        "population_source": "example: replace with the census table",
        "description": "",
        "website": "https://www.taborcz.eu",
        "source": "example row: replace it with a real record",
        "verified_on": "2026-01-31",
        "licence": "CC BY 4.0",
        **dict.fromkeys(translation_columns(CITY), ""),
        "original_language": "en",
    },
    MEMBERSHIP: {
        "city": "tabor",
        "project": "cityxchange",
        "role": "follower",
        "project_role": "follower city",
        "source": "example row: replace it with a real record",
        "confidence": "high",
        "verified_on": "2026-01-31",
    },
    PRACTICE: {
        "slug": "tabor-school-solar-roofs",
        "title": "Solar roofs on schools",
        "summary": "Example row: replace it with a real practice.",
        "topics": "energy",
        "city": "tabor",
        "projects": "cityxchange",
        "year": "2024",
        "status": "ongoing",
        "results": "",
        "cost": "",
        "duration": "",
        "team": "",
        "lessons": "",
        "transferability": "",
        "contact_organisation": "",
        "contact_url": "",
        "replicates": "",
        "source": "example row: replace it with a real record",
        "verified_on": "2026-01-31",
        "licence": "CC BY 4.0",
        **dict.fromkeys(translation_columns(PRACTICE), ""),
        "title_pl": "Panele słoneczne na dachach szkół",
        "original_language": "en",
    },
}
"""One example row per kind (references point at seed records: project cityxchange,
topic energy)."""


@dataclass(frozen=True)
class Column:
    """One import column of a kind: its name, whether a row must fill it, what it holds."""

    name: str
    required: bool
    holds: str
    example: str


def _holds(name: str, annotation: object) -> str:
    if name in _CHOICES:
        return "one of " + ", ".join(_CHOICES[name])
    if name == "replicates":
        return "practice slugs, separated by ;"
    if get_origin(annotation) in (Union, types.UnionType):
        annotation = next(arg for arg in get_args(annotation) if arg is not type(None))
    if get_origin(annotation) is list:
        return "list, separated by ;"
    if name in ("slug", "city", "project"):
        return "slug (a-z, 0-9, inner hyphens)"
    if name == "country":
        return "ISO 3166-1 alpha-2 code"
    if name in ("website", "contact_url"):
        return "http(s) link"
    return _TYPE_WORDS.get(annotation, "text")


def columns(kind: str) -> list[Column]:
    """The import columns of `kind`, exactly its model's fields, in order."""
    fields = MODELS[kind].model_fields
    return [
        Column(
            name,
            fields[name].is_required(),
            _holds(name, fields[name].annotation),
            EXAMPLES[kind].get(name, ""),
        )
        for name in columns_of(kind)
    ]


def template_columns(kind: str | None = None) -> list[str]:
    """The template's header: one kind's columns, or `kind` then every kind's columns."""
    if kind is not None:
        return list(columns_of(kind))
    return [KIND_COLUMN, *dict.fromkeys(n for k in IMPORT_KINDS for n in columns_of(k))]


def template_rows(kind: str | None = None) -> list[dict[str, str]]:
    """The template's example rows: one per kind (or of `kind` only)."""
    kinds = [kind] if kind else list(IMPORT_KINDS)
    return [({KIND_COLUMN: k} if kind is None else {}) | EXAMPLES[k] for k in kinds]


def template_bytes(fmt: str, kind: str | None = None) -> bytes:
    """The import template as a file: "csv" (UTF-8 with BOM, comma-separated, so
    spreadsheet programs open it right) or "xlsx"."""
    header, rows = template_columns(kind), template_rows(kind)
    if fmt == "csv":
        buffer = io.StringIO(newline="")
        writer = csv.DictWriter(buffer, fieldnames=header, lineterminator="\r\n")
        writer.writeheader()
        writer.writerows(rows)
        return buffer.getvalue().encode("utf-8-sig")
    if fmt == "xlsx":
        from openpyxl import Workbook

        workbook = Workbook()
        sheet = workbook.active
        sheet.title = f"{kind}s".replace("citys", "cities") if kind else "import"
        sheet.append(header)
        for row in rows:
            sheet.append([row.get(name, "") for name in header])
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue()
    raise ValueError(f"a template is .csv or .xlsx, not {fmt!r}")
