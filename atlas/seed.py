"""Load the reviewable seed CSV files of data/ into the store, validated, in one transaction."""

from __future__ import annotations

import csv
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy import Engine, select
from sqlalchemy.orm import Session

from atlas.models import City, Membership, Practice, Project, Topic
from atlas.replication import cycle_problem, find_cycle
from atlas.sources import source_url_problem
from atlas.store import bump_revision, session_scope
from atlas.tables import CityRow, MembershipRow, PracticeRow, ProjectRow, TopicRow

SEED_FILES: tuple[tuple[str, type[BaseModel]], ...] = (
    ("topics.csv", Topic),
    ("projects.csv", Project),
    ("cities.csv", City),
    ("memberships.csv", Membership),
    ("practices.csv", Practice),
)

RecordT = TypeVar("RecordT", bound=BaseModel)


@dataclass(frozen=True)
class SeedProblem:
    file: str
    line: int
    message: str

    def __str__(self) -> str:
        return f"{self.file}:{self.line}: {self.message}"


class SeedError(ValueError):
    """The seed files do not validate; nothing was written."""

    def __init__(self, problems: list[SeedProblem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(problem) for problem in problems))


@dataclass
class Seed:
    topics: list[Topic] = field(default_factory=list)
    projects: list[Project] = field(default_factory=list)
    cities: list[City] = field(default_factory=list)
    memberships: list[Membership] = field(default_factory=list)
    practices: list[Practice] = field(default_factory=list)


@dataclass
class SeedReport:
    added: dict[str, int] = field(default_factory=dict)
    updated: dict[str, int] = field(default_factory=dict)
    kept: dict[str, int] = field(default_factory=dict)


def _rows(path: Path) -> Iterator[tuple[int, dict[str, str]]]:
    with path.open(encoding="utf-8-sig", newline="") as handle:
        reader = csv.DictReader(handle)
        for row in reader:
            yield reader.line_num, {key: value for key, value in row.items() if key}


def _validate(
    path: Path, model: type[RecordT], problems: list[SeedProblem]
) -> list[tuple[int, RecordT]]:
    records: list[tuple[int, RecordT]] = []
    for line, row in _rows(path):
        try:
            records.append((line, model.model_validate(row)))
        except ValidationError as error:
            for item in error.errors():
                where = ".".join(str(part) for part in item["loc"]) or "row"
                problems.append(SeedProblem(path.name, line, f"{where}: {item['msg']}"))
    return records


def _unknown(
    filename: str, line: int, kind: str, slugs: list[str], known: set[str]
) -> list[SeedProblem]:
    return [
        SeedProblem(filename, line, f"unknown {kind} {slug!r}")
        for slug in slugs
        if slug not in known
    ]


def _reference_problems(located: dict[str, list[tuple[int, BaseModel]]]) -> list[SeedProblem]:
    problems: list[SeedProblem] = []
    known: dict[str, set[str]] = {}
    for filename in ("topics.csv", "projects.csv", "cities.csv", "practices.csv"):
        seen: set[str] = set()
        for line, record in located[filename]:
            if record.slug in seen:
                problems.append(SeedProblem(filename, line, f"duplicate slug {record.slug!r}"))
            seen.add(record.slug)
        known[filename] = seen
    for line, membership in located["memberships.csv"]:
        problems += _unknown(
            "memberships.csv", line, "city", [membership.city], known["cities.csv"]
        )
        problems += _unknown(
            "memberships.csv", line, "project", [membership.project], known["projects.csv"]
        )
    for line, practice in located["practices.csv"]:
        problem = source_url_problem(practice.source)
        if problem:
            problems.append(SeedProblem("practices.csv", line, f"source: {problem}"))
        problems += _unknown("practices.csv", line, "city", [practice.city], known["cities.csv"])
        problems += _unknown("practices.csv", line, "topic", practice.topics, known["topics.csv"])
        problems += _unknown(
            "practices.csv", line, "project", practice.projects, known["projects.csv"]
        )
        problems += _unknown(
            "practices.csv",
            line,
            "practice in replicates",
            practice.replicates,
            known["practices.csv"],
        )
    return problems + _cycle_problems(located["practices.csv"])


def _cycle_problems(practices: list[tuple[int, Practice]]) -> list[SeedProblem]:
    """A replication cycle among the seed's practices, named at the line of its first."""
    graph = {practice.slug: practice.replicates for _, practice in practices}
    problem = cycle_problem(graph)
    if problem is None:
        return []
    first = find_cycle(graph)[0]
    line = next(line for line, practice in practices if practice.slug == first)
    return [SeedProblem("practices.csv", line, f"replicates: {problem}")]


def read_seed(data_dir: Path) -> Seed:
    """Read and validate every seed file; raise SeedError listing all problems at once."""
    problems: list[SeedProblem] = []
    located: dict[str, list[tuple[int, BaseModel]]] = {}
    for filename, model in SEED_FILES:
        path = data_dir / filename
        if not path.is_file():
            problems.append(SeedProblem(filename, 0, "file is missing"))
            continue
        located[filename] = _validate(path, model, problems)
    if not problems:
        problems = _reference_problems(located)
    if problems:
        raise SeedError(problems)
    return Seed(
        **{
            filename.removesuffix(".csv"): [record for _, record in records]
            for filename, records in located.items()
        }
    )


def _rows_where(session: Session, row_type: type, column: str, values: list) -> list:
    """The stored rows whose `column` holds one of `values`, read in chunks."""
    found = []
    for start in range(0, len(values), 900):
        chunk = values[start : start + 900]
        found += session.scalars(select(row_type).where(getattr(row_type, column).in_(chunk)))
    return found


class _Upserter:
    """Insert-or-update of seed records against rows already in the store, looked up in
    one query per table (not one per record)."""

    def __init__(self, session: Session, update: bool, report: SeedReport) -> None:
        self.session, self.update, self.report = session, update, report
        self._existing: dict[type, dict[tuple, object]] = {}

    def prefetch(
        self, row_type: type, values: list, column: str = "slug", key_names: tuple = ("slug",)
    ) -> None:
        """Look up only the stored rows whose `column` holds one of `values` (the slugs the
        seed names, or the ids of its cities): a store of many cities is not read whole."""
        self._existing[row_type] = {
            tuple(getattr(row, name) for name in key_names): row
            for row in _rows_where(self.session, row_type, column, values)
        }

    def _rows(self, row_type: type, key_names: tuple[str, ...]) -> dict[tuple, object]:
        if row_type not in self._existing:
            rows = self.session.scalars(select(row_type))
            self._existing[row_type] = {
                tuple(getattr(row, name) for name in key_names): row for row in rows
            }
        return self._existing[row_type]

    def upsert(self, row_type: type, key: dict, values: dict) -> tuple[object, bool]:
        """The stored row for `key` and whether this call wrote it."""
        kind = row_type.__tablename__
        rows = self._rows(row_type, tuple(key))
        existing = rows.get(tuple(key.values()))
        if existing is None:
            row = row_type(**key, **values)
            self.session.add(row)
            rows[tuple(key.values())] = row
            self.report.added[kind] = self.report.added.get(kind, 0) + 1
            return row, True
        if self.update:
            changed = any(getattr(existing, name) != value for name, value in values.items())
            for name, value in values.items():
                setattr(existing, name, value)
            if changed and hasattr(existing, "version"):  # a form opened before is now stale
                existing.version += 1
            self.report.updated[kind] = self.report.updated.get(kind, 0) + 1
            return existing, True
        self.report.kept[kind] = self.report.kept.get(kind, 0) + 1
        return existing, False


def write_seed(session: Session, seed: Seed, update: bool = False) -> SeedReport:
    """Insert seed records missing from the store; with `update`, overwrite existing ones too.
    References may point at records already in the store as well as at the seed's own."""
    report = SeedReport()
    upserter = _Upserter(session, update, report)
    topics = {
        topic.slug: upserter.upsert(
            TopicRow, {"slug": topic.slug}, topic.model_dump(exclude={"slug"})
        )[0]
        for topic in seed.topics
    }
    for project in seed.projects:
        upserter.upsert(ProjectRow, {"slug": project.slug}, project.model_dump(exclude={"slug"}))
    upserter.prefetch(CityRow, [city.slug for city in seed.cities])
    for city in seed.cities:
        upserter.upsert(CityRow, {"slug": city.slug}, city.model_dump(exclude={"slug"}))
    session.flush()
    projects = {row.slug: row for row in session.scalars(select(ProjectRow))}
    named = sorted({m.city for m in seed.memberships} | {p.city for p in seed.practices})
    cities = {row.slug: row for row in _rows_where(session, CityRow, "slug", named)}
    upserter.prefetch(
        MembershipRow,
        sorted({cities[m.city].id for m in seed.memberships}),
        column="city_id",
        key_names=("city_id", "project_id", "role"),
    )
    topics |= {row.slug: row for row in session.scalars(select(TopicRow))}
    for membership in seed.memberships:
        key = {
            "city_id": cities[membership.city].id,
            "project_id": projects[membership.project].id,
            "role": membership.role,
        }
        upserter.upsert(
            MembershipRow, key, membership.model_dump(exclude={"city", "project", "role"})
        )
    upserter.prefetch(PracticeRow, [practice.slug for practice in seed.practices])
    linked: list[tuple[PracticeRow, Practice]] = []
    for practice in seed.practices:
        values = practice.model_dump(exclude={"slug", "city", "topics", "projects", "replicates"})
        values["city_id"] = cities[practice.city].id
        row, written = upserter.upsert(PracticeRow, {"slug": practice.slug}, values)
        if written:
            row.topics = [topics[slug] for slug in practice.topics]
            row.projects = [projects[slug] for slug in practice.projects]
            linked.append((row, practice))
    if any(practice.replicates for _, practice in linked):
        session.flush()
        practices = {row.slug: row for row in session.scalars(select(PracticeRow))}
        for row, practice in linked:
            row.replicates = [practices[slug] for slug in practice.replicates]
    if report.added or report.updated:
        bump_revision(session)
    return report


def load_seed(engine: Engine, data_dir: Path, update: bool = False) -> SeedReport:
    """Validate the seed files in `data_dir` and write them in one transaction."""
    seed = read_seed(data_dir)
    with session_scope(engine) as session:
        return write_seed(session, seed, update=update)
