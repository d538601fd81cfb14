"""Full backup and restore of the store as one zip file.

The zip holds `manifest.json` (format, schema revision, creation time, and per table its
file, columns, row count and SHA-256) and one JSON-lines file per table, in dependency
order, one JSON object per row: dates and times as ISO 8601, JSON columns as JSON, bytes as
base64, floats exactly (JSON numbers keep every bit of a float).

Every table of the schema is included except two that only hold moments in time: log-in
sessions (`user_sessions`) and failed log-in counts (`login_failures`). A restore keeps the
store's staff accounts, their sessions and failed log-ins unless asked for the backup's
accounts (which hold password hashes); then everyone logs in again.

A restore reads and checks the whole zip before it touches the store, then replaces the
tables in one transaction: it either completes or leaves the store as it was. The zip is read
as a stream, a row at a time, within the limits of atlas.limits (file size, unpacked size,
row length), so a hostile file is refused before it costs memory.
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import BinaryIO

from sqlalchemy import (
    JSON,
    Boolean,
    Column,
    Date,
    DateTime,
    Engine,
    Float,
    Integer,
    LargeBinary,
    String,
    Table,
    select,
    text,
)
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session

from atlas.limits import (
    MAX_BACKUP_FILE_BYTES,
    MAX_BACKUP_LINE_BYTES,
    MAX_BACKUP_UNPACKED_BYTES,
    MAX_MANIFEST_BYTES,
    size_text,
)
from atlas.store import bump_revision, schema_head, schema_is_current, session_scope
from atlas.tables import Base, Meta

FORMAT = "frontrunners-atlas-backup"
FORMAT_VERSION = 1
MANIFEST = "manifest.json"
EPHEMERAL_TABLES = ("user_sessions", "login_failures")
"""Left out of a backup: sessions and log-in failure counts."""
ACCOUNT_TABLES = ("users", *EPHEMERAL_TABLES)
"""Kept by a restore unless it is asked to restore the backup's accounts too."""

Source = str | Path | BinaryIO
INSERT_BATCH = 1000
"""Rows inserted at a time by a restore, which streams them from the zip."""


class BackupError(ValueError):
    """A backup that cannot be written or restored, said in words for the user."""


@dataclass(frozen=True)
class BackupSummary:
    """What a backup holds: rows per table in dependency order, and its size in bytes."""

    schema_revision: str
    created_at: str
    rows: dict[str, int]
    size: int

    @property
    def total_rows(self) -> int:
        return sum(self.rows.values())


@dataclass(frozen=True)
class Backup:
    """A checked backup: its summary, the data revision its `atlas_meta` holds (0 when
    none), and where to read its rows again (they are streamed, never held whole)."""

    summary: BackupSummary
    source: Source
    entries: dict[str, dict]
    revision: int


def backed_up_tables() -> list[Table]:
    """The tables a backup holds, parents before the tables that refer to them."""
    return [t for t in Base.metadata.sorted_tables if t.name not in EPHEMERAL_TABLES]


def _encoder(column: Column) -> Callable[[object], object]:
    kind = column.type
    if isinstance(kind, (DateTime, Date)):
        return lambda value: value.isoformat()
    if isinstance(kind, LargeBinary):
        return lambda value: base64.b64encode(value).decode("ascii")
    return lambda value: value


def _of_type(value: object, kinds: tuple[type, ...], what: str) -> object:
    if not isinstance(value, kinds) or (isinstance(value, bool) and bool not in kinds):
        raise ValueError(f"{what} expected, got {type(value).__name__}")
    return value


def _decoder(column: Column) -> Callable[[object], object]:
    """The inverse of `_encoder`, refusing a JSON value of the wrong type."""
    kind = column.type
    if isinstance(kind, DateTime):
        return lambda value: datetime.fromisoformat(_of_type(value, (str,), "a date and time"))
    if isinstance(kind, Date):
        return lambda value: date.fromisoformat(_of_type(value, (str,), "a date"))
    if isinstance(kind, LargeBinary):
        return lambda value: base64.b64decode(_of_type(value, (str,), "base64"), validate=True)
    if isinstance(kind, Boolean):
        return lambda value: _of_type(value, (bool,), "true or false")
    if isinstance(kind, Integer):
        return lambda value: _of_type(value, (int,), "an integer")
    if isinstance(kind, Float):
        return lambda value: float(_of_type(value, (int, float), "a number"))
    if isinstance(kind, String):
        return lambda value: _of_type(value, (str,), "text")
    if isinstance(kind, JSON):
        return lambda value: value
    raise TypeError(f"no backup encoding for column {column} of type {kind}")


def _ordered(table: Table):
    return select(table).order_by(*table.primary_key.columns)


def _table_lines(connection, table: Table) -> tuple[bytes, int]:
    encoders = {column.name: _encoder(column) for column in table.columns}
    lines = []
    for row in connection.execute(_ordered(table)).mappings():
        record = {
            name: None if row[name] is None else encode(row[name])
            for name, encode in encoders.items()
        }
        lines.append(json.dumps(record, ensure_ascii=False, separators=(",", ":")) + "\n")
    return "".join(lines).encode("utf-8"), len(lines)


def write_backup(engine: Engine, target: Source, now: datetime | None = None) -> BackupSummary:
    """Write every table but the ephemeral ones to a zip at `target` (a path or a binary
    stream), read as one consistent snapshot of the store."""
    if not schema_is_current(engine):
        raise BackupError("the store is not initialised; run `python -m atlas init` first")
    created = (now or datetime.now(UTC)).replace(microsecond=0).isoformat()
    head = str(schema_head())
    entries, counts = [], {}
    start = target.tell() if hasattr(target, "tell") else 0
    try:
        with (
            engine.connect() as connection,
            zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as archive,
        ):
            _begin_snapshot(connection)
            for table in backed_up_tables():
                content, count = _table_lines(connection, table)
                name = f"{table.name}.jsonl"
                archive.writestr(name, content)
                counts[table.name] = count
                entries.append(
                    {
                        "name": table.name,
                        "file": name,
                        "columns": [column.name for column in table.columns],
                        "rows": count,
                        "sha256": hashlib.sha256(content).hexdigest(),
                    }
                )
            manifest = {
                "format": FORMAT,
                "format_version": FORMAT_VERSION,
                "schema_revision": head,
                "created_at": created,
                "tables": entries,
                "not_included": list(EPHEMERAL_TABLES),
            }
            archive.writestr(MANIFEST, json.dumps(manifest, indent=2))
    except OSError as error:
        raise BackupError(f"cannot write the backup: {error}") from error
    if isinstance(target, (str, Path)):
        size = Path(target).stat().st_size
    else:
        size = target.tell() - start if hasattr(target, "tell") else 0
    return BackupSummary(head, created, counts, size)


def _begin_snapshot(connection) -> None:
    """Make the reads that follow see one state of the store, whatever commits meanwhile."""
    if connection.dialect.name == "sqlite":
        # pysqlite opens no transaction for reads; an explicit one pins the snapshot.
        connection.exec_driver_sql("BEGIN")
    elif connection.dialect.name == "postgresql":
        connection.execution_options(isolation_level="REPEATABLE READ")


def _read_manifest(archive: zipfile.ZipFile) -> dict:
    try:
        info = archive.getinfo(MANIFEST)
    except KeyError as error:
        raise BackupError("not an atlas backup: the zip has no manifest.json") from error
    if info.file_size > MAX_MANIFEST_BYTES:
        raise BackupError(
            f"not an atlas backup: its manifest.json is {size_text(info.file_size)}, more "
            f"than the {size_text(MAX_MANIFEST_BYTES)} a manifest may be"
        )
    try:
        manifest = json.loads(archive.read(info))
    except ValueError as error:
        raise BackupError(f"manifest.json is not valid JSON: {error}") from error
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        raise BackupError("not an atlas backup: manifest.json names another format")
    if manifest.get("format_version") != FORMAT_VERSION:
        raise BackupError(
            f"backup format version {manifest.get('format_version')!r} is not supported "
            f"(this atlas reads version {FORMAT_VERSION})"
        )
    return manifest


def _table_rows(archive: zipfile.ZipFile, table: Table, entry: dict) -> Iterator[dict]:
    """The decoded rows of one table's JSON-lines member, read line by line; its checksum
    and row count are checked when the member ends (a caller that writes the rows meanwhile
    must do so in a transaction it can roll back)."""
    name = table.name
    columns = [column.name for column in table.columns]
    if entry.get("columns") != columns:
        raise BackupError(f"table {name}: its columns differ from the store's")
    decoders = {column.name: _decoder(column) for column in table.columns}
    digest, count = hashlib.sha256(), 0
    with archive.open(str(entry.get("file"))) as member:
        while line := member.readline(MAX_BACKUP_LINE_BYTES + 1):
            count += 1
            if len(line) > MAX_BACKUP_LINE_BYTES:
                raise BackupError(
                    f"table {name}, row {count}: longer than the "
                    f"{size_text(MAX_BACKUP_LINE_BYTES)} one row of a backup may be"
                )
            digest.update(line)
            try:
                record = json.loads(line)
                if not isinstance(record, dict) or sorted(record) != sorted(columns):
                    raise ValueError("the row does not have the table's columns")
                yield {
                    key: None if record[key] is None else decode(record[key])
                    for key, decode in decoders.items()
                }
            except (ValueError, TypeError, RecursionError) as error:
                raise BackupError(f"table {name}, row {count}: {error}") from error
    if digest.hexdigest() != entry.get("sha256"):
        raise BackupError(f"table {name}: its checksum does not match the manifest")
    if count != entry.get("rows"):
        raise BackupError(f"table {name}: {count} rows, the manifest says {entry.get('rows')}")


def _source_size(source: Source) -> int:
    if isinstance(source, (str, Path)):
        return Path(source).stat().st_size
    position = source.tell()
    size = source.seek(0, io.SEEK_END)
    source.seek(position)
    return size


@contextmanager
def _opened(source: Source) -> Iterator[zipfile.ZipFile]:
    """The backup's zip, its size and unpacked size checked before anything is read;
    read errors become BackupError."""
    try:
        size = _source_size(source)
        if size > MAX_BACKUP_FILE_BYTES:
            raise BackupError(
                f"the backup is {size_text(size)}, more than the "
                f"{size_text(MAX_BACKUP_FILE_BYTES)} a backup of the atlas may be"
            )
        if not isinstance(source, (str, Path)):
            source.seek(0)
        with zipfile.ZipFile(source) as archive:
            unpacked = sum(info.file_size for info in archive.infolist())
            if unpacked > MAX_BACKUP_UNPACKED_BYTES:
                raise BackupError(
                    f"the backup unpacks to {size_text(unpacked)}, more than the "
                    f"{size_text(MAX_BACKUP_UNPACKED_BYTES)} a backup of the atlas may hold"
                )
            yield archive
    except (
        zipfile.BadZipFile,
        NotImplementedError,  # from zipfile: a version or compression it does not know
        KeyError,
        OSError,
        UnicodeDecodeError,
        EOFError,
        zlib.error,
    ) as error:
        raise BackupError(f"the backup cannot be read: {error}") from error


def _checked_entries(archive: zipfile.ZipFile, head: str) -> tuple[dict, dict[str, dict]]:
    """The manifest and its table entries, checked against the store's schema."""
    manifest = _read_manifest(archive)
    if manifest.get("schema_revision") != head:
        raise BackupError(
            f"the backup is of schema revision {manifest.get('schema_revision')!r}, "
            f"the store is at {head!r}; restore it with the atlas version that wrote it"
        )
    tables = manifest.get("tables")
    entries = {
        entry.get("name"): entry
        for entry in (tables if isinstance(tables, list) else [])
        if isinstance(entry, dict)
    }
    expected = [table.name for table in backed_up_tables()]
    missing = [name for name in expected if name not in entries]
    unknown = sorted(map(str, set(entries) - set(expected)))
    if missing or unknown:
        raise BackupError(
            "the backup does not hold the store's tables"
            + (f"; missing: {', '.join(missing)}" if missing else "")
            + (f"; unknown: {', '.join(unknown)}" if unknown else "")
        )
    return manifest, entries


def read_backup(engine: Engine, source: Source) -> Backup:
    """Read and check a whole backup against the store's schema, writing nothing. Rows
    are streamed and checked one at a time, never held.

    Raises BackupError when the store's schema is not current, or the zip is too large,
    damaged, of another schema revision, lacks a table, fails a checksum or holds a row
    that does not parse.
    """
    if not schema_is_current(engine):
        raise BackupError("the store's schema is not current; run `python -m atlas init` first")
    head = str(schema_head())
    counts: dict[str, int] = {}
    revision = 0
    with _opened(source) as archive:
        manifest, entries = _checked_entries(archive, head)
        for table in backed_up_tables():
            counts[table.name] = 0
            for row in _table_rows(archive, table, entries[table.name]):
                counts[table.name] += 1
                if table.name == Meta.__tablename__ and row["key"] == "revision":
                    revision = _revision_value(row["value"])
    size = _source_size(source)
    summary = BackupSummary(head, str(manifest.get("created_at")), counts, size)
    return Backup(summary, source, entries, revision)


def _revision_value(value: object) -> int:
    try:
        return int(str(value))
    except ValueError as error:
        raise BackupError("the backup's data revision is not a number") from error


def _insert_streamed(session: Session, table: Table, rows: Iterator[dict]) -> None:
    batch: list[dict] = []
    for row in rows:
        batch.append(row)
        if len(batch) == INSERT_BATCH:
            session.execute(table.insert(), batch)
            batch = []
    if batch:
        session.execute(table.insert(), batch)


def replace_store(engine: Engine, backup: Backup, with_accounts: bool = False) -> int:
    """Replace every table's rows with `backup`'s in one transaction, streaming them from
    the zip again and checking each table as it goes. The store's staff accounts, their
    sessions and failed log-ins stay as they are, unless `with_accounts`: then the backup's
    accounts (with their password hashes) replace them and every session ends. Returns the
    new data revision: above both the backup's and the store's."""
    kept = () if with_accounts else ACCOUNT_TABLES
    replaced = [table for table in Base.metadata.sorted_tables if table.name not in kept]
    meta = Meta.__table__
    head = str(schema_head())
    try:
        with _opened(backup.source) as archive, session_scope(engine) as session:
            entries = _checked_entries(archive, head)[1]
            for table in reversed(replaced):
                if table is not meta:
                    session.execute(table.delete())
            # The transaction now holds the write lock: no other write can raise this.
            previous = _stored_revision(session)
            session.execute(meta.delete())
            for table in replaced:
                if table.name in entries and table.name not in EPHEMERAL_TABLES:
                    rows = _table_rows(archive, table, entries[table.name])
                    _insert_streamed(session, table, rows)
            _reset_sequences(session)
            session.merge(Meta(key="revision", value=str(max(previous, backup.revision))))
            session.flush()
            return bump_revision(session)
    except SQLAlchemyError as error:
        raise BackupError(
            f"the store refused the backup's rows; nothing was changed: {error.__class__.__name__}"
            f": {str(error).splitlines()[0]}"
        ) from error


def restore_backup(engine: Engine, source: Source, with_accounts: bool = False) -> BackupSummary:
    """Check the whole backup (see read_backup), then replace the store's contents with it
    in one transaction (see replace_store). Any failure leaves the store as it was."""
    backup = read_backup(engine, source)
    replace_store(engine, backup, with_accounts)
    return backup.summary


def _stored_revision(session: Session) -> int:
    value = session.scalar(select(Meta.value).where(Meta.key == "revision"))
    try:
        return int(value) if value is not None else 0
    except ValueError:
        return 0


def _reset_sequences(session: Session) -> None:
    """PostgreSQL: move each id sequence past the restored ids (SQLite needs nothing)."""
    if session.get_bind().dialect.name != "postgresql":
        return
    for table in Base.metadata.sorted_tables:
        keys = list(table.primary_key.columns)
        if len(keys) == 1 and isinstance(keys[0].type, Integer):
            column = keys[0].name
            session.execute(
                text(
                    f"SELECT setval(pg_get_serial_sequence(:table, :column), "  # noqa: S608
                    f'COALESCE(MAX("{column}"), 1), MAX("{column}") IS NOT NULL) '
                    f'FROM "{table.name}"'
                ),
                {"table": table.name, "column": column},
            )


def backup_bytes(engine: Engine, now: datetime | None = None) -> tuple[bytes, BackupSummary]:
    """The backup zip in memory, for a download."""
    buffer = io.BytesIO()
    summary = write_backup(engine, buffer, now)
    return buffer.getvalue(), summary
