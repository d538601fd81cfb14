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
        problems += _unknown("practices.csv", line, "city", [practice.city], known["cities.csv"])
        problems += _unknown("practices.csv", line, "topic", practice.topics, known["topics.csv"])
        problems += _unknown(
            "practices.csv", line, "project", practice.projects, known["projects.csv"]
        )
    return problems


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


def _upsert(
    session: Session, row_type: type, key: dict, values: dict, update: bool, report: SeedReport
) -> object:
    kind = row_type.__tablename__
    existing = session.scalars(select(row_type).filter_by(**key)).one_or_none()
    if existing is None:
        row = row_type(**key, **values)
        session.add(row)
        report.added[kind] = report.added.get(kind, 0) + 1
        return row
    if update:
        for name, value in values.items():
            setattr(existing, name, value)
        report.updated[kind] = report.updated.get(kind, 0) + 1
    else:
        report.kept[kind] = report.kept.get(kind, 0) + 1
    return existing


def write_seed(session: Session, seed: Seed, update: bool = False) -> SeedReport:
    """Insert seed records missing from the store; with `update`, overwrite existing ones too."""
    report = SeedReport()
    for topic in seed.topics:
        _upsert(
            session,
            TopicRow,
            {"slug": topic.slug},
            topic.model_dump(exclude={"slug"}),
            update,
            report,
        )
    for project in seed.projects:
        values = project.model_dump(exclude={"slug"})
        _upsert(session, ProjectRow, {"slug": project.slug}, values, update, report)
    for city in seed.cities:
        values = city.model_dump(exclude={"slug"})
        _upsert(session, CityRow, {"slug": city.slug}, values, update, report)
    session.flush()
    # References may point at records already in the store as well as at the seed's own.
    projects = {row.slug: row for row in session.scalars(select(ProjectRow))}
    cities = {row.slug: row for row in session.scalars(select(CityRow))}
    for membership in seed.memberships:
        key = {
            "city_id": cities[membership.city].id,
            "project_id": projects[membership.project].id,
            "role": membership.role,
        }
        values = membership.model_dump(exclude={"city", "project", "role"})
        _upsert(session, MembershipRow, key, values, update, report)
    topics = {row.slug: row for row in session.scalars(select(TopicRow))}
    for practice in seed.practices:
        values = practice.model_dump(exclude={"slug", "city", "topics", "projects"})
        values["city_id"] = cities[practice.city].id
        before = report.added.get("practices", 0) + report.updated.get("practices", 0)
        row = _upsert(session, PracticeRow, {"slug": practice.slug}, values, update, report)
        if report.added.get("practices", 0) + report.updated.get("practices", 0) > before:
            row.topics = [topics[slug] for slug in practice.topics]
            row.projects = [projects[slug] for slug in practice.projects]
    if report.added or report.updated:
        bump_revision(session)
    return report


def load_seed(engine: Engine, data_dir: Path, update: bool = False) -> SeedReport:
    """Validate the seed files in `data_dir` and write them in one transaction."""
    seed = read_seed(data_dir)
    with session_scope(engine) as session:
        return write_seed(session, seed, update=update)
