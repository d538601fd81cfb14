"""Read an import file (CSV, XLSX or GeoJSON) into numbered rows of text cells.

CSV files may be comma-, semicolon- or tab-separated and encoded as UTF-8 (with or without
a byte-order mark), Windows-1250 or ISO-8859-2 — the encodings Polish offices export. Row
numbers are the ones a spreadsheet shows (the header is row 1, the first record row 2); a
GeoJSON feature's number is its position in the collection (the first is 1). Numbers may be
written with decimal commas ("50,061") and spaces between thousands ("35 000").
"""

from __future__ import annotations

import csv
import io
import json
import re
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache
from pathlib import Path

from atlas.records import CITY, MEMBERSHIP, MODELS, PRACTICE

IMPORT_KINDS: tuple[str, ...] = (CITY, MEMBERSHIP, PRACTICE)
"""The kinds of record a bulk import brings in, in the order they are written."""
KIND_COLUMN = "kind"
DELIMITERS = ",;\t"
DECIMAL_COLUMNS = ("latitude", "longitude")
COUNT_COLUMNS = ("population",)

CP1250_ONLY_LETTERS = bytes([0x8A, 0x8C, 0x8D, 0x8E, 0x8F, 0x9A, 0x9C, 0x9D, 0x9E, 0x9F])
"""Š Ś Ť Ž Ź š ś ť ž ź in Windows-1250; C1 control codes in ISO-8859-2."""
ISO_8859_2_ONLY_LETTERS = bytes([0xA1, 0xA6, 0xAC, 0xB1, 0xB6, 0xBC])
"""Ą Ś Ź ą ś ź in ISO-8859-2; ˇ ¦ ¬ ± ¶ Ľ in Windows-1250."""

Row = tuple[int, dict[str, str]]


class TabularError(ValueError):
    """The file cannot be read as an import table at all."""


@dataclass
class Table:
    """The rows of one file and how it was read."""

    rows: list[Row] = field(default_factory=list)
    columns: list[str] = field(default_factory=list)
    format: str = "csv"
    encoding: str | None = None
    delimiter: str | None = None
    sheets: dict[str, str] = field(default_factory=dict)
    """{kind: sheet name} of a workbook read sheet by sheet (each row has its `kind`)."""
    skipped_sheets: list[str] = field(default_factory=list)
    """Sheets of such a workbook that hold no kind of record an import brings in."""

    def describe(self) -> str:
        """How the file was read, in words ("CSV, windows-1250, ';'-separated")."""
        parts = [self.format.upper() if self.format != "geojson" else "GeoJSON"]
        if self.sheets:
            parts.append("sheets " + ", ".join(self.sheets.values()))
        if self.encoding:
            parts.append(self.encoding)
        if self.delimiter:
            parts.append(
                ("tab" if self.delimiter == "\t" else f"'{self.delimiter}'") + "-separated"
            )
        return ", ".join(parts)


def detect_encoding(data: bytes) -> str:
    """The encoding of CSV bytes: "utf-8-sig" (with a byte-order mark), "utf-8",
    "windows-1250" or "iso-8859-2".

    Bytes that are not UTF-8 are read as one of the two Central European code pages,
    chosen by the bytes that are letters in one and not in the other (see
    CP1250_ONLY_LETTERS, ISO_8859_2_ONLY_LETTERS); without such bytes, Windows-1250.
    """
    if data.startswith(b"\xef\xbb\xbf"):
        return "utf-8-sig"
    try:
        data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        return "utf-8"
    cp1250 = sum(data.count(bytes([b])) for b in CP1250_ONLY_LETTERS)
    iso = sum(data.count(bytes([b])) for b in ISO_8859_2_ONLY_LETTERS)
    if iso > cp1250:
        return "iso-8859-2"
    try:
        data.decode("windows-1250")
    except UnicodeDecodeError:  # bytes Windows-1250 leaves undefined (0x81, 0x83, ...)
        return "iso-8859-2"
    return "windows-1250"


def detect_delimiter(text: str) -> str:
    """The delimiter among comma, semicolon and tab: csv.Sniffer limited to those, checked
    against the header line (the one it holds most often wins; comma on a tie)."""
    sample = text[: 64 * 1024]
    header = sample.splitlines()[0] if sample else ""
    by_header = max(DELIMITERS, key=lambda d: (header.count(d), d == ","))
    try:
        sniffed = csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        return by_header
    # Column names hold no delimiter: a sniffed one missing from the header is a guess
    # misled by the cells (lists such as "Krakow;Cracow" in a comma-separated file).
    return sniffed if header.count(sniffed) or not header.count(by_header) else by_header


def decimal_text(value: str) -> str:
    """A number written with a decimal comma or grouped digits as Python reads it:
    "50,061" -> "50.061", "-0,5" -> "-0.5", "1 234,5" -> "1234.5"; other text unchanged."""
    text = re.sub(r"[\s\u00a0\u202f]", "", value)
    if re.fullmatch(r"[+-]?\d*,\d+", text):
        return text.replace(",", ".")
    return text if re.fullmatch(r"[+-]?\d+(\.\d+)?", text) else value


def count_text(value: str) -> str:
    """A whole number with spaces (or thin / no-break spaces) between thousands, or a
    trailing decimal zero, as digits: "35 000" -> "35000", "35000,0" -> "35000"."""
    text = re.sub(r"[\s\u00a0\u202f]", "", value)
    text = re.sub(r"[.,]0+$", "", text)
    return text if text.isdigit() else value


def cell_text(value: object) -> str:
    """A spreadsheet or JSON cell as text: whole floats without ".0", dates as ISO."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else str(value)
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, (list, tuple)):
        return ";".join(cell_text(part) for part in value)
    return str(value).strip()


def _cleaned(values: dict[str, str]) -> dict[str, str]:
    for name in DECIMAL_COLUMNS:
        if values.get(name):
            values[name] = decimal_text(values[name])
    for name in COUNT_COLUMNS:
        if values.get(name):
            values[name] = count_text(values[name])
    return values


def _header(cells: list[object]) -> list[str]:
    return [cell_text(cell).strip().lower() for cell in cells]


def _records(header: list[str], body: list[tuple[int, list[object]]]) -> list[Row]:
    rows: list[Row] = []
    for number, cells in body:
        texts = [cell_text(cell) for cell in cells]
        if not any(texts):
            continue  # blank lines keep their numbers but hold nothing
        values = {name: text for name, text in zip(header, texts, strict=False) if name}
        rows.append((number, _cleaned(values)))
    return rows


def read_csv(data: bytes) -> Table:
    """Rows of CSV bytes, encoding and delimiter detected."""
    encoding = detect_encoding(data)
    text = data.decode(encoding)
    delimiter = detect_delimiter(text)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    lines = list(reader)
    if not lines:
        raise TabularError("the file is empty")
    header = _header(lines[0])
    body = [(number, cells) for number, cells in enumerate(lines[1:], start=2)]
    shown = "utf-8" if encoding == "utf-8-sig" else encoding
    return Table(_records(header, body), header, "csv", shown, delimiter)


def _sheet_names(kind: str | None) -> list[str]:
    """Sheet names that hold `kind` ("city", "cities"), none without a kind."""
    return [kind, f"{kind}s", kind.replace("city", "cities")] if kind else []


def _sheet_kinds(sheetnames: list[str]) -> dict[str, str]:
    """{kind: sheet name} for the sheets named like a kind of record ("cities", "city")."""
    names = {name.strip().lower(): name for name in sheetnames}
    found = {}
    for kind in IMPORT_KINDS:
        sheet = next((names[n] for n in _sheet_names(kind) if n in names), None)
        if sheet is not None:
            found[kind] = sheet
    return found


def _sheet_rows(workbook, sheet: str) -> tuple[list[str], list[Row]]:
    lines = [list(row) for row in workbook[sheet].iter_rows(values_only=True)]
    if not lines:
        return [], []
    header = _header(lines[0])
    body = [(number, cells) for number, cells in enumerate(lines[1:], start=2)]
    return header, _records(header, body)


def read_xlsx(data: bytes, kind: str | None = None) -> Table:
    """Rows of a workbook. With `kind`, its sheet named like the kind ("cities", "city"),
    else its first. Without, every sheet named like a kind (each row's `kind` set from its
    sheet, so a workbook the atlas exported reads back whole), else the first sheet."""
    from openpyxl import load_workbook

    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a file that is not XLSX
        raise TabularError(f"not a readable .xlsx workbook: {error}") from error
    try:
        by_kind = _sheet_kinds(workbook.sheetnames)
        if kind is None and by_kind:
            return _kind_sheets(workbook, by_kind)
        chosen = by_kind.get(kind) if kind else None
        chosen = chosen or workbook.sheetnames[0]
        header, rows = _sheet_rows(workbook, chosen)
    finally:
        workbook.close()
    if not header:
        raise TabularError(f"sheet {chosen!r} is empty")
    return Table(rows, header, "xlsx")


def _kind_sheets(workbook, by_kind: dict[str, str]) -> Table:
    rows: list[Row] = []
    columns: dict[str, None] = {KIND_COLUMN: None}
    for kind, sheet in by_kind.items():
        header, sheet_rows = _sheet_rows(workbook, sheet)
        columns |= dict.fromkeys(name for name in header if name)
        rows += [(number, {**values, KIND_COLUMN: kind}) for number, values in sheet_rows]
    skipped = [name for name in workbook.sheetnames if name not in by_kind.values()]
    return Table(rows, list(columns), "xlsx", sheets=by_kind, skipped_sheets=skipped)


def read_geojson(data: bytes) -> Table:
    """Rows of a FeatureCollection: properties as columns, a Point's coordinates as
    longitude and latitude."""
    try:
        collection = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError) as error:
        raise TabularError(f"not readable GeoJSON: {error}") from error
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise TabularError("GeoJSON must be a FeatureCollection")
    rows: list[Row] = []
    columns: dict[str, None] = {}
    for number, feature in enumerate(collection.get("features") or [], start=1):
        properties = feature.get("properties") or {}
        values = {str(k).strip().lower(): cell_text(v) for k, v in properties.items()}
        geometry = feature.get("geometry") or {}
        if geometry.get("type") == "Point" and len(geometry.get("coordinates") or []) >= 2:
            longitude, latitude = geometry["coordinates"][:2]
            values["longitude"], values["latitude"] = cell_text(longitude), cell_text(latitude)
        columns |= dict.fromkeys(values)
        rows.append((number, _cleaned(values)))
    return Table(rows, list(columns), "geojson")


def read_table(source: Path | bytes, filename: str | None = None, kind: str | None = None) -> Table:
    """Read a file by its name's suffix (.csv, .tsv, .txt, .xlsx, .geojson, .json).
    `source` is a path or the file's bytes (then `filename` gives the suffix)."""
    if isinstance(source, Path):
        filename = filename or source.name
        try:
            source = source.read_bytes()
        except OSError as error:
            raise TabularError(f"cannot read {filename}: {error.strerror}") from error
    suffix = Path(filename or "").suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        return read_csv(source)
    if suffix == ".xlsx":
        return read_xlsx(source, kind)
    if suffix in (".geojson", ".json"):
        return read_geojson(source)
    raise TabularError(f"cannot read {filename!r}: use .csv, .xlsx or .geojson")


@cache
def columns_of(kind: str) -> tuple[str, ...]:
    """The import columns of a kind: exactly its model's fields, in order."""
    return tuple(MODELS[kind].model_fields)


@cache
def known_columns() -> frozenset[str]:
    """Every column an import file may have."""
    return frozenset({KIND_COLUMN, *(name for kind in IMPORT_KINDS for name in columns_of(kind))})


def infer_kind(columns: list[str]) -> str | None:
    """The kind whose fields the columns fit best (most named, fewest foreign), or None
    when two kinds fit equally well."""
    named = set(columns) - {KIND_COLUMN, ""}
    scores = {
        kind: len(named & set(columns_of(kind))) - len(named - set(columns_of(kind)))
        for kind in IMPORT_KINDS
    }
    best = max(scores.values())
    winners = [kind for kind, score in scores.items() if score == best]
    return winners[0] if len(winners) == 1 and best > 0 else None
