"""Hypothesis feeds the import readers and the backup reader random and mutated files:
each outcome is a clear error or a correct reading, never a traceback, and an import or
a restore that fails writes nothing."""

from __future__ import annotations

import csv
import hashlib
import io
import json
import zipfile
from datetime import datetime
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import Engine, select

from atlas.accounts import EDITOR, User
from atlas.backup import MANIFEST, BackupError, read_backup, replace_store, write_backup
from atlas.bulk_import import ImportRejectedError, commit_import, preview_import
from atlas.store import make_engine
from atlas.tables import Base
from atlas.tabular import Table, TabularError, read_table
from tests import hostile_files
from tests.factories import build_store

NOW = datetime(2026, 3, 1, 12, 0)
EDITOR_EWA = User("ewa", EDITOR, disabled=False)
EXAMPLES = settings(
    max_examples=150,
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
FEW_EXAMPLES = settings(EXAMPLES, max_examples=30)

JSON = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | st.text(max_size=20),
    lambda children: (
        st.lists(children, max_size=5) | st.dictionaries(st.text(max_size=10), children, max_size=5)
    ),
    max_leaves=30,
)
CELL = st.text(st.characters(exclude_characters="\x00", exclude_categories=("Cs",)), max_size=30)


def _read_or_refuse(data: bytes, filename: str) -> Table | None:
    """The table, or None when the reader refused the file with its own error."""
    try:
        table = read_table(data, filename)
    except TabularError as error:
        refusal = str(error)
    else:
        refusal = None
    if refusal is not None:
        assert refusal.strip()
        return None
    assert all(
        isinstance(number, int) and isinstance(values, dict) for number, values in table.rows
    )
    return table


@cache
def _workbook() -> bytes:
    return hostile_files.cities_workbook(rows=4)


def _mutated(data: bytes, edits: list[tuple[int, int]], cut: int | None) -> bytes:
    mutable = bytearray(data)
    for position, value in edits:
        mutable[position % len(mutable)] = value
    return bytes(mutable[:cut] if cut else mutable)


EDITS = st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 255)), max_size=8)


@given(st.binary(max_size=3000))
@EXAMPLES
def test_random_bytes_as_csv(data: bytes) -> None:
    _read_or_refuse(data, "cities.csv")


@given(st.lists(st.lists(CELL, min_size=3, max_size=3), min_size=1, max_size=8))
@EXAMPLES
def test_any_text_in_a_csv_reads_back_as_written(cells: list[list[str]]) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, lineterminator="\r\n")
    writer.writerow(["slug", "name", "description"])
    writer.writerows(cells)
    table = read_table(buffer.getvalue().encode("utf-8"), "cities.csv")
    expected = [
        dict(zip(["slug", "name", "description"], [c.strip() for c in row], strict=True))
        for row in cells
        if any(c.strip() for c in row)
    ]
    assert [values for _, values in table.rows] == expected


@given(EDITS, st.one_of(st.none(), st.integers(1, 6000)))
@EXAMPLES
def test_mutated_xlsx_bytes(edits: list[tuple[int, int]], cut: int | None) -> None:
    _read_or_refuse(_mutated(_workbook(), edits, cut), "cities.xlsx")


@given(EDITS, st.one_of(st.none(), st.integers(1, 3000)))
@EXAMPLES
def test_mutated_xlsx_sheet_xml(edits: list[tuple[int, int]], cut: int | None) -> None:
    with zipfile.ZipFile(io.BytesIO(_workbook())) as archive:
        sheet = archive.read("xl/worksheets/sheet1.xml")
    changed = hostile_files._rewritten(
        _workbook(), {"xl/worksheets/sheet1.xml": _mutated(sheet, edits, cut)}
    )
    _read_or_refuse(changed, "cities.xlsx")


@given(JSON)
@EXAMPLES
def test_any_json_document_as_geojson(document: object) -> None:
    _read_or_refuse(json.dumps(document).encode(), "cities.geojson")


@given(st.lists(JSON, max_size=6))
@EXAMPLES
def test_any_json_features_in_a_collection(features: list) -> None:
    document = {"type": "FeatureCollection", "features": features}
    _read_or_refuse(json.dumps(document).encode(), "cities.geojson")


@given(st.binary(max_size=2000))
@EXAMPLES
def test_random_bytes_as_geojson(data: bytes) -> None:
    _read_or_refuse(data, "cities.geojson")


def _dump(engine: Engine) -> dict[str, list[tuple]]:
    with engine.connect() as connection:
        return {
            table.name: [tuple(row) for row in connection.execute(select(table)).all()]
            for table in Base.metadata.sorted_tables
        }


@pytest.fixture(scope="module")
def store(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    path = tmp_path_factory.mktemp("store") / "atlas.db"
    return build_store(url=f"sqlite:///{path}")


@pytest.fixture(scope="module")
def backup(store: Engine) -> bytes:
    buffer = io.BytesIO()
    write_backup(store, buffer, NOW)
    return buffer.getvalue()


@given(
    st.lists(st.lists(CELL, min_size=5, max_size=5), min_size=1, max_size=5),
    st.sampled_from([",", ";", "\t"]),
)
@FEW_EXAMPLES
def test_a_random_import_writes_all_or_nothing(
    store: Engine, cells: list[list[str]], delimiter: str
) -> None:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=delimiter, lineterminator="\r\n")
    writer.writerow(["slug", "name", "country", "latitude", "longitude"])
    writer.writerows(cells)
    before = _dump(store)
    table = _read_or_refuse(buffer.getvalue().encode(), "cities.csv")
    if table is None:
        return
    report = preview_import(store, table, "city")
    try:
        commit_import(store, EDITOR_EWA, report, NOW)
    except ImportRejectedError:
        assert _dump(store) == before


def _rehashed(data: bytes, member: str, content: bytes) -> bytes:
    """The backup with one member's content replaced and the manifest's checksum updated,
    so that the reader gets past the checksum to the rows."""
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        manifest = json.loads(archive.read(MANIFEST))
    for entry in manifest["tables"]:
        if entry["file"] == member:
            entry["sha256"] = hashlib.sha256(content).hexdigest()
    return hostile_files._rewritten(
        data, {member: content, MANIFEST: json.dumps(manifest).encode()}
    )


@pytest.fixture(scope="module")
def target(tmp_path_factory: pytest.TempPathFactory) -> Engine:
    """The store each restore tries to replace; a restore that succeeds changes it, so
    every example compares it with itself just before."""
    return build_store(url=f"sqlite:///{tmp_path_factory.mktemp('target') / 'target.db'}")


@given(EDITS, st.one_of(st.none(), st.integers(1, 20_000)))
@FEW_EXAMPLES
def test_mutated_backup_bytes_are_refused_or_restored_whole(
    target: Engine, backup: bytes, edits, cut
) -> None:
    _restore_or_refuse(target, _mutated(backup, edits, cut))


@given(st.sampled_from(["cities.jsonl", "practices.jsonl", "atlas_meta.jsonl"]), EDITS)
@FEW_EXAMPLES
def test_mutated_backup_rows_are_refused_or_restored_whole(
    target: Engine, backup: bytes, member: str, edits
) -> None:
    with zipfile.ZipFile(io.BytesIO(backup)) as archive:
        content = archive.read(member)
    _restore_or_refuse(target, _rehashed(backup, member, _mutated(content, edits, None)))


def _restore_or_refuse(target: Engine, data: bytes) -> None:
    """Restore `data` into `target`: either it is refused with a message and the store is
    as it was, or it is restored whole (the store then holds the backup's rows)."""
    before = _dump(target)
    try:
        checked = read_backup(target, io.BytesIO(data))
        replace_store(target, checked)
    except BackupError as error:
        refusal = str(error)
    else:
        refusal = None
    if refusal is not None:
        assert refusal.strip()
        assert _dump(target) == before


def test_the_backup_reader_needs_an_initialised_store(backup: bytes, tmp_path: Path) -> None:
    empty = make_engine(f"sqlite:///{tmp_path / 'empty.db'}")
    with pytest.raises(BackupError, match="not current"):
        read_backup(empty, io.BytesIO(backup))
