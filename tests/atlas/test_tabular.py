import io
import json
import tracemalloc
from collections.abc import Callable

import pytest
from openpyxl import Workbook

from atlas import tabular
from atlas.limits import MAX_CELL_CHARS
from atlas.tabular import (
    TabularError,
    count_text,
    decimal_text,
    detect_delimiter,
    detect_encoding,
    infer_kind,
    read_table,
)
from tests import hostile_files

POLISH = "Łódź, Gdańsk, Świętochłowice, Źródła, Żółć"
HEADER = "slug;name;country;latitude;longitude"


@pytest.mark.parametrize(
    ("encoded", "expected"),
    [
        (POLISH.encode("utf-8"), "utf-8"),
        (b"\xef\xbb\xbf" + POLISH.encode("utf-8"), "utf-8-sig"),
        (POLISH.encode("windows-1250"), "windows-1250"),
        (POLISH.encode("iso-8859-2"), "iso-8859-2"),
        ("Śląsk".encode("windows-1250"), "windows-1250"),
        ("Śląsk".encode("iso-8859-2"), "iso-8859-2"),
        ("źle".encode("windows-1250"), "windows-1250"),
        ("źle".encode("iso-8859-2"), "iso-8859-2"),
        ("Ąę".encode("iso-8859-2"), "iso-8859-2"),
        ("Łęk".encode("windows-1250"), "windows-1250"),  # no telling bytes: Windows-1250
    ],
)
def test_encoding_is_told_by_the_bytes_that_are_letters_in_only_one_code_page(
    encoded: bytes, expected: str
) -> None:
    assert detect_encoding(encoded) == expected


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "windows-1250", "iso-8859-2"])
@pytest.mark.parametrize("delimiter", [",", ";", "\t"])
def test_polish_names_read_back_in_every_encoding_and_delimiter(
    encoding: str, delimiter: str
) -> None:
    names = [name.strip() for name in POLISH.split(",")]
    lines = [delimiter.join(["slug", "name", "country"])]
    lines += [delimiter.join([f"c{i}", name, "PL"]) for i, name in enumerate(names)]
    table = read_table(("\r\n".join(lines) + "\r\n").encode(encoding), "cities.csv")
    assert [values["name"] for _, values in table.rows] == names
    assert table.delimiter == delimiter


def test_a_comma_file_with_semicolon_lists_keeps_the_comma() -> None:
    text = "slug,name,alternate_names\nkrakow,Kraków,Krakow;Cracow;Krakau\npisek,Písek,Pisek\n"
    assert detect_delimiter(text) == ","


def test_rows_are_numbered_as_a_spreadsheet_shows_them() -> None:
    text = 'slug,description\na,"two\nlines"\n\n,\nb,x\n'
    table = read_table(text.encode(), "x.csv")
    assert [number for number, _ in table.rows] == [2, 5]  # blank rows 3 and 4 skipped


@pytest.mark.parametrize(
    ("text", "expected"),
    [("50,061", "50.061"), ("-0,5", "-0.5"), ("14.1475", "14.1475"), ("1 234,5", "1234.5")],
)
def test_decimal_commas_are_read(text: str, expected: str) -> None:
    assert decimal_text(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [("35 000", "35000"), ("35\u00a0000", "35000"), ("35\u202f000", "35000"), ("35000,0", "35000")],
)
def test_spaces_between_thousands_are_dropped(text: str, expected: str) -> None:
    assert count_text(text) == expected


def test_numbers_are_cleaned_in_the_number_columns_only() -> None:
    data = f"{HEADER};population;description\nx;X;PL;50,061;19,937;35 000;1,5 km\n"
    (_, values) = read_table(data.encode(), "x.csv").rows[0]
    assert (values["latitude"], values["longitude"], values["population"]) == (
        "50.061",
        "19.937",
        "35000",
    )
    assert values["description"] == "1,5 km"


def _workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for title, rows in sheets.items():
        sheet = workbook.create_sheet(title)
        for row in rows:
            sheet.append(row)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def test_a_workbook_of_an_unknown_zip_version_is_refused_with_a_message() -> None:
    data = hostile_files.unknown_zip_version(hostile_files.cities_workbook())
    with pytest.raises(TabularError, match=r"zip file version 6\.4"):
        read_table(data, "cities.xlsx")


def test_xlsx_reads_the_first_sheet_with_numbers_and_dates_as_text() -> None:
    from datetime import datetime

    data = _workbook(
        {
            "Sheet": [
                ["Slug", "Latitude", "Population", "Verified_on"],
                ["krakow", 50.06143, 800000.0, datetime(2026, 1, 31)],
            ]
        }
    )
    table = read_table(data, "cities.xlsx")
    assert table.rows == [
        (
            2,
            {
                "slug": "krakow",
                "latitude": "50.06143",
                "population": "800000",
                "verified_on": "2026-01-31",
            },
        )
    ]


def test_xlsx_reads_the_sheet_named_like_the_kind() -> None:
    data = _workbook({"notes": [["x"], ["y"]], "Practices": [["slug"], ["p"]]})
    assert read_table(data, "a.xlsx", kind="practice").rows == [(2, {"slug": "p"})]


def test_geojson_points_give_longitude_and_latitude() -> None:
    collection = {
        "type": "FeatureCollection",
        "features": [
            {
                "type": "Feature",
                "properties": {"slug": "pisek", "population": 30000},
                "geometry": {"type": "Point", "coordinates": [14.1475, 49.3088]},
            }
        ],
    }
    table = read_table(json.dumps(collection).encode(), "cities.geojson")
    assert table.rows == [
        (1, {"slug": "pisek", "population": "30000", "longitude": "14.1475", "latitude": "49.3088"})
    ]


@pytest.mark.parametrize(
    ("data", "name", "message"),
    [
        (b"", "x.csv", "empty"),
        (b"x", "x.pdf", "use .csv, .xlsx or .geojson"),
        (b'{"type": "Feature"}', "x.geojson", "FeatureCollection"),
        (b"not a zip", "x.xlsx", "not a readable .xlsx"),
    ],
)
def test_unreadable_files_say_why(data: bytes, name: str, message: str) -> None:
    with pytest.raises(TabularError, match=message):
        read_table(data, name)


@pytest.mark.parametrize(
    ("columns", "kind"),
    [
        (["slug", "name", "country", "latitude", "longitude"], "city"),
        (["city", "project", "role", "source"], "membership"),
        (["slug", "title", "summary", "topics", "city", "status"], "practice"),
        (["source"], None),
    ],
)
def test_the_kind_is_inferred_from_the_columns(columns: list[str], kind: str | None) -> None:
    assert infer_kind(columns) == kind


def _traced_peak(read: Callable[[], object]) -> int:
    """Peak bytes Python allocated while `read` ran."""
    tracemalloc.start()
    try:
        read()
    except TabularError:
        pass
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak


def test_a_sheet_declaring_the_whole_grid_reads_only_its_cells() -> None:
    data = hostile_files.whole_sheet_xlsx()
    assert len(data) < 8_000
    table = read_table(data, "cities.xlsx")
    assert [values["slug"] for _, values in table.rows] == ["town-0", "town-1", "town-2"]
    assert _traced_peak(lambda: read_table(data, "cities.xlsx")) < 20 * 2**20


def test_a_sheet_with_cells_far_to_the_right_is_refused_before_padding_rows() -> None:
    data = hostile_files.far_cell_xlsx()
    with pytest.raises(TabularError, match="more than 200 columns"):
        read_table(data, "cities.xlsx")
    assert _traced_peak(lambda: read_table(data, "cities.xlsx")) < 20 * 2**20


@pytest.mark.parametrize(
    ("limit", "value", "make", "message"),
    [
        ("MAX_TABLE_ROWS", 2, "csv", "more than 2 rows"),
        ("MAX_TABLE_ROWS", 2, "xlsx", "rows beyond row 3"),
        ("MAX_TABLE_ROWS", 2, "geojson", "more than 2 rows"),
        ("MAX_TABLE_CELLS", 7, "csv", "more than 7 filled cells"),
        ("MAX_TABLE_CELLS", 7, "geojson", "more than 7 filled cells"),
        ("MAX_TABLE_COLUMNS", 4, "csv", "row 1 has more than 4 columns"),
        ("MAX_TABLE_COLUMNS", 4, "xlsx", "more than 4 columns"),
        ("MAX_TABLE_COLUMNS", 4, "geojson", "feature 1 has more than 4 columns"),
        ("MAX_TABLE_FILE_BYTES", 100, "csv", "more than the 100 bytes one import file"),
        ("MAX_TABLE_FILE_BYTES", 100, "xlsx", "more than the 100 bytes one import file"),
        ("MAX_XLSX_UNPACKED_BYTES", 1000, "xlsx", "unpacks to .*more than the 1000 bytes"),
        ("MAX_JSON_CONTAINERS", 5, "geojson", "more than 5 arrays and objects"),
    ],
)
def test_each_limit_is_named_when_a_file_breaks_it(
    limit: str, value: int, make: str, message: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    rows = [["slug", "name", "country", "latitude", "longitude"]]
    rows += [[f"town-{n}", f"Town {n}", "PL", "50.1", "19.5"] for n in range(3)]
    data = {
        "csv": "\n".join(",".join(row) for row in rows).encode(),
        "xlsx": hostile_files.cities_workbook(),
        "geojson": json.dumps(
            {
                "type": "FeatureCollection",
                "features": [
                    {
                        "type": "Feature",
                        "properties": dict(zip(rows[0][:3], row[:3], strict=True)),
                        "geometry": {"type": "Point", "coordinates": [19.5, 50.1]},
                    }
                    for row in rows[1:]
                ],
            }
        ).encode(),
    }[make]
    monkeypatch.setattr(tabular, limit, value)
    with pytest.raises(TabularError, match=message):
        read_table(data, f"cities.{make}")


def test_a_csv_cell_longer_than_the_limit_is_a_message_not_a_traceback() -> None:
    data = b"slug,name,description\nx,X," + b"a" * (MAX_CELL_CHARS + 1) + b"\n"
    with pytest.raises(TabularError, match="row 2 has a cell longer than 131,072 characters"):
        read_table(data, "cities.csv")


def test_an_xlsx_cell_longer_than_the_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(tabular, "MAX_CELL_CHARS", 5)
    with pytest.raises(TabularError, match="row 2 has a cell longer than 5 characters"):
        read_table(hostile_files.cities_workbook(), "cities.xlsx")


@pytest.mark.parametrize(
    ("document", "message"),
    [
        (b"[" * 100_000 + b"]" * 100_000, "nests arrays and objects more than 32 deep"),
        (b'{"type": "FeatureCollection", "features": [1]}', "feature 1 is not a GeoJSON object"),
        (b'{"type": "FeatureCollection", "features": [null]}', "feature 1 is not a GeoJSON"),
        (b'{"type": "FeatureCollection", "features": {"a": 1}}', "features must be a list"),
        (
            b'{"type": "FeatureCollection", "features": [{"properties": [1, 2]}]}',
            "feature 1: its properties are not an object",
        ),
        (b'{"type": "FeatureCollection", "features": [' + b"[" * 40 + b"]" * 40 + b"]}", "deep"),
        (b"[1, 2]", "must be a FeatureCollection"),
    ],
)
def test_malformed_geojson_is_a_message_not_a_traceback(document: bytes, message: str) -> None:
    with pytest.raises(TabularError, match=message):
        read_table(document, "cities.geojson")


def test_brackets_inside_geojson_strings_do_not_count_as_nesting() -> None:
    name = "[" * 100 + "{" * 100
    document = {
        "type": "FeatureCollection",
        "features": [
            {
                "properties": {"slug": "x", "name": name},
                "geometry": {"type": "Point", "coordinates": 5},
            }
        ],
    }
    table = read_table(json.dumps(document).encode(), "cities.geojson")
    assert table.rows == [(1, {"slug": "x", "name": name})]
