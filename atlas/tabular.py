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
import zipfile
import zlib
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from functools import cache, reduce
from pathlib import Path

from atlas.i18n import N_, Message
from atlas.limits import (
    MAX_CELL_CHARS,
    MAX_JSON_CONTAINERS,
    MAX_JSON_DEPTH,
    MAX_TABLE_CELLS,
    MAX_TABLE_COLUMNS,
    MAX_TABLE_FILE_BYTES,
    MAX_TABLE_ROWS,
    MAX_XLSX_UNPACKED_BYTES,
    size_text,
)
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
        parts: list[str] = [self.format.upper() if self.format != "geojson" else "GeoJSON"]
        if self.sheets:
            parts.append(Message(N_("sheets {sheets}"), sheets=", ".join(self.sheets.values())))
        if self.encoding:
            parts.append(self.encoding)
        if self.delimiter == "\t":
            parts.append(Message(N_("tab-separated")))
        elif self.delimiter:
            parts.append(Message(N_("'{delimiter}'-separated"), delimiter=self.delimiter))
        return reduce(
            lambda first, second: Message(N_("{first}, {second}"), first=first, second=second),
            parts,
        )


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


class _RowCollector:
    """Turns a file's lines into numbered rows while it is read, refusing the file as soon
    as it breaks a limit of atlas.limits (so no limit is checked after the memory is spent)."""

    def __init__(self, header_cells: list[object]) -> None:
        self.rows: list[Row] = []
        self.cells = 0
        self.start_sheet(header_cells)

    def start_sheet(self, header_cells: list[object]) -> None:
        """The header of the rows that follow (a workbook has one per sheet)."""
        if len(header_cells) > MAX_TABLE_COLUMNS:
            raise TabularError(_too_many_columns(1))
        self.header = _header(header_cells)

    def add(self, number: int, cells: list[object]) -> None:
        """A line of cells under the header; a blank line is skipped (it keeps its number)."""
        if len(cells) > MAX_TABLE_COLUMNS and any(cells[MAX_TABLE_COLUMNS:]):
            raise TabularError(_too_many_columns(number))
        texts = [cell_text(cell) for cell in cells]
        if any(texts):
            named = zip(self.header, texts, strict=False)
            self.add_values(number, {name: text for name, text in named if name})

    def add_values(self, number: int, values: dict[str, str]) -> None:
        """A record's cells by column name."""
        if len(self.rows) >= MAX_TABLE_ROWS:
            raise TabularError(
                Message(
                    N_(
                        "the file holds more than {most} rows, the most one import may hold; "
                        "split it into several files"
                    ),
                    most=MAX_TABLE_ROWS,
                )
            )
        self.cells += sum(1 for text in values.values() if text)
        if self.cells > MAX_TABLE_CELLS:
            raise TabularError(
                Message(
                    N_(
                        "the file holds more than {most} filled cells, the most one import may "
                        "hold; split it into several files"
                    ),
                    most=MAX_TABLE_CELLS,
                )
            )
        if any(len(text) > MAX_CELL_CHARS for text in values.values()):
            raise TabularError(_cell_too_long(number))
        self.rows.append((number, _cleaned(values)))


_TOO_MANY_COLUMNS = {
    "row": N_("row {number} has more than {most} columns, the most an import reads"),
    "feature": N_("feature {number} has more than {most} columns, the most an import reads"),
}


def _too_many_columns(number: int, what: str = "row") -> Message:
    return Message(_TOO_MANY_COLUMNS[what], number=str(number), most=MAX_TABLE_COLUMNS)


def _cell_too_long(number: int) -> Message:
    return Message(
        N_("row {number} has a cell longer than {most} characters, the most one cell may hold"),
        number=str(number),
        most=MAX_CELL_CHARS,
    )


def _check_file_size(data: bytes, what: str) -> None:
    if len(data) > MAX_TABLE_FILE_BYTES:
        raise TabularError(
            Message(
                N_("the {what} is {size}, more than the {most} one import file may be"),
                what=Message(what),
                size=size_text(len(data)),
                most=size_text(MAX_TABLE_FILE_BYTES),
            )
        )


_LINE = re.compile(r"[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+$")


def _lines(text: str) -> Iterator[str]:
    """The lines of `text` with their endings (\\n, \\r\\n or \\r), one at a time: no
    copy of the whole text is made."""
    return (match.group() for match in _LINE.finditer(text))


def read_csv(data: bytes) -> Table:
    """Rows of CSV bytes, encoding and delimiter detected."""
    _check_file_size(data, N_("CSV file"))
    encoding = detect_encoding(data)
    text = data.decode(encoding)
    delimiter = detect_delimiter(text)
    reader = csv.reader(_lines(text), delimiter=delimiter)
    number = 1
    try:
        header = next(reader, None)
        if header is None:
            raise TabularError(Message(N_("the file is empty")))
        rows = _RowCollector(header)
        for number, cells in enumerate(reader, start=2):
            rows.add(number, cells)
    except csv.Error as error:
        if "field larger than field limit" in str(error):
            raise TabularError(_cell_too_long(number + 1)) from error
        raise TabularError(
            Message(
                N_("not a readable CSV file: line {line}: {error}"),
                line=str(reader.line_num),
                error=str(error),
            )
        ) from error
    shown = "utf-8" if encoding == "utf-8-sig" else encoding
    return Table(rows.rows, rows.header, "csv", shown, delimiter)


def _unreadable_workbook(error: Exception) -> Message:
    return Message(N_("not a readable .xlsx workbook: {error}"), error=str(error))


def _sheet_names(kind: str | None) -> list[str]:
    """Sheet names that hold `kind` ("city", "cities"), none without a kind."""
    return [kind, f"{kind}s", kind.replace("city", "cities")] if kind else []


def _check_unpacked_size(data: bytes) -> None:
    """Refuse an XLSX whose members would unpack beyond MAX_XLSX_UNPACKED_BYTES. A member
    never unpacks beyond the size it declares (zipfile stops there), so the declared sizes
    are a true bound."""
    try:
        with zipfile.ZipFile(io.BytesIO(data)) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
    # zipfile raises NotImplementedError for a version or compression it does not know.
    except (
        zipfile.BadZipFile,
        NotImplementedError,
        OSError,
        EOFError,
        ValueError,
        zlib.error,
    ) as error:
        raise TabularError(_unreadable_workbook(error)) from error
    if unpacked > MAX_XLSX_UNPACKED_BYTES:
        raise TabularError(
            Message(
                N_("the workbook unpacks to {size}, more than the {most} an import workbook may"),
                size=size_text(unpacked),
                most=size_text(MAX_XLSX_UNPACKED_BYTES),
            )
        )


def _sheet_lines(workbook, sheet) -> Iterator[tuple[int, list[object]]]:
    """(row number, cell values) of a read-only sheet as its XML holds them.

    openpyxl's own row iterator pads every row to the sheet's declared (or widest) column
    and yields empty rows up to the declared last row: a few bytes declaring column XFD
    would cost gigabytes. The parser underneath gives only the cells that are there.
    """
    from openpyxl.worksheet._reader import WorkSheetParser

    with sheet._get_source() as source:
        parser = WorkSheetParser(
            source,
            sheet._shared_strings,
            data_only=True,
            epoch=workbook.epoch,
            date_formats=workbook._date_formats,
            timedelta_formats=workbook._timedelta_formats,
        )
        for number, cells in parser.parse():
            if number > MAX_TABLE_ROWS + 1:
                raise TabularError(
                    Message(
                        N_(
                            "the sheet has rows beyond row {last}, the most one import may "
                            "hold; split it into several files"
                        ),
                        last=MAX_TABLE_ROWS + 1,
                    )
                )
            width = max((cell["column"] for cell in cells), default=0)
            if width > MAX_TABLE_COLUMNS:
                raise TabularError(_too_many_columns(number))
            values: list[object] = [None] * width
            for cell in cells:
                values[cell["column"] - 1] = cell["value"]
            yield number, values


def _sheet_kinds(sheetnames: list[str]) -> dict[str, str]:
    """{kind: sheet name} for the sheets named like a kind of record ("cities", "city")."""
    names = {name.strip().lower(): name for name in sheetnames}
    found = {}
    for kind in IMPORT_KINDS:
        sheet = next((names[n] for n in _sheet_names(kind) if n in names), None)
        if sheet is not None:
            found[kind] = sheet
    return found


def _sheet_rows(workbook, sheet: str, rows: _RowCollector) -> list[str]:
    """Add one sheet's rows to `rows` (the limits count the whole workbook); its header."""
    lines = _sheet_lines(workbook, workbook[sheet])
    first = next(lines, None)
    if first is None:
        return []
    rows.start_sheet(first[1])
    for number, cells in lines:
        rows.add(number, cells)
    return rows.header


def read_xlsx(data: bytes, kind: str | None = None) -> Table:
    """Rows of a workbook. With `kind`, its sheet named like the kind ("cities", "city"),
    else its first. Without, every sheet named like a kind (each row's `kind` set from its
    sheet, so a workbook the atlas exported reads back whole), else the first sheet."""
    from openpyxl import load_workbook

    _check_file_size(data, N_("workbook"))
    _check_unpacked_size(data)
    try:
        workbook = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    except Exception as error:  # openpyxl raises many types for a file that is not XLSX
        raise TabularError(_unreadable_workbook(error)) from error
    try:
        by_kind = _sheet_kinds(workbook.sheetnames)
        if kind is None and by_kind:
            return _kind_sheets(workbook, by_kind)
        chosen = (by_kind.get(kind) if kind else None) or workbook.sheetnames[0]
        rows = _RowCollector([])
        header = _sheet_rows(workbook, chosen, rows)
    except TabularError:
        raise
    except Exception as error:  # a damaged sheet: openpyxl and expat raise many types
        raise TabularError(_unreadable_workbook(error)) from error
    finally:
        workbook.close()
    if not header:
        raise TabularError(Message(N_("sheet {sheet} is empty"), sheet=repr(chosen)))
    return Table(rows.rows, header, "xlsx")


def _kind_sheets(workbook, by_kind: dict[str, str]) -> Table:
    rows = _RowCollector([])
    columns: dict[str, None] = {KIND_COLUMN: None}
    for kind, sheet in by_kind.items():
        first = len(rows.rows)
        header = _sheet_rows(workbook, sheet, rows)
        columns |= dict.fromkeys(name for name in header if name)
        for index in range(first, len(rows.rows)):
            number, values = rows.rows[index]
            rows.rows[index] = (number, {**values, KIND_COLUMN: kind})
    skipped = [name for name in workbook.sheetnames if name not in by_kind.values()]
    return Table(rows.rows, list(columns), "xlsx", sheets=by_kind, skipped_sheets=skipped)


_JSON_STRING = re.compile(rb'"(?:[^"\\]|\\.)*"')
_JSON_BRACKET = re.compile(rb"[\[\]{}]")


def _check_json_shape(data: bytes) -> None:
    """Refuse JSON nested deeper than MAX_JSON_DEPTH or holding more than
    MAX_JSON_CONTAINERS arrays and objects, before parsing builds them."""
    containers = 0
    depth = 0
    for match in _JSON_BRACKET.finditer(_JSON_STRING.sub(b'""', data)):
        if match.group() in (b"{", b"["):
            depth += 1
            if depth > MAX_JSON_DEPTH:
                raise TabularError(
                    Message(
                        N_("the GeoJSON nests arrays and objects more than {most} deep"),
                        most=MAX_JSON_DEPTH,
                    )
                )
            containers += 1
            if containers > MAX_JSON_CONTAINERS:
                raise TabularError(
                    Message(
                        N_(
                            "the GeoJSON holds more than {most} arrays and objects, the most "
                            "one import may hold"
                        ),
                        most=MAX_JSON_CONTAINERS,
                    )
                )
        else:
            depth -= 1


def _point(geometry: object) -> tuple[object, object] | None:
    if not isinstance(geometry, dict) or geometry.get("type") != "Point":
        return None
    coordinates = geometry.get("coordinates")
    if isinstance(coordinates, list) and len(coordinates) >= 2:
        return coordinates[0], coordinates[1]
    return None


def read_geojson(data: bytes) -> Table:
    """Rows of a FeatureCollection: properties as columns, a Point's coordinates as
    longitude and latitude."""
    _check_file_size(data, N_("GeoJSON file"))
    _check_json_shape(data)
    try:
        collection = json.loads(data.decode("utf-8-sig"))
    except (UnicodeDecodeError, json.JSONDecodeError, RecursionError) as error:
        raise TabularError(
            Message(N_("not readable GeoJSON: {error}"), error=str(error))
        ) from error
    if not isinstance(collection, dict) or collection.get("type") != "FeatureCollection":
        raise TabularError(Message(N_("GeoJSON must be a FeatureCollection")))
    features = collection.get("features") or []
    if not isinstance(features, list):
        raise TabularError(Message(N_("the FeatureCollection's features must be a list")))
    rows = _RowCollector([])
    columns: dict[str, None] = {}
    for number, feature in enumerate(features, start=1):
        if not isinstance(feature, dict):
            raise TabularError(
                Message(N_("feature {number} is not a GeoJSON object"), number=str(number))
            )
        properties = feature.get("properties") or {}
        if not isinstance(properties, dict):
            raise TabularError(
                Message(
                    N_("feature {number}: its properties are not an object"), number=str(number)
                )
            )
        if len(properties) > MAX_TABLE_COLUMNS:
            raise TabularError(_too_many_columns(number, "feature"))
        values = {str(k).strip().lower(): cell_text(v) for k, v in properties.items()}
        point = _point(feature.get("geometry"))
        if point is not None:
            values["longitude"], values["latitude"] = cell_text(point[0]), cell_text(point[1])
        if len(values) > MAX_TABLE_COLUMNS:
            raise TabularError(_too_many_columns(number, "feature"))
        columns |= dict.fromkeys(values)
        rows.add_values(number, values)
    return Table(rows.rows, list(columns), "geojson")


def read_table(source: Path | bytes, filename: str | None = None, kind: str | None = None) -> Table:
    """Read a file by its name's suffix (.csv, .tsv, .txt, .xlsx, .geojson, .json).
    `source` is a path or the file's bytes (then `filename` gives the suffix)."""
    if isinstance(source, Path):
        filename = filename or source.name
        try:
            source = source.read_bytes()
        except OSError as error:
            raise TabularError(
                Message(
                    N_("cannot read {file}: {error}"), file=str(filename), error=str(error.strerror)
                )
            ) from error
    suffix = Path(filename or "").suffix.lower()
    if suffix in (".csv", ".tsv", ".txt"):
        return read_csv(source)
    if suffix == ".xlsx":
        return read_xlsx(source, kind)
    if suffix in (".geojson", ".json"):
        return read_geojson(source)
    raise TabularError(
        Message(N_("cannot read {file}: use .csv, .xlsx or .geojson"), file=repr(filename))
    )


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
