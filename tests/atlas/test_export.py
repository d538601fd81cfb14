import csv
import io
import json
from datetime import datetime
from pathlib import Path

import pytest
from openpyxl import load_workbook

from atlas.accounts import ADMIN, add_user
from atlas.editing import create_record
from atlas.export import (
    ATTRIBUTION,
    ExportError,
    city_rows,
    export_cities,
    export_records,
    neutralise_formulas,
    neutralise_text,
    practice_rows,
    to_csv,
)
from atlas.queries import load_atlas


def test_csv_export_has_one_row_per_city_with_memberships(tmp_path: Path, data) -> None:
    target = tmp_path / "cities.csv"
    assert export_cities(data, str(target)) == 4
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    krakow = next(row for row in rows if row["slug"] == "krakow")
    assert krakow["memberships"] == "cityxchange:signatory;multiply:partner"
    assert krakow["name"] == "Kraków"


def test_geojson_export_is_points_in_lon_lat_order(tmp_path: Path, data) -> None:
    target = tmp_path / "cities.geojson"
    export_cities(data, str(target))
    collection = json.loads(target.read_text(encoding="utf-8"))
    smolyan = next(f for f in collection["features"] if f["properties"]["slug"] == "smolyan")
    assert smolyan["geometry"] == {"type": "Point", "coordinates": [24.71204, 41.57439]}
    assert smolyan["properties"]["population"] == 30689


def test_dash_writes_geojson_to_the_stream(data) -> None:
    stream = io.StringIO()
    export_cities(data, "-", stdout=stream)
    assert len(json.loads(stream.getvalue())["features"]) == 4


def test_unknown_extension_and_missing_folder_are_refused(tmp_path: Path, data) -> None:
    with pytest.raises(ExportError, match=r"\.csv, \.geojson or \.xlsx"):
        export_cities(data, str(tmp_path / "cities.xls"))
    with pytest.raises(ExportError, match="does not exist"):
        export_cities(data, str(tmp_path / "nowhere" / "cities.csv"))


@pytest.mark.parametrize("text", ["=HYPERLINK(1)", "+1", "-1", "@SUM(A1)"])
def test_spreadsheet_formulas_are_neutralised(data, text: str) -> None:
    rows = city_rows(data).assign(name=text)
    assert set(neutralise_formulas(rows)["name"]) == {"'" + text}


NOW = datetime(2026, 11, 26, 10, 0)


def test_practice_export_has_one_row_per_public_practice(tmp_path: Path, engine) -> None:
    admin = add_user(engine, "ewa", "correct horse battery", ADMIN, NOW)
    draft = {
        "slug": "draft-practice",
        "title": "Not yet public",
        "summary": "A draft.",
        "topics": ["energy"],
        "city": "pisek",
        "status": "planned",
        "source": "test",
        "licence": "CC BY 4.0",
    }
    create_record(engine, admin, "practice", draft, NOW)
    target = tmp_path / "practices.csv"
    counts = export_records(load_atlas(engine), str(target), "practices")
    assert counts == {"practices": 2}
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    assert [row["slug"] for row in rows] == [
        "energy-positive-school",
        "next-generation-smart-citizen",
    ]
    smolyan = rows[1]
    assert smolyan["city"] == "smolyan"
    assert smolyan["city_name"] == "Smolyan"
    assert smolyan["country"] == "BG"
    assert smolyan["topics"] == "citizen-engagement"
    assert smolyan["projects"] == "cityxchange"
    assert smolyan["licence"] == "CC BY 4.0"


def test_practice_geojson_places_each_practice_at_its_city(data) -> None:
    stream = io.StringIO()
    export_records(data, "-", "practices", stdout=stream)
    features = json.loads(stream.getvalue())["features"]
    school = next(f for f in features if f["properties"]["slug"] == "energy-positive-school")
    assert school["geometry"]["coordinates"] == [14.1475, 49.3088]
    assert school["properties"]["topics"] == "energy"


def test_unknown_records_are_refused(tmp_path: Path, data) -> None:
    with pytest.raises(ExportError, match="cities or practices"):
        export_records(data, str(tmp_path / "x.csv"), "projects")


def test_workbook_has_a_sheet_per_kind_and_the_attribution(tmp_path: Path, data) -> None:
    target = tmp_path / "atlas.xlsx"
    counts = export_records(data, str(target))
    assert counts == {"cities": 4, "memberships": 5, "practices": 2, "projects": 2}
    book = load_workbook(target)
    assert book.sheetnames == ["cities", "memberships", "practices", "projects", "about"]
    assert book["cities"].max_row == 5
    assert [cell.value for cell in book["practices"][1]][:3] == ["slug", "title", "summary"]
    assert book["about"]["A2"].value == ATTRIBUTION


FORMULAS = ['=HYPERLINK("http://x")', "+1", "-1", "@SUM(A1)", "\t=1", "\r=1", " =1", "\n=1"]
FULL_WIDTH = ["＝1+1", "＋1", "－1", "＠SUM(A1)"]


@pytest.mark.parametrize("text", FORMULAS + FULL_WIDTH)
def test_xlsx_stores_formula_like_text_as_apostrophed_text(tmp_path: Path, data, text: str) -> None:
    data.practices["title"] = text
    data.cities["name"] = text
    target = tmp_path / "atlas.xlsx"
    export_records(data, str(target))
    book = load_workbook(target)
    for sheet, column in (("practices", 2), ("cities", 2)):
        cell = book[sheet].cell(row=2, column=column)
        assert cell.data_type == "s"
        # XML reads a carriage return back as a line feed.
        assert cell.value == "'" + text.replace("\r", "\n")
    formulas = [
        cell.coordinate
        for sheet in book.worksheets
        for row in sheet.iter_rows()
        for cell in row
        if cell.data_type == "f"
    ]
    assert formulas == []


@pytest.mark.parametrize("text", FORMULAS + FULL_WIDTH)
def test_csv_neutralises_formula_like_practice_titles(data, text: str) -> None:
    data.practices["title"] = text
    rows = list(csv.DictReader(io.StringIO(to_csv(practice_rows(data)))))
    assert {row["title"] for row in rows} == {"'" + text}


@pytest.mark.parametrize("text", ["Kraków", "3 + 4 = 7", "e-mail", "", "1.5"])
def test_ordinary_text_is_left_alone(text: str) -> None:
    assert neutralise_text(text) == text


def test_a_carriage_return_in_text_cannot_start_a_csv_row(data) -> None:
    data.practices["title"] = "Solar\r=1+1"
    assert '"Solar\r=1+1"' in to_csv(practice_rows(data))
    rows = list(csv.DictReader(io.StringIO(to_csv(practice_rows(data)), newline="")))
    assert {row["title"] for row in rows} == {"Solar\r=1+1"}
