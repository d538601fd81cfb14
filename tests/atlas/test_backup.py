import hashlib
import io
import json
import tracemalloc
import zipfile
from collections.abc import Callable
from datetime import date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text

from atlas.accounts import (
    ADMIN,
    EDITOR,
    AccountError,
    add_user,
    disable_user,
    list_users,
    log_in,
    session_user,
)
from atlas.backup import (
    EPHEMERAL_TABLES,
    MANIFEST,
    BackupError,
    backed_up_tables,
    read_backup,
    replace_store,
    restore_backup,
    write_backup,
)
from atlas.editing import create_record, delete_record, set_practice_images
from atlas.images import store_image
from atlas.store import make_engine, revision, session_scope
from atlas.tables import Base, CityRow, SignatoryRow
from tests import hostile_files
from tests.factories import build_store, empty_store_url, fresh_engine, image_bytes

NOW = datetime(2026, 11, 26, 9, 30, 15, 123456)
PASSWORD = "correct horse battery"
PNG = image_bytes("PNG", shade=7)


def _dump(engine: Engine) -> dict[str, list[tuple]]:
    """Every row of every table, the migration stamp included, in key order."""
    with engine.connect() as connection:
        dump = {
            table.name: [
                tuple(row)
                for row in connection.execute(
                    select(table).order_by(*table.primary_key.columns)
                ).all()
            ]
            for table in Base.metadata.sorted_tables
        }
        dump["alembic_version"] = connection.execute(
            text("SELECT version_num FROM alembic_version")
        ).all()
    return dump


def _without_revision(dump: dict[str, list[tuple]]) -> dict[str, list[tuple]]:
    meta = [row for row in dump["atlas_meta"] if row[0] != "revision"]
    return {**dump, "atlas_meta": meta}


def _curated_store() -> Engine:
    """The small seed plus an account, a draft practice with an image and history, a
    soft-deleted city, a signatory with awkward floats, a session and a failed log-in."""
    engine = build_store()
    admin = add_user(engine, "ewa", PASSWORD, ADMIN, NOW)
    saved = create_record(
        engine,
        admin,
        "practice",
        {
            "slug": "heat-pump-pilot",
            "title": "=Heat pumps for 40 homes",
            "summary": "Zürich-style pilot; „quotes“ and a tab\there.",
            "topics": ["energy"],
            "city": "krakow",
            "projects": ["multiply"],
            "status": "ongoing",
            "year": 2025,
            "source": "https://example.org/heat",
            "verified_on": date(2026, 2, 3),
            "licence": "CC BY 4.0",
        },
        NOW,
    )
    digest = store_image(engine, admin, PNG, NOW)
    set_practice_images(
        engine, admin, saved.record_id, saved.version, [{"sha256": digest, "caption": "Roof"}], NOW
    )
    with session_scope(engine) as session:
        trondheim = session.scalars(select(CityRow).where(CityRow.slug == "trondheim")).one()
        trondheim_id, trondheim_version = trondheim.id, trondheim.version
        krakow_id = session.scalars(select(CityRow.id).where(CityRow.slug == "krakow")).one()
        session.add(
            SignatoryRow(
                city_id=krakow_id,
                organisation_id="ORG-1",
                name="Kraków",
                commitment_2020=True,
                commitment_2030=False,
                commitment_2050=False,
                commitment_adaptation=True,
                adhesion_date=date(2009, 2, 10),
                latitude=0.1 + 0.2,
                longitude=1e-300,
            )
        )
    delete_record(engine, admin, "city", trondheim_id, trondheim_version, NOW)
    log_in(engine, "ewa", PASSWORD, "127.0.0.1", NOW)
    with pytest.raises(AccountError):
        log_in(engine, "ewa", "not the password at all", "10.0.0.9", NOW)
    return engine


@pytest.fixture
def source() -> Engine:
    return _curated_store()


@pytest.fixture
def backup(source: Engine, tmp_path: Path) -> Path:
    path = tmp_path / "backup.zip"
    write_backup(source, path, NOW)
    return path


@pytest.fixture
def target(tmp_path: Path) -> Engine:
    """Another store, with records of its own and a higher data revision."""
    engine = build_store(url=empty_store_url(tmp_path, "target"))
    add_user(engine, "jan", PASSWORD, ADMIN, NOW)
    with session_scope(engine) as session:
        session.execute(text("UPDATE atlas_meta SET value = '40' WHERE key = 'revision'"))
    return engine


def test_a_restored_backup_equals_the_original(source: Engine, backup: Path) -> None:
    original = _dump(source)
    restored = fresh_engine()
    restore_backup(restored, backup, with_accounts=True)
    copy = _dump(restored)
    for table in backed_up_tables():
        if table.name != "atlas_meta":
            assert copy[table.name] == original[table.name], table.name
    assert _without_revision(copy)["atlas_meta"] == _without_revision(original)["atlas_meta"]
    assert len(copy["blobs"]) == 1
    assert copy["blobs"][0][3] == PNG


def test_restore_replaces_every_record_of_a_store_that_held_others(
    source: Engine, backup: Path, target: Engine
) -> None:
    restore_backup(target, backup, with_accounts=True)
    restored, original = _dump(target), _dump(source)
    for table in backed_up_tables():
        if table.name != "atlas_meta":
            assert restored[table.name] == original[table.name], table.name


def test_restored_revision_is_above_both_the_backups_and_the_stores(
    source: Engine, backup: Path, target: Engine
) -> None:
    before = revision(target)
    restore_backup(target, backup)
    assert revision(target) > max(before, revision(source))


def test_sessions_and_failed_log_ins_are_left_out_of_a_backup(backup: Path) -> None:
    manifest = json.loads(zipfile.ZipFile(backup).read(MANIFEST))
    assert {entry["name"] for entry in manifest["tables"]}.isdisjoint(EPHEMERAL_TABLES)
    assert manifest["not_included"] == list(EPHEMERAL_TABLES)


def test_a_restore_keeps_todays_accounts_and_their_sessions(backup: Path, target: Engine) -> None:
    token = log_in(target, "jan", PASSWORD, "127.0.0.1", NOW)
    add_user(target, "ewa", "a newer long password", EDITOR, NOW)
    disable_user(target, "ewa")
    restore_backup(target, backup)
    assert [user.name for user in list_users(target)] == ["ewa", "jan"]
    assert session_user(target, token, NOW).name == "jan"
    # The backup's ewa (active, with the old password) does not come back.
    with pytest.raises(AccountError):
        log_in(target, "ewa", PASSWORD, "10.0.0.1", NOW)
    assert [user.disabled for user in list_users(target)] == [True, False]


def test_with_accounts_the_backups_accounts_replace_todays_and_every_session_ends(
    backup: Path, target: Engine
) -> None:
    token = log_in(target, "jan", PASSWORD, "127.0.0.1", NOW)
    restore_backup(target, backup, with_accounts=True)
    dump = _dump(target)
    assert dump["user_sessions"] == []
    assert dump["login_failures"] == []
    assert session_user(target, token, NOW) is None
    assert session_user(target, log_in(target, "ewa", PASSWORD, "x", NOW), NOW).name == "ewa"


def test_the_manifest_counts_and_hashes_every_table_in_dependency_order(backup: Path) -> None:
    archive = zipfile.ZipFile(backup)
    manifest = json.loads(archive.read(MANIFEST))
    assert manifest["created_at"] == "2026-11-26T09:30:15"
    assert manifest["schema_revision"] == "0006"
    names = [entry["name"] for entry in manifest["tables"]]
    assert names == [table.name for table in backed_up_tables()]
    assert names.index("cities") < names.index("practices") < names.index("practice_images")
    assert names.index("blobs") < names.index("practice_images")
    for entry in manifest["tables"]:
        assert len(archive.read(entry["file"]).splitlines()) == entry["rows"]


def test_table_files_hold_typed_values(backup: Path) -> None:
    archive = zipfile.ZipFile(backup)

    def rows(table: str) -> list[dict]:
        return [json.loads(line) for line in archive.read(f"{table}.jsonl").splitlines()]

    (blob,) = rows("blobs")
    assert blob["created_at"] == "2026-11-26T09:30:15.123456"
    assert isinstance(blob["data"], str)
    (signatory,) = rows("signatories")
    assert signatory["latitude"] == 0.1 + 0.2
    assert signatory["longitude"] == 1e-300
    assert signatory["adhesion_date"] == "2009-02-10"
    assert signatory["commitment_2020"] is True
    assert all(isinstance(change["state"], dict) for change in rows("changes"))
    assert all(row["password_hash"].startswith("$argon2id$") for row in rows("users"))


def _rewritten(backup: Path, edit: Callable[[dict[str, bytes]], None], rehash: bool) -> bytes:
    """The backup with `edit` applied to its files; `rehash` makes the manifest match."""
    with zipfile.ZipFile(backup) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    edit(files)
    if rehash:
        manifest = json.loads(files[MANIFEST])
        for entry in manifest["tables"]:
            if entry["file"] in files:
                entry["sha256"] = hashlib.sha256(files[entry["file"]]).hexdigest()
        files[MANIFEST] = json.dumps(manifest).encode()
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, content in files.items():
            archive.writestr(name, content)
    return buffer.getvalue()


def _edit_manifest(change: Callable[[dict], None]) -> Callable[[dict[str, bytes]], None]:
    def edit(files: dict[str, bytes]) -> None:
        manifest = json.loads(files[MANIFEST])
        change(manifest)
        files[MANIFEST] = json.dumps(manifest).encode()

    return edit


def _replace_in(name: str, old: bytes, new: bytes) -> Callable[[dict[str, bytes]], None]:
    def edit(files: dict[str, bytes]) -> None:
        assert old in files[name]
        files[name] = files[name].replace(old, new, 1)

    return edit


def _drop_practices(manifest: dict) -> None:
    manifest["tables"] = [entry for entry in manifest["tables"] if entry["name"] != "practices"]


def _older_schema(manifest: dict) -> None:
    manifest["schema_revision"] = "0003"


BROKEN = {
    "not a zip": (lambda path: b"PK\x03\x04 certainly not a zip file", "cannot be read"),
    "truncated zip": (lambda path: path.read_bytes()[:-200], "cannot be read"),
    "older schema revision": (
        lambda path: _rewritten(path, _edit_manifest(_older_schema), rehash=False),
        "schema revision '0003'",
    ),
    "missing table": (
        lambda path: _rewritten(path, _edit_manifest(_drop_practices), rehash=False),
        "missing: practices",
    ),
    "bad checksum": (
        lambda path: _rewritten(path, _replace_in("cities.jsonl", b"Smolyan", b"Smolian"), False),
        "table cities: its checksum",
    ),
    "row that does not parse": (
        lambda path: _rewritten(path, _replace_in("cities.jsonl", b"41.57439", b'"N"'), True),
        "table cities, row 2: a number expected",
    ),
    "rows the store refuses": (
        lambda path: _rewritten(
            path, _replace_in("practice_images.jsonl", b'"sha256":"', b'"sha256":"0'), True
        ),
        "nothing was changed",
    ),
}


@pytest.mark.parametrize("case", BROKEN, ids=list(BROKEN))
def test_a_broken_backup_leaves_the_store_exactly_as_it_was(
    case: str, backup: Path, target: Engine, tmp_path: Path
) -> None:
    make_broken, message = BROKEN[case]
    broken = tmp_path / "broken.zip"
    broken.write_bytes(make_broken(backup))
    before = _dump(target)
    with pytest.raises(BackupError, match=message):
        restore_backup(target, broken)
    assert _dump(target) == before


def test_restore_refuses_a_store_whose_schema_is_not_current(backup: Path, tmp_path: Path) -> None:
    empty = make_engine(empty_store_url(tmp_path, "empty"))
    with pytest.raises(BackupError, match="run `python -m atlas init`"):
        read_backup(empty, backup)


def test_a_backup_can_be_written_to_and_read_from_a_stream(source: Engine) -> None:
    stream = io.BytesIO()
    summary = write_backup(source, stream, NOW)
    assert summary.size == len(stream.getvalue())
    assert summary.rows["practices"] == 3
    stream.seek(0)
    assert read_backup(fresh_engine(), stream).summary.rows == summary.rows


def test_a_backup_that_unpacks_beyond_the_limit_is_refused_unread(
    backup: Path, target: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from atlas import backup as backup_module

    monkeypatch.setattr(backup_module, "MAX_BACKUP_UNPACKED_BYTES", 1000)
    before = _dump(target)
    with pytest.raises(BackupError, match="more than the 1000 bytes a backup"):
        restore_backup(target, backup)
    assert _dump(target) == before


def test_a_backup_of_an_unknown_zip_version_is_refused_and_changes_nothing(
    backup: Path, target: Engine, tmp_path: Path
) -> None:
    unknown = tmp_path / "unknown.zip"
    unknown.write_bytes(hostile_files.unknown_zip_version(backup.read_bytes()))
    before = _dump(target)
    with pytest.raises(BackupError, match=r"the backup cannot be read: zip file version 6\.4"):
        restore_backup(target, unknown)
    assert _dump(target) == before


def _traced_peak(action: Callable[[], object]) -> tuple[int, str]:
    """Peak bytes Python allocated while `action` ran (a BackupError is expected)."""
    tracemalloc.start()
    try:
        with pytest.raises(BackupError) as refused:
            action()
    finally:
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return peak, str(refused.value)


def test_a_small_backup_that_unpacks_to_many_rows_is_refused_reading_one(
    backup: Path, target: Engine, tmp_path: Path
) -> None:
    bomb = tmp_path / "bomb.zip"
    bomb.write_bytes(hostile_files.bomb_backup(backup.read_bytes(), unpacked=64 * 2**20))
    assert bomb.stat().st_size < 300_000
    before = _dump(target)
    peak, message = _traced_peak(lambda: restore_backup(target, bomb))
    assert "table cities, row 1: the row does not have the table's columns" in message
    assert peak < 20 * 2**20
    assert _dump(target) == before


def test_a_backup_row_longer_than_the_limit_is_refused_before_it_is_read_whole(
    backup: Path, target: Engine, tmp_path: Path
) -> None:
    bomb = tmp_path / "long.zip"
    bomb.write_bytes(hostile_files.long_line_backup(backup.read_bytes(), length=40 * 2**20))
    peak, message = _traced_peak(lambda: read_backup(target, bomb))
    assert "table cities, row 1: longer than the 16 MiB one row of a backup may be" in message
    assert peak < 40 * 2**20


@pytest.mark.parametrize(
    ("limit", "message"),
    [
        ("MAX_BACKUP_FILE_BYTES", "the backup is .* more than the 1000 bytes a backup"),
        ("MAX_MANIFEST_BYTES", "its manifest.json is .* more than the 1000 bytes a manifest"),
    ],
)
def test_each_backup_limit_is_named(
    limit: str, message: str, backup: Path, target: Engine, monkeypatch: pytest.MonkeyPatch
) -> None:
    from atlas import backup as backup_module

    monkeypatch.setattr(backup_module, limit, 1000)
    with pytest.raises(BackupError, match=message):
        read_backup(target, backup)


def test_a_backup_changed_between_check_and_restore_changes_nothing(
    backup: Path, target: Engine, tmp_path: Path
) -> None:
    checked = read_backup(target, backup)
    backup.write_bytes(
        _rewritten(backup, _replace_in("cities.jsonl", b"Smolyan", b"Smolian"), False)
    )
    before = _dump(target)
    with pytest.raises(BackupError, match="table cities: its checksum"):
        replace_store(target, checked)
    assert _dump(target) == before
