"""Staff round trip: every export staff can download imports back and changes nothing."""

import csv
import io
import sqlite3
from pathlib import Path

import pytest

from atlas.cli import main
from atlas.seed import Seed
from tests import factories


def _seed() -> Seed:
    """The small seed with what round trips get wrong: a replication link, a practice
    without a year, text a spreadsheet would run as a formula, and only text that
    Windows-1250 can write (a Polish office's spreadsheet saves in it)."""
    seed = factories.small_seed()
    seed.cities = [
        city.model_copy(update={"local_name": None}) if city.slug == "smolyan" else city
        for city in seed.cities
    ]
    seed.cities[-1] = seed.cities[-1].model_copy(
        update={"description": "Host of the dialogue platform.", "description_pl": "Gospodarz."}
    )
    seed.practices += [
        factories.practice(
            "trondheim-energy-pilot",
            "trondheim",
            title="Energy pilot",
            summary="-40 % energy use in a pilot block; Łódź and Kraków visited it.",
            year=2019,
            title_pl="Pilotaż energetyczny",
            summary_pl="-40 % zużycia energii w bloku pilotażowym.",
            original_language="pl",
        ),
        factories.practice(
            "pisek-energy-pilot-copy",
            "pisek",
            title="Energy pilot, adapted",
            summary="=An adapted copy of Trondheim's pilot.",
            year=None,
            replicates=["trondheim-energy-pilot"],
        ),
    ]
    return seed


@pytest.fixture
def store(tmp_path: Path) -> tuple[str, Path]:
    database = tmp_path / "atlas.db"
    url = f"sqlite:///{database}"
    seed_dir = factories.write_seed_files(_seed(), tmp_path / "seed")
    assert main(["--db", url, "init", "--data", str(seed_dir)]) == 0
    return url, database


def _dump(database: Path) -> list[str]:
    with sqlite3.connect(database) as connection:
        return list(connection.iterdump())


def _import_back(url: str, path: Path, capsys) -> str:
    capsys.readouterr()
    assert main(["--db", url, "import", str(path)]) == 0
    return capsys.readouterr().out


def _polish_resave(path: Path) -> Path:
    """The CSV as a Polish office spreadsheet saves it: Windows-1250, semicolons, decimal
    commas in numbers."""
    rows = list(csv.reader(io.StringIO(path.read_text(encoding="utf-8"), newline="")))
    header = rows[0]
    decimals = {header.index(name) for name in ("latitude", "longitude") if name in header}
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";", lineterminator="\r\n")
    writer.writerow(header)
    for row in rows[1:]:
        writer.writerow([c.replace(".", ",") if i in decimals else c for i, c in enumerate(row)])
    resaved = path.with_name("resaved-" + path.name)
    resaved.write_bytes(buffer.getvalue().encode("windows-1250"))
    return resaved


@pytest.mark.parametrize(
    ("name", "records", "counts", "skipped"),
    [
        ("cities.csv", "cities", "4 (4 cities)", "role, memberships, practice_count"),
        (
            "practices.csv",
            "practices",
            "4 (4 practices)",
            "city_name, country, latitude, longitude",
        ),
        ("cities.geojson", "cities", "4 (4 cities)", "role, memberships, practice_count"),
        ("practices.geojson", "practices", "4 (4 practices)", "city_name, country"),
        ("atlas.xlsx", "cities", "13 (4 cities, 5 memberships, 4 practices)", "project_name"),
    ],
)
def test_an_export_imports_back_unchanged(
    store, tmp_path, capsys, name, records, counts, skipped
) -> None:
    url, database = store
    before = _dump(database)
    path = tmp_path / name
    assert main(["--db", url, "export", str(path), "--records", records]) == 0
    out = _import_back(url, path, capsys)
    assert "new: 0\n" in out
    assert "changed: 0\n" in out
    assert f"unchanged: {counts}\n" in out
    notes = [line for line in out.splitlines() if "derives" in line]
    assert len(notes) == 1
    assert skipped in notes[0]
    assert _dump(database) == before


def test_the_workbook_reads_every_record_sheet_by_name_and_sets_the_others_aside(
    store, tmp_path, capsys
) -> None:
    url, _ = store
    path = tmp_path / "atlas.xlsx"
    assert main(["--db", url, "export", str(path)]) == 0
    out = _import_back(url, path, capsys)
    assert "XLSX, sheets cities, memberships, practices" in out
    assert "left aside the sheets projects, about" in out


def test_a_problem_in_a_workbook_names_its_sheet_and_row(store, tmp_path, capsys) -> None:
    from openpyxl import load_workbook

    url, database = store
    before = _dump(database)
    path = tmp_path / "atlas.xlsx"
    assert main(["--db", url, "export", str(path)]) == 0
    book = load_workbook(path)
    sheet = book["practices"]
    status = [cell.value for cell in sheet[1]].index("status")
    sheet.cell(row=3, column=status + 1, value="finished")
    book.save(path)
    capsys.readouterr()
    assert main(["--db", url, "import", str(path)]) == 1
    assert "sheet practices, row 3: status: status must be one of" in capsys.readouterr().out
    assert _dump(database) == before


@pytest.mark.parametrize("records", ["cities", "practices"])
def test_a_csv_resaved_by_a_polish_spreadsheet_changes_nothing(
    store, tmp_path, capsys, records
) -> None:
    url, database = store
    before = _dump(database)
    path = tmp_path / f"{records}.csv"
    assert main(["--db", url, "export", str(path), "--records", records]) == 0
    out = _import_back(url, _polish_resave(path), capsys)
    assert "CSV, windows-1250, ';'-separated" in out
    assert "new: 0\n" in out
    assert "changed: 0\n" in out
    assert _dump(database) == before


def test_a_changed_cell_of_an_export_is_the_only_change(store, tmp_path, capsys) -> None:
    url, database = store
    before = _dump(database)
    path = tmp_path / "cities.csv"
    assert main(["--db", url, "export", str(path)]) == 0
    path.write_text(path.read_text(encoding="utf-8").replace("Trondheim", "Trondhjem", 1))
    out = _import_back(url, path, capsys)
    assert "changed: 1 (1 city)" in out
    assert "row 5: city trondheim — name: Trondheim → Trondhjem" in out
    assert "unchanged: 3 (3 cities)" in out
    after = _dump(database)
    gone = [line.split(" VALUES")[0] for line in before if line not in after]
    added = [line.split(" VALUES")[0] for line in after if line not in before]
    assert gone == ['INSERT INTO "atlas_meta"', 'INSERT INTO "cities"']
    assert sorted(added) == [
        'INSERT INTO "atlas_meta"',
        'INSERT INTO "changes"',
        'INSERT INTO "changes"',  # the record's starting state, then the import
        'INSERT INTO "cities"',
    ]


@pytest.mark.parametrize(
    ("name", "records"),
    [
        ("practices.csv", "practices"),
        ("atlas.xlsx", "practices"),
        ("practices.geojson", "practices"),
        ("cities.csv", "cities"),
    ],
)
def test_texts_in_every_language_import_back_unchanged(tmp_path, capsys, name, records) -> None:
    seed = factories.small_seed()
    seed.practices[1] = seed.practices[1].model_copy(
        update={"title_bg": "Следващо поколение умни граждани", "original_language": "bg"}
    )
    seed.cities[1] = seed.cities[1].model_copy(
        update={
            "description": "Host city.",
            "description_bg": "Домакин.",
            "original_language": "bg",
        }
    )
    database = tmp_path / "atlas.db"
    url = f"sqlite:///{database}"
    seed_dir = factories.write_seed_files(seed, tmp_path / "seed")
    assert main(["--db", url, "init", "--data", str(seed_dir)]) == 0
    before = _dump(database)
    path = tmp_path / name
    assert main(["--db", url, "export", str(path), "--records", records]) == 0
    header = path.read_bytes()
    assert name.endswith(".xlsx") or b"title_bg" in header or b"description_bg" in header
    out = _import_back(url, path, capsys)
    assert "changed: 0\n" in out
    assert _dump(database) == before
