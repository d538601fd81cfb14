"""Bulk import of cities, memberships and practices from a table (see docs/import-format.md).

`preview_import` reads and validates every row against the store and reports what an
import would do — per-row errors, new / changed / unchanged records, likely duplicate
cities, cities placed by the offline gazetteer — and writes nothing. `commit_import`
validates again inside one transaction and writes everything, or nothing when any row is
rejected. Records are matched by natural key (a slug; a membership's city, project and
role); a changed record's version rises by one and every write is recorded in the history
under the importing user's name. New practices start as drafts: an import never publishes.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from datetime import datetime
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
from pydantic import BaseModel
from sqlalchemy import Engine, delete, insert, select, update
from sqlalchemy.orm import Session, joinedload, selectinload

from atlas import history, records, review
from atlas.accounts import User, can_edit
from atlas.duplicates import find_likely_duplicates
from atlas.editing import NotAllowedError
from atlas.export import DERIVED_COLUMNS, restore_text
from atlas.i18n import N_, Message, Nn_
from atlas.records import CITY, MEMBERSHIP, PRACTICE, InvalidRecordError
from atlas.replication import cycle_problem, find_cycle, with_links
from atlas.store import bump_revision, lock_for_writing, session_scope
from atlas.tables import (
    ChangeRow,
    CityRow,
    MembershipRow,
    PracticeImageRow,
    PracticeRow,
    ProjectRow,
    TopicRow,
    practice_projects,
    practice_replications,
    practice_topics,
)
from atlas.tabular import (
    IMPORT_KINDS,
    KIND_COLUMN,
    Row,
    Table,
    columns_of,
    infer_kind,
    known_columns,
    read_table,
)

NEW, CHANGED, UNCHANGED = "new", "changed", "unchanged"
GEOCODED_SOURCE = "gazetteer: {} — to review"
"""coord_source of a city the import placed with the offline gazetteer."""
_CHUNK = 900  # slugs per IN (...) query: below SQLite's bound-parameter limit
_REFERENCES = ("city", "project", "topics", "projects", "replicates")
_PLURALS = {CITY: "cities", MEMBERSHIP: "memberships", PRACTICE: "practices"}
_NOT_A_COLUMN_OF = {
    CITY: N_("not a column of a city"),
    MEMBERSHIP: N_("not a column of a membership"),
    PRACTICE: N_("not a column of a practice"),
}
"""A column of another kind of record given in a row, in words per the row's kind."""


@dataclass(frozen=True)
class RowError:
    """Why a row is rejected; `field` is "" when the whole row is at fault."""

    row: int
    field: str
    message: str
    sheet: str = ""
    """The workbook sheet of the row, when the file was read sheet by sheet."""

    def __str__(self) -> str:
        where = f"sheet {self.sheet}, row {self.row}" if self.sheet else f"row {self.row}"
        return f"{where}: {self.field + ': ' if self.field else ''}{self.message}"


@dataclass(frozen=True)
class Diff:
    """What a row does to one record; `fields` is {field: [old, new]} for a changed one."""

    row: int
    kind: str
    key: str
    label: str
    fields: dict[str, list] = field(default_factory=dict)


@dataclass(frozen=True)
class Duplicate:
    """A new city whose name reads like another city's (stored, or another row's) nearby."""

    row: int
    name: str
    other: str  # a stored city's slug, or "row N" of this file
    other_name: str
    country: str
    distance_km: float
    similarity: float

    def __str__(self) -> str:
        return (
            f"row {self.row}: {self.name} ~ {self.other} {self.other_name} ({self.country}), "
            f"{self.distance_km:g} km apart, name similarity {self.similarity:.2f}"
        )


@dataclass(frozen=True)
class Geocoded:
    """A city without coordinates placed by the offline gazetteer, to review."""

    row: int
    slug: str
    name: str
    country: str
    place: str
    reference: str  # "geonames:<id>" or "countrystatecity:<id>"
    latitude: float
    longitude: float

    def __str__(self) -> str:
        return (
            f"row {self.row}: {self.name} ({self.country}) placed at {self.place}, "
            f"{self.reference} ({self.latitude:.5f}, {self.longitude:.5f})"
        )


@dataclass
class _Planned:
    """One valid row's write: the validated record and, for a stored record, its state."""

    row: int
    kind: str
    record: BaseModel
    status: str
    row_id: int | None = None
    version: int = 0
    before: dict | None = None
    review_state: str | None = None
    stored_label: str = ""


@dataclass
class ImportReport:
    """What an import of one file does (or would do); `lines()` says it in text."""

    source: str
    read_as: str
    table: Table = field(repr=False)
    kind: str | None = None
    rows: int = 0
    kinds: dict[str, int] = field(default_factory=dict)
    errors: list[RowError] = field(default_factory=list)
    new: list[Diff] = field(default_factory=list)
    changed: list[Diff] = field(default_factory=list)
    unchanged: list[Diff] = field(default_factory=list)
    duplicates: list[Duplicate] = field(default_factory=list)
    geocoded: list[Geocoded] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    """What the import leaves aside on purpose (derived columns, other sheets)."""
    committed: bool = False
    plan: list[_Planned] = field(default_factory=list, repr=False)

    @property
    def ok(self) -> bool:
        """True when no row is rejected, so the import may be committed."""
        return not self.errors

    @property
    def writes(self) -> int:
        """How many records a commit adds or changes."""
        return len(self.new) + len(self.changed)

    def lines(self, limit: int = 50) -> list[str]:
        """The report as text: counts, then up to `limit` items of each list (all errors)."""
        per_kind = ", ".join(_counted(count, kind) for kind, count in self.kinds.items())
        out = [f"{self.source}: {self.read_as}; {self.rows} rows ({per_kind or 'none'})"]
        out += [f"note: {notice}" for notice in self.notices]
        if self.errors:
            out.append(f"rejected: {len(self.errors)} problem(s); nothing will be written")
            out += [f"  {error}" for error in self.errors]
        for title, diffs in (("new", self.new), ("changed", self.changed)):
            out.append(f"{title}: {_count_kinds(diffs)}")
            for diff in diffs[:limit]:
                detail = "; ".join(
                    f"{name}: {_short(old)} → {_short(new)}"
                    for name, (old, new) in diff.fields.items()
                )
                out.append(
                    f"  row {diff.row}: {diff.kind} {diff.key}" + (f" — {detail}" if detail else "")
                )
            out += _more(diffs, limit)
        out.append(f"unchanged: {_count_kinds(self.unchanged)}")
        out.append(f"likely duplicates: {len(self.duplicates)}")
        out += [f"  {pair}" for pair in self.duplicates[:limit]] + _more(self.duplicates, limit)
        out.append(f"placed by the gazetteer (to review): {len(self.geocoded)}")
        out += [f"  {place}" for place in self.geocoded[:limit]] + _more(self.geocoded, limit)
        if self.committed:
            out.append(f"imported: {self.writes} records written in one transaction")
        return out


class ImportStaleError(ValueError):
    """Records of the file changed in the store after the preview: nothing was written."""

    def __init__(self, moved: list[str]) -> None:
        self.moved = moved
        more = (
            Message(N_("; and {more} more"), more=str(len(moved) - 10)) if len(moved) > 10 else ""
        )
        super().__init__(
            Message(
                *Nn_(
                    "{count} record(s) changed in the atlas since the preview ({shown}{more}); "
                    "nothing was written: preview the file again",
                    "{count} record(s) changed in the atlas since the preview ({shown}{more}); "
                    "nothing was written: preview the file again",
                ),
                count=len(moved),
                shown="; ".join(moved[:10]),
                more=more,
            )
        )


class ImportRejectedError(ValueError):
    """Some rows are rejected: nothing was written. `report` lists the problems."""

    def __init__(self, report: ImportReport) -> None:
        self.report = report
        super().__init__(
            Message(
                *Nn_(
                    "{count} problem(s) in {source}; nothing written",
                    "{count} problem(s) in {source}; nothing written",
                ),
                count=len(report.errors),
                source=report.source,
            )
        )


def _short(value: object, limit: int = 60) -> str:
    text = "—" if value in (None, "", []) else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _more(items: list, limit: int) -> list[str]:
    return [f"  … and {len(items) - limit} more"] if len(items) > limit else []


def _counted(count: int, kind: str) -> str:
    return f"{count} {kind if count == 1 else _PLURALS[kind]}"


def _count_kinds(diffs: list[Diff]) -> str:
    counts = Counter(diff.kind for diff in diffs)
    detail = ", ".join(_counted(counts[k], k) for k in IMPORT_KINDS if counts[k])
    return f"{len(diffs)}" + (f" ({detail})" if detail else "")


def read_import(
    source: Path | bytes, filename: str | None = None, kind: str | None = None
) -> Table:
    """The file's rows (see atlas.tabular.read_table)."""
    return read_table(source, filename, kind)


def preview_import(
    engine: Engine, table: Table | list[Row], kind: str | None = None, source: str = "import"
) -> ImportReport:
    """Validate every row and compare it with the store; write nothing."""
    table = _as_table(table)
    with session_scope(engine) as session:
        report = _plan(session, table, kind, source)
        session.rollback()
    return report


def commit_import(
    engine: Engine, actor: User | None, report: ImportReport, now: datetime
) -> ImportReport:
    """Validate the report's rows again and write them all in one transaction; raise
    ImportRejectedError (nothing written) when any row is rejected."""
    if not can_edit(actor):
        raise NotAllowedError(Message(N_("only a logged-in editor or admin may import records")))
    with session_scope(engine) as session:
        lock_for_writing(session)  # no other write between the checks below and ours
        fresh = _plan(session, report.table, report.kind, report.source)
        if fresh.errors:
            raise ImportRejectedError(fresh)
        moved = _changed_since(report, fresh)
        if moved:
            raise ImportStaleError(moved)
        _write(session, fresh, actor, now)
    fresh.committed = True
    return fresh


def _changed_since(previewed: ImportReport, fresh: ImportReport) -> list[str]:
    """The records the preview showed that someone changed, added or deleted since: the
    commit would not do what the preview said."""
    seen = {(p.kind, p.row): (p.row_id, p.version) for p in previewed.plan}
    return [
        f"row {p.row}: {p.stored_label or records.natural_key(p.kind, p.record)}"
        for p in fresh.plan
        if (p.kind, p.row) in seen and seen[(p.kind, p.row)] != (p.row_id, p.version)
    ]


def _as_table(table: Table | list[Row]) -> Table:
    if isinstance(table, Table):
        return table
    columns = list(dict.fromkeys(name for _, values in table for name in values))
    return Table(list(table), columns, "rows")


# -- validation and diff ---------------------------------------------------------------


class _Store:
    """The stored records an import touches, each kind looked up once (in chunks)."""

    def __init__(self, session: Session, slugs: dict[str, set[str]]) -> None:
        self.session = session
        self.topics = set(session.scalars(select(TopicRow.slug)))
        self.projects = {row.slug: row for row in session.scalars(select(ProjectRow))}
        self.cities: dict[str, CityRow] = {}
        for chunk in _chunks(slugs[CITY]):
            self.cities |= {
                row.slug: row
                for row in session.scalars(select(CityRow).where(CityRow.slug.in_(chunk)))
            }
        self.memberships: dict[tuple, MembershipRow] = {}
        city_ids = [row.id for row in self.cities.values()]
        for chunk in _chunks(city_ids if slugs[MEMBERSHIP] else []):
            query = (
                select(MembershipRow)
                .where(MembershipRow.city_id.in_(chunk))
                .options(joinedload(MembershipRow.city), joinedload(MembershipRow.project))
            )
            for row in session.scalars(query):
                self.memberships[(row.city.slug, row.project.slug, row.role)] = row
        self.practices: dict[str, PracticeRow] = {}
        self.images: dict[int, list[dict]] = {}
        for chunk in _chunks(slugs[PRACTICE]):
            query = (
                select(PracticeRow)
                .where(PracticeRow.slug.in_(chunk))
                .options(
                    joinedload(PracticeRow.city),
                    selectinload(PracticeRow.topics),
                    selectinload(PracticeRow.projects),
                    selectinload(PracticeRow.replicates),
                )
            )
            self.practices |= {row.slug: row for row in session.scalars(query)}
        self.replications: dict[str, set[str]] = {}
        self.live_practices: set[str] = set()
        if slugs[PRACTICE]:
            self.replications = records.stored_replication_graph(session)
            self.live_practices = set(
                session.scalars(select(PracticeRow.slug).where(PracticeRow.deleted_at.is_(None)))
            )
        for row in [*self.memberships.values(), *self.practices.values()]:
            self.cities.setdefault(row.city.slug, row.city)  # a row may keep its city
        ids = [row.id for row in self.practices.values()]
        for chunk in _chunks(ids):
            query = (
                select(PracticeImageRow)
                .where(PracticeImageRow.practice_id.in_(chunk))
                .order_by(PracticeImageRow.practice_id, PracticeImageRow.position)
            )
            for image in session.scalars(query):
                self.images.setdefault(image.practice_id, []).append(
                    {"sha256": image.sha256, "caption": image.caption}
                )

    def find(self, kind: str, record: BaseModel) -> object | None:
        if kind == CITY:
            return self.cities.get(record.slug)
        if kind == PRACTICE:
            return self.practices.get(record.slug)
        return self.memberships.get((record.city, record.project, record.role))

    def state(self, kind: str, row: object) -> dict:
        """The stored record's state (`records.row_state`, images looked up already)."""
        images = self.images.get(row.id, []) if kind == PRACTICE else None
        return records.row_state(self.session, kind, row, images)

    def live_city(self, slug: str) -> bool:
        row = self.cities.get(slug)
        return row is not None and row.deleted_at is None

    def live_project(self, slug: str) -> bool:
        row = self.projects.get(slug)
        return row is not None and row.deleted_at is None


def _chunks(items: Iterable) -> Iterable[list]:
    items = list(items)
    for start in range(0, len(items), _CHUNK):
        yield items[start : start + _CHUNK]


def _row_kinds(table: Table, kind: str | None, report: ImportReport) -> list[tuple[int, str, dict]]:
    """Each row with its kind: its `kind` cell, else the caller's, else inferred."""
    derived = {name for names in DERIVED_COLUMNS.values() for name in names}
    unknown = [name for name in table.columns if name and name not in known_columns() | derived]
    for name in unknown:
        report.errors.append(
            RowError(1, name, Message(N_("unknown column (see docs/import-format.md)")))
        )
    default = kind or (None if KIND_COLUMN in table.columns else infer_kind(table.columns))
    if default is None and KIND_COLUMN not in table.columns:
        report.errors.append(
            RowError(
                1,
                KIND_COLUMN,
                Message(N_("cannot tell the kind of record: add a kind column or give it")),
            )
        )
        return []
    found = []
    for number, values in table.rows:
        row_kind = (values.get(KIND_COLUMN) or "").strip().lower() or default
        if row_kind not in IMPORT_KINDS:
            kinds = ", ".join(IMPORT_KINDS)
            problem = (
                Message(N_("{kind} is not one of {kinds}"), kind=repr(row_kind), kinds=kinds)
                if row_kind
                else Message(N_("give one of {kinds}"), kinds=kinds)
            )
            report.errors.append(RowError(number, KIND_COLUMN, problem))
            continue
        foreign = [
            name
            for name, text in values.items()
            if text
            and name in known_columns()
            and name not in (*columns_of(row_kind), *DERIVED_COLUMNS[row_kind], KIND_COLUMN)
        ]
        for name in foreign:
            report.errors.append(
                RowError(
                    number,
                    name,
                    Message(_NOT_A_COLUMN_OF[row_kind]),
                    table.sheets.get(row_kind, ""),
                )
            )
        found.append((number, row_kind, values))
    report.notices += _set_aside(table, {row_kind for _, row_kind, _ in found})
    return found


def _set_aside(table: Table, kinds: set[str]) -> list[str]:
    """One notice for the derived columns of an export the import skips, one for the
    sheets of a workbook it does not read."""
    used = {name for kind in kinds for name in columns_of(kind)}
    derived = [
        name
        for name in table.columns
        if name not in used and any(name in DERIVED_COLUMNS[kind] for kind in kinds)
    ]
    notices = []
    if derived:
        notices.append(
            Message(
                *Nn_(
                    "skipped {count} column(s) that the atlas derives from other records "
                    "(exports show them; an import leaves them aside): {columns}",
                    "skipped {count} column(s) that the atlas derives from other records "
                    "(exports show them; an import leaves them aside): {columns}",
                ),
                count=len(derived),
                columns=", ".join(derived),
            )
        )
    if table.skipped_sheets:
        notices.append(
            Message(
                N_(
                    "read the sheets {read}; left aside the sheets {skipped} (projects and "
                    "other records are edited on the Edit page)"
                ),
                read=", ".join(table.sheets.values()),
                skipped=", ".join(table.skipped_sheets),
            )
        )
    return notices


def _wanted_slugs(rows: list[tuple[int, str, dict]]) -> dict[str, set[str]]:
    slugs: dict[str, set[str]] = {kind: set() for kind in IMPORT_KINDS}
    for _, kind, values in rows:
        if kind == CITY:
            slugs[CITY].add(values.get("slug", "").strip())
        else:
            slugs[CITY].add(values.get("city", "").strip())
            slugs[kind].add(values.get("slug" if kind == PRACTICE else "city", "").strip())
    return slugs


def _plan(session: Session, table: Table, kind: str | None, source: str) -> ImportReport:
    report = ImportReport(source, table.describe(), table, kind)
    rows = _row_kinds(table, kind, report)
    report.rows = len(table.rows)
    counts = Counter(row_kind for _, row_kind, _ in rows)
    report.kinds = {k: counts[k] for k in IMPORT_KINDS if counts[k]}
    store = _Store(session, _wanted_slugs(rows))
    in_file = {
        k: {values.get("slug", "").strip() for _, row_kind, values in rows if row_kind == k}
        for k in (CITY, PRACTICE)
    }
    seen: dict[tuple[str, str], int] = {}
    new_cities: list[tuple[int, BaseModel]] = []
    for number, row_kind, values in sorted(rows, key=lambda r: IMPORT_KINDS.index(r[1])):
        first_error = len(report.errors)
        planned = _plan_row(store, report, number, row_kind, values, in_file)
        _place_in_sheet(report.errors, first_error, table.sheets.get(row_kind, ""))
        if planned is None:
            continue
        key = records.natural_key(row_kind, planned.record)
        if (row_kind, key) in seen:
            where = "slug" if row_kind != MEMBERSHIP else "role"
            report.errors.append(
                RowError(
                    number,
                    where,
                    Message(
                        N_("{key} is already in row {row}"),
                        key=key,
                        row=str(seen[(row_kind, key)]),
                    ),
                    table.sheets.get(row_kind, ""),
                )
            )
            continue
        seen[(row_kind, key)] = number
        report.plan.append(planned)
        if row_kind == CITY and planned.status == NEW:
            new_cities.append((number, planned.record))
    first_error = len(report.errors)
    report.errors += _cycle_errors(store, report.plan)
    _place_in_sheet(report.errors, first_error, table.sheets.get(PRACTICE, ""))
    report.plan.sort(key=lambda p: (IMPORT_KINDS.index(p.kind), p.row))
    sheets = list(table.sheets.values())
    report.errors.sort(key=lambda e: (sheets.index(e.sheet) if e.sheet in sheets else -1, e.row))
    named = {p.record.slug: p.record.name for p in report.plan if p.kind == CITY}
    for planned in report.plan:
        diff = Diff(
            planned.row,
            planned.kind,
            records.natural_key(planned.kind, planned.record),
            _label(planned.kind, planned.record, store, named),
            _changes(planned) if planned.status == CHANGED else {},
        )
        {NEW: report.new, CHANGED: report.changed, UNCHANGED: report.unchanged}[
            planned.status
        ].append(diff)
    report.duplicates = _duplicates(session, new_cities)
    return report


def _place_in_sheet(errors: list[RowError], start: int, sheet: str) -> None:
    """Name the sheet in the errors from `start` on (rows of one kind, so one sheet)."""
    if sheet:
        errors[start:] = [replace(error, sheet=sheet) for error in errors[start:]]


def _plan_row(
    store: _Store,
    report: ImportReport,
    number: int,
    kind: str,
    values: dict[str, str],
    in_file: dict[str, set[str]],
) -> _Planned | None:
    """Validate one row against the store; record its errors and return None if any."""
    given = {name: restore_text(text) for name, text in values.items() if name in columns_of(kind)}
    key_values = {name: given.get(name, "").strip() for name in ("slug", "city", "project", "role")}
    stored = store.find(kind, SimpleNamespace(**key_values))
    before = store.state(kind, stored) if stored is not None else None
    merged = {**records.model_values(before), **given} if before else dict(given)
    if kind == CITY and not given.get("latitude") and not given.get("longitude"):
        if before is not None:  # a stored city keeps its point when the row gives none
            merged |= {name: before[name] for name in ("latitude", "longitude", "coord_source")}
        elif not _geocode(report, number, merged):
            return None
    try:
        record = records.validate(kind, merged)
    except InvalidRecordError as error:
        report.errors += [RowError(number, name, message) for name, message in error.errors.items()]
        return None
    problems = _reference_problems(store, kind, record, in_file)
    if stored is not None:
        after = records.model_state(record)
        if after != records.model_values(before) and stored.deleted_at is not None:
            problems[""] = Message(
                N_("{key} is deleted: restore it first"), key=records.natural_key(kind, record)
            )
    report.errors += [RowError(number, name, message) for name, message in problems.items()]
    if problems:
        return None
    if stored is None:
        return _Planned(number, kind, record, NEW)
    status = UNCHANGED if records.model_state(record) == records.model_values(before) else CHANGED
    return _Planned(
        number,
        kind,
        record,
        status,
        stored.id,
        stored.version,
        before,
        getattr(stored, "review_state", None),
        records.label(kind, stored),
    )


def _geocode(report: ImportReport, number: int, values: dict[str, str]) -> bool:
    """Place a new city without coordinates with the offline gazetteer; a row error when
    it cannot."""
    from geo.gazetteer import default_gazetteer

    name = (values.get("name") or "").strip()
    country = (values.get("country") or "").strip().upper()
    place = default_gazetteer().best(name, country or None) if name and country else None
    if place is None:
        problem = (
            Message(
                N_("no coordinates, and the gazetteer cannot place {name} in {code}"),
                name=repr(name),
                code=country,
            )
            if name and country
            else Message(
                N_("no coordinates, and the gazetteer cannot place it without a name and country")
            )
        )
        report.errors.append(RowError(number, "latitude", problem))
        return False
    values |= {
        "latitude": str(place.latitude),
        "longitude": str(place.longitude),
        "coord_source": GEOCODED_SOURCE.format(place.reference),
    }
    report.geocoded.append(
        Geocoded(
            number,
            (values.get("slug") or "").strip(),
            name,
            country,
            place.name,
            place.reference,
            place.latitude,
            place.longitude,
        )
    )
    return True


def _reference_problems(
    store: _Store, kind: str, record: BaseModel, in_file: dict[str, set[str]]
) -> dict[str, str]:
    problems: dict[str, str] = {}
    if kind in (MEMBERSHIP, PRACTICE):
        if record.city in store.cities:  # stored: live, whatever the file says of it
            if not store.live_city(record.city):
                problems["city"] = Message(N_("city {city} is deleted"), city=repr(record.city))
        elif record.city not in in_file[CITY]:
            problems["city"] = Message(
                N_("no city {city} in the atlas or this file"), city=repr(record.city)
            )
    if kind == MEMBERSHIP and not store.live_project(record.project):
        problems["project"] = Message(
            N_("no project {project} in the atlas"), project=repr(record.project)
        )
    if kind == PRACTICE:
        unknown = [slug for slug in record.topics if slug not in store.topics]
        if unknown:
            problems["topics"] = Message(
                *Nn_("unknown topic(s): {topics}", "unknown topic(s): {topics}"),
                count=len(unknown),
                topics=", ".join(unknown),
            )
        missing = [slug for slug in record.projects if not store.live_project(slug)]
        if missing:
            problems["projects"] = Message(
                *Nn_(
                    "no project(s) {projects} in the atlas", "no project(s) {projects} in the atlas"
                ),
                count=len(missing),
                projects=", ".join(missing),
            )
        missing = [
            slug
            for slug in record.replicates
            if slug not in store.live_practices and slug not in in_file[PRACTICE]
        ]
        if missing:
            problems["replicates"] = Message(
                *Nn_(
                    "no practice(s) {practices} in the atlas or this file",
                    "no practice(s) {practices} in the atlas or this file",
                ),
                count=len(missing),
                practices=", ".join(missing),
            )
    return problems


def _cycle_errors(store: _Store, plan: list[_Planned]) -> list[RowError]:
    """A replication cycle that the file's practices would close, named at the first of
    its practices that the file holds."""
    rows = {p.record.slug: p.row for p in plan if p.kind == PRACTICE}
    graph = with_links(
        store.replications,
        {p.record.slug: p.record.replicates for p in plan if p.kind == PRACTICE},
    )
    cycle = find_cycle(graph)
    if cycle is None:
        return []
    row = next(rows[slug] for slug in cycle if slug in rows)
    return [RowError(row, "replicates", cycle_problem(graph))]


def _changes(planned: _Planned) -> dict[str, list]:
    return history.changed_fields(
        records.model_values(planned.before), records.model_state(planned.record)
    )


def _label(kind: str, record: BaseModel, store: _Store, named: dict[str, str]) -> str:
    """How people name the record (`records.label`), city names taken from the file first."""
    if kind != MEMBERSHIP:
        return records.label(kind, record)
    city = store.cities.get(record.city)
    project = store.projects.get(record.project)
    names = SimpleNamespace(
        city=SimpleNamespace(name=named.get(record.city) or (city.name if city else record.city)),
        project=SimpleNamespace(name=project.name if project else record.project),
        role=record.role,
    )
    return records.label(kind, names)


def _duplicates(session: Session, new_cities: list[tuple[int, BaseModel]]) -> list[Duplicate]:
    """New cities alike in name and close to a stored city or to another new one."""
    if not new_cities:
        return []
    frame = pd.DataFrame(
        [
            {
                "key": f"row {number}",
                "name": city.name,
                "country": city.country,
                "latitude": city.latitude,
                "longitude": city.longitude,
            }
            for number, city in new_cities
        ]
    )
    countries = sorted(set(frame["country"]))
    stored = pd.DataFrame(
        session.execute(
            select(
                CityRow.slug.label("key"),
                CityRow.name,
                CityRow.country,
                CityRow.latitude,
                CityRow.longitude,
            ).where(CityRow.deleted_at.is_(None), CityRow.country.in_(countries))
        ).all(),
        columns=["key", "name", "country", "latitude", "longitude"],
    )
    pairs = pd.concat(
        [find_likely_duplicates(frame, stored), find_likely_duplicates(frame)], ignore_index=True
    )
    found = [
        Duplicate(
            int(pair.key_a.removeprefix("row ")),
            pair.name_a,
            pair.key_b,
            pair.name_b,
            pair.country,
            float(pair.distance_km),
            float(pair.similarity),
        )
        for pair in pairs.itertuples(index=False)
    ]
    return sorted(found, key=lambda d: (d.row, d.distance_km, d.other))


# -- writing ---------------------------------------------------------------------------


def _plain(record: BaseModel) -> dict:
    """The record's own columns (references left out)."""
    return record.model_dump(exclude=set(_REFERENCES))


def _write(session: Session, report: ImportReport, actor: User, now: datetime) -> None:
    """Write the report's plan (all rows valid) in the session's transaction."""
    by = {(kind, status): [] for kind in IMPORT_KINDS for status in (NEW, CHANGED)}
    for planned in report.plan:
        if planned.status != UNCHANGED:
            by[(planned.kind, planned.status)].append(planned)
    if not any(by.values()):
        return
    changes: list[dict] = []
    baseline = _baselines(
        session, [p for (_, s), ps in by.items() if s == CHANGED for p in ps], now
    )
    labels = {(d.kind, d.row): d.label for d in report.new + report.changed}

    city_ids = _insert(session, CityRow, [_plain(p.record) for p in by[(CITY, NEW)]])
    _update(session, CityRow, [{**_plain(p.record), **_bumped(p)} for p in by[(CITY, CHANGED)]])
    known = {p.record.slug: i for p, i in zip(by[(CITY, NEW)], city_ids, strict=True)}
    for chunk in _chunks(
        {
            p.record.city
            for kind in (MEMBERSHIP, PRACTICE)
            for s in (NEW, CHANGED)
            for p in by[(kind, s)]
        }
        - set(known)
    ):
        known |= dict(
            session.execute(select(CityRow.slug, CityRow.id).where(CityRow.slug.in_(chunk))).all()
        )
    projects = dict(session.execute(select(ProjectRow.slug, ProjectRow.id)).all())

    def membership_values(planned: _Planned) -> dict:
        return {
            **_plain(planned.record),
            "city_id": known[planned.record.city],
            "project_id": projects[planned.record.project],
            "role": planned.record.role,
        }

    membership_ids = _insert(
        session, MembershipRow, [membership_values(p) for p in by[(MEMBERSHIP, NEW)]]
    )
    _update(
        session,
        MembershipRow,
        [{**membership_values(p), **_bumped(p)} for p in by[(MEMBERSHIP, CHANGED)]],
    )

    def practice_values(planned: _Planned) -> dict:
        return {**_plain(planned.record), "city_id": known[planned.record.city]}

    drafts = [{**practice_values(p), "review_state": review.DRAFT} for p in by[(PRACTICE, NEW)]]
    practice_ids = _insert(session, PracticeRow, drafts)
    edited = by[(PRACTICE, CHANGED)]
    for planned in edited:
        planned.review_state = review.state_after_edit(actor, planned.review_state)
    _update(
        session,
        PracticeRow,
        [{**practice_values(p), **_bumped(p), "review_state": p.review_state} for p in edited],
    )
    _link_practices(
        session,
        [(i, p.record) for p, i in zip(by[(PRACTICE, NEW)], practice_ids, strict=True)]
        + [(p.row_id, p.record) for p in edited],
        [p.row_id for p in edited],
        projects,
    )

    for kind, ids in ((CITY, city_ids), (MEMBERSHIP, membership_ids), (PRACTICE, practice_ids)):
        for planned, record_id in zip(by[(kind, NEW)], ids, strict=True):
            after = records.model_state(planned.record) | {"deleted": False}
            if kind == PRACTICE:
                after |= {"review_state": review.DRAFT, "images": []}
            changes.append(_change(actor, planned, record_id, 1, None, after, labels, now))
        for planned in by[(kind, CHANGED)]:
            after = {**planned.before, **records.model_state(planned.record)}
            if kind == PRACTICE:
                after["review_state"] = planned.review_state
            changes.append(
                _change(
                    actor,
                    planned,
                    planned.row_id,
                    planned.version + 1,
                    planned.before,
                    after,
                    labels,
                    now,
                )
            )
    history.record_changes(session, baseline + changes)
    bump_revision(session)


def _bumped(planned: _Planned) -> dict:
    return {"id": planned.row_id, "version": planned.version + 1}


def _change(
    actor: User,
    planned: _Planned,
    record_id: int,
    version: int,
    before: dict | None,
    after: dict,
    labels: dict,
    now: datetime,
) -> dict:
    return history.change_values(
        actor=actor.name,
        kind=planned.kind,
        record_id=record_id,
        label=labels[(planned.kind, planned.row)],
        action=history.IMPORT,
        version=version,
        before=before,
        after=after,
        now=now,
    )


def _insert(session: Session, row_type: type, values: list[dict]) -> list[int]:
    """Insert rows (one executemany) and return their new ids in the same order, read back
    by natural key in chunks: RETURNING with ordered rows is far slower at this size."""
    if not values:
        return []
    session.execute(insert(row_type), [{**v, "version": 1} for v in values])
    if row_type is MembershipRow:
        columns = (MembershipRow.city_id, MembershipRow.project_id, MembershipRow.role)
        ids: dict[tuple, int] = {}
        for chunk in _chunks({v["city_id"] for v in values}):
            query = select(MembershipRow.id, *columns).where(MembershipRow.city_id.in_(chunk))
            ids |= {tuple(found[1:]): found[0] for found in session.execute(query)}
        return [ids[(v["city_id"], v["project_id"], v["role"])] for v in values]
    by_slug: dict[str, int] = {}
    for chunk in _chunks([v["slug"] for v in values]):
        query = select(row_type.slug, row_type.id).where(row_type.slug.in_(chunk))
        by_slug |= dict(session.execute(query).all())
    return [by_slug[v["slug"]] for v in values]


def _update(session: Session, row_type: type, values: list[dict]) -> None:
    """Update rows by primary key ("id" in each dict) in bulk."""
    if values:
        session.execute(update(row_type), values)


def _link_practices(
    session: Session,
    linked: list[tuple[int, BaseModel]],
    replaced: list[int],
    projects: dict[str, int],
) -> None:
    """Set the topics, projects and replicated practices of new and changed practices."""
    for chunk in _chunks(replaced):
        session.execute(delete(practice_topics).where(practice_topics.c.practice_id.in_(chunk)))
        session.execute(delete(practice_projects).where(practice_projects.c.practice_id.in_(chunk)))
        session.execute(
            delete(practice_replications).where(practice_replications.c.practice_id.in_(chunk))
        )
    topics = [{"practice_id": i, "topic_slug": slug} for i, r in linked for slug in r.topics]
    links = [
        {"practice_id": i, "project_id": projects[slug]} for i, r in linked for slug in r.projects
    ]
    if topics:
        session.execute(insert(practice_topics), topics)
    if links:
        session.execute(insert(practice_projects), links)
    originals: dict[str, int] = {}
    for chunk in _chunks({slug for _, r in linked for slug in r.replicates}):
        query = select(PracticeRow.slug, PracticeRow.id).where(PracticeRow.slug.in_(chunk))
        originals |= dict(session.execute(query).all())
    replications = [
        {"practice_id": i, "original_id": originals[slug]}
        for i, r in linked
        for slug in r.replicates
    ]
    if replications:
        session.execute(insert(practice_replications), replications)


def _baselines(session: Session, changed: list[_Planned], now: datetime) -> list[dict]:
    """Starting states for changed records that predate the history (as editing does)."""
    found: list[dict] = []
    for kind in IMPORT_KINDS:
        planned = [p for p in changed if p.kind == kind]
        known: set[int] = set()
        for chunk in _chunks([p.row_id for p in planned]):
            known |= set(
                session.scalars(
                    select(ChangeRow.record_id).where(
                        ChangeRow.kind == kind, ChangeRow.record_id.in_(chunk)
                    )
                )
            )
        found += [
            history.baseline_values(
                kind=kind,
                record_id=p.row_id,
                label=p.stored_label,
                version=p.version,
                state=p.before,
                now=now,
            )
            for p in planned
            if p.row_id not in known
        ]
    return found
