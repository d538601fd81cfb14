"""The four curated kinds of record (project, city, membership, practice): how each is
validated, shown as a plain state, written from validated values, and named.

A record's *state* is a JSON-ready dict: the fields of its pydantic model (references as
slugs, dates as ISO strings), plus `deleted` and, for practices, `review_state` and
`images`. States are what the history stores and what a restore brings back.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date

from pydantic import BaseModel, ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session, aliased

from atlas import replication
from atlas.i18n import N_, Message, Nn_
from atlas.models import City, Membership, Practice, Project
from atlas.tables import (
    CityRow,
    MembershipRow,
    PracticeImageRow,
    PracticeRow,
    ProjectRow,
    TopicRow,
    practice_replications,
)

PROJECT, CITY, MEMBERSHIP, PRACTICE = "project", "city", "membership", "practice"
KINDS: tuple[str, ...] = (PROJECT, CITY, MEMBERSHIP, PRACTICE)
MODELS: dict[str, type[BaseModel]] = {
    PROJECT: Project,
    CITY: City,
    MEMBERSHIP: Membership,
    PRACTICE: Practice,
}
ROWS: dict[str, type] = {
    PROJECT: ProjectRow,
    CITY: CityRow,
    MEMBERSHIP: MembershipRow,
    PRACTICE: PracticeRow,
}
STATE_EXTRAS = ("deleted", "review_state", "images")
"""State keys that are not model fields."""
_REFERENCES = ("city", "project", "topics", "projects", "replicates")
"""Model fields that name other records by slug."""


class InvalidRecordError(ValueError):
    """Values that do not make a valid record: one message per field ("" for the record)."""

    def __init__(self, errors: dict[str, str]) -> None:
        self.errors = errors
        super().__init__("; ".join(f"{k}: {v}" if k else v for k, v in errors.items()))


_PYDANTIC_MESSAGES: dict[str, tuple[str, str | None, str | None]] = {
    "missing": (N_("Field required"), None, None),
    "string_too_short": (
        *Nn_(
            "String should have at least {count} character",
            "String should have at least {count} characters",
        ),
        "min_length",
    ),
    "string_too_long": (
        *Nn_(
            "String should have at most {count} character",
            "String should have at most {count} characters",
        ),
        "max_length",
    ),
    "too_short": (
        *Nn_(
            "List should have at least {count} item after validation, not {actual_length}",
            "List should have at least {count} items after validation, not {actual_length}",
        ),
        "min_length",
    ),
    "string_pattern_mismatch": (N_("String should match pattern '{pattern}'"), None, None),
    "int_parsing": (
        N_("Input should be a valid integer, unable to parse string as an integer"),
        None,
        None,
    ),
    "float_parsing": (
        N_("Input should be a valid number, unable to parse string as a number"),
        None,
        None,
    ),
    "greater_than_equal": (N_("Input should be greater than or equal to {ge}"), None, None),
    "less_than_equal": (N_("Input should be less than or equal to {le}"), None, None),
    "date_from_datetime_parsing": (
        N_("Input should be a valid date or datetime, {error}"),
        None,
        None,
    ),
}
"""Pydantic's messages the atlas's fields can produce, as gettext messages: (message,
plural, the context value counted by the plural)."""


def _plain(value: object) -> str:
    """A context value as pydantic writes it (180.0 as "180"), digits never grouped."""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return str(value)


def _field_message(item: Mapping) -> str:
    """One pydantic error in words: the validator's own Message, else pydantic's message
    made translatable where the atlas knows it, else pydantic's English."""
    english = str(item["msg"]).removeprefix("Value error, ")
    context = item.get("ctx") or {}
    raised = context.get("error")
    if isinstance(raised, Exception) and raised.args and isinstance(raised.args[0], Message):
        return raised.args[0]
    known = _PYDANTIC_MESSAGES.get(item["type"])
    if known is None:
        return english
    message, plural, counted = known
    values: dict[str, object] = {name: _plain(value) for name, value in context.items()}
    if counted is not None:
        values["count"] = int(context[counted])
    said = Message(message, plural, **values)
    return said if said == english else english  # a message worded otherwise stays as it is


def field_errors(error: ValidationError) -> dict[str, str]:
    """Pydantic's errors as {field: message}, the first message per field."""
    found: dict[str, str] = {}
    for item in error.errors():
        where = str(item["loc"][0]) if item["loc"] else ""
        found.setdefault(where, _field_message(item))
    return found


def validate(kind: str, values: Mapping[str, object]) -> BaseModel:
    """The kind's model built from `values`; InvalidRecordError names each bad field."""
    model = MODELS[kind]
    known = {key: value for key, value in values.items() if key in model.model_fields}
    try:
        return model.model_validate(known)
    except ValidationError as error:
        raise InvalidRecordError(field_errors(error)) from error


def _jsonable(value: object) -> object:
    if isinstance(value, date):
        return value.isoformat()
    if isinstance(value, tuple):
        return list(value)
    return value


def model_state(record: BaseModel) -> dict:
    """A validated record's fields as a JSON-ready dict, lists of references sorted as
    `row_state` gives them, so the two compare equal when nothing differs."""
    state = {name: _jsonable(value) for name, value in record.model_dump().items()}
    for name in ("topics", "projects", "replicates"):
        if name in state:
            state[name] = sorted(state[name])
    return state


def label(kind: str, row: object) -> str:
    """How people name the record: a title, a city with its country, a role in a project."""
    if kind == CITY:
        return f"{row.name} ({row.country})"
    if kind == PRACTICE:
        return row.title
    if kind == MEMBERSHIP:
        return f"{row.city.name} in {row.project.name} ({row.role})"
    return row.name


def row_state(session: Session, kind: str, row: object, images: list[dict] | None = None) -> dict:
    """The stored record as a state (see the module docstring). A practice's images are
    read from the store unless given (as [{"sha256", "caption"}] in order)."""
    model = MODELS[kind]
    fields = {name: getattr(row, name) for name in model.model_fields if name not in _REFERENCES}
    if kind == MEMBERSHIP:
        fields["city"] = row.city.slug
        fields["project"] = row.project.slug
    if kind == PRACTICE:
        fields["city"] = row.city.slug
        fields["topics"] = sorted(topic.slug for topic in row.topics)
        fields["projects"] = sorted(project.slug for project in row.projects)
        fields["replicates"] = sorted(original.slug for original in row.replicates)
    state = {name: _jsonable(value) for name, value in fields.items()}
    state["deleted"] = row.deleted_at is not None
    if kind == PRACTICE:
        state["review_state"] = row.review_state
        if images is None:
            images = [
                {"sha256": image.sha256, "caption": image.caption}
                for image in session.scalars(
                    select(PracticeImageRow)
                    .where(PracticeImageRow.practice_id == row.id)
                    .order_by(PracticeImageRow.position)
                )
            ]
        state["images"] = images
    return state


def _by_slug(session: Session, row_type: type, slug: str) -> object | None:
    return session.scalars(select(row_type).where(row_type.slug == slug)).first()


_NOT_IN_ATLAS = {
    CITY: N_("no city {slug} in the atlas"),
    PROJECT: N_("no project {slug} in the atlas"),
}
"""A reference to a record the atlas does not hold (or holds deleted), in words."""


def _live(session: Session, row_type: type, slug: str, field: str, what: str) -> object:
    row = _by_slug(session, row_type, slug)
    if row is None or row.deleted_at is not None:
        raise InvalidRecordError({field: Message(_NOT_IN_ATLAS[what], slug=repr(slug))})
    return row


def check_references(session: Session, kind: str, record: BaseModel) -> dict[str, object]:
    """The rows a record points at, by field; InvalidRecordError for any unknown or deleted one."""
    found: dict[str, object] = {}
    errors: dict[str, str] = {}
    checks: list[tuple[str, type, str]] = []
    if kind in (MEMBERSHIP, PRACTICE):
        checks.append(("city", CityRow, "city"))
    if kind == MEMBERSHIP:
        checks.append(("project", ProjectRow, "project"))
    for field, row_type, what in checks:
        try:
            found[field] = _live(session, row_type, getattr(record, field), field, what)
        except InvalidRecordError as error:
            errors |= error.errors
    if kind == PRACTICE:
        topics = {row.slug: row for row in session.scalars(select(TopicRow))}
        unknown = [slug for slug in record.topics if slug not in topics]
        if unknown:
            errors["topics"] = Message(
                *Nn_("unknown topic(s): {topics}", "unknown topic(s): {topics}"),
                count=len(unknown),
                topics=", ".join(unknown),
            )
        found["topics"] = [topics[slug] for slug in record.topics if slug in topics]
        projects = []
        for slug in record.projects:
            project = _by_slug(session, ProjectRow, slug)
            if project is None or project.deleted_at is not None:
                errors["projects"] = Message(_NOT_IN_ATLAS[PROJECT], slug=repr(slug))
            else:
                projects.append(project)
        found["projects"] = projects
        try:
            found["replicates"] = _originals(session, record)
        except InvalidRecordError as error:
            errors |= error.errors
    if errors:
        raise InvalidRecordError(errors)
    return found


def stored_replication_graph(session: Session) -> dict[str, set[str]]:
    """Every replication link in the store, deleted practices' too (an undeleted practice
    brings its links back), as {practice slug: slugs it replicates}."""
    adopter, original = aliased(PracticeRow), aliased(PracticeRow)
    query = (
        select(adopter.slug, original.slug)
        .join(practice_replications, practice_replications.c.practice_id == adopter.id)
        .join(original, original.id == practice_replications.c.original_id)
    )
    graph: dict[str, set[str]] = {}
    for slug, target in session.execute(query):
        graph.setdefault(slug, set()).add(target)
    return graph


def _originals(session: Session, record: BaseModel) -> list[PracticeRow]:
    """The live practices `record` replicates; InvalidRecordError when a replication rule
    (atlas.replication) is broken."""
    if not record.replicates:
        return []
    rows = {
        row.slug: row
        for row in session.scalars(
            select(PracticeRow).where(
                PracticeRow.slug.in_(record.replicates), PracticeRow.deleted_at.is_(None)
            )
        )
    }
    problem = replication.link_problems(
        record.slug, record.replicates, set(rows), stored_replication_graph(session)
    )
    if problem:
        raise InvalidRecordError({"replicates": problem})
    return [rows[slug] for slug in record.replicates]


def write_values(session: Session, kind: str, row: object, record: BaseModel) -> None:
    """Set the row's columns and references from a validated record."""
    references = check_references(session, kind, record)
    plain = record.model_dump(exclude=set(_REFERENCES))
    for name, value in plain.items():
        setattr(row, name, value)
    if kind == MEMBERSHIP:
        row.city, row.project = references["city"], references["project"]
    if kind == PRACTICE:
        row.city = references["city"]
        row.topics = references["topics"]
        row.projects = references["projects"]
        row.replicates = references["replicates"]


def natural_key(kind: str, record: BaseModel) -> str:
    """What makes the record unique among its kind: a slug, or city/project/role."""
    if kind == MEMBERSHIP:
        return f"{record.city}/{record.project}/{record.role}"
    return record.slug


def find_same(session: Session, kind: str, record: BaseModel) -> object | None:
    """The stored record (deleted or not) with the same natural key as `record`."""
    if kind != MEMBERSHIP:
        return _by_slug(session, ROWS[kind], record.slug)
    return session.scalars(
        select(MembershipRow)
        .join(CityRow, CityRow.id == MembershipRow.city_id)
        .join(ProjectRow, ProjectRow.id == MembershipRow.project_id)
        .where(
            CityRow.slug == record.city,
            ProjectRow.slug == record.project,
            MembershipRow.role == record.role,
        )
    ).first()


def model_values(state: Mapping[str, object]) -> dict:
    """The model fields of a state (its extras left out)."""
    return {key: value for key, value in state.items() if key not in STATE_EXTRAS}
