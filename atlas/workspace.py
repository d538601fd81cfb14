"""What staff see of the store: every record, drafts and deleted ones included, and one
record's current state and version for an editing form."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd
from sqlalchemy import Engine, select, text

from atlas import records
from atlas.records import CITY, MEMBERSHIP, PRACTICE, PROJECT
from atlas.store import session_scope
from atlas.tables import PracticeRow, ProjectRow, TopicRow

_LISTS = {
    PROJECT: "SELECT id, slug, name AS label, version, deleted_at FROM projects",
    CITY: "SELECT id, slug, name || ' (' || country || ')' AS label, version, deleted_at "
    "FROM cities",
    MEMBERSHIP: "SELECT m.id, c.slug || '/' || p.slug || '/' || m.role AS slug, "
    "c.name || ' in ' || p.name || ' (' || m.role || ')' AS label, m.version, m.deleted_at "
    "FROM memberships m JOIN cities c ON c.id = m.city_id JOIN projects p ON p.id = m.project_id",
    PRACTICE: "SELECT pr.id, pr.slug, pr.title AS label, pr.version, pr.deleted_at, "
    "pr.review_state, pr.review_comment, c.name AS city "
    "FROM practices pr JOIN cities c ON c.id = pr.city_id",
}


@dataclass(frozen=True)
class EditableRecord:
    kind: str
    record_id: int
    version: int
    label: str
    state: dict
    """See atlas.records: the model fields, `deleted`, and for practices `review_state`
    and `images`."""
    review_comment: str | None = None


def staff_records(engine: Engine, kind: str) -> pd.DataFrame:
    """Every record of `kind` with id, slug, label, version and `deleted` (practices also
    review_state, review_comment and city), sorted by label."""
    with engine.connect() as connection:
        frame = pd.read_sql(text(_LISTS[kind]), connection)
    frame["deleted"] = frame["deleted_at"].notna()
    return frame.drop(columns="deleted_at").sort_values("label").reset_index(drop=True)


def editable_record(engine: Engine, kind: str, record_id: int) -> EditableRecord | None:
    """A record's current state and version, or None when there is no such record."""
    with session_scope(engine) as session:
        row = session.get(records.ROWS[kind], record_id)
        if row is None:
            return None
        return EditableRecord(
            kind=kind,
            record_id=row.id,
            version=row.version,
            label=records.label(kind, row),
            state=records.row_state(session, kind, row),
            review_comment=getattr(row, "review_comment", None),
        )


def choices(engine: Engine) -> dict[str, list[str]]:
    """Slugs staff may pick from: live cities and projects, every topic and practice."""
    with engine.connect() as connection:
        cities = connection.scalars(
            text("SELECT slug FROM cities WHERE deleted_at IS NULL ORDER BY slug")
        )
        city_slugs = list(cities)
    with session_scope(engine) as session:
        projects = session.scalars(
            select(ProjectRow.slug).where(ProjectRow.deleted_at.is_(None)).order_by(ProjectRow.slug)
        )
        project_slugs = list(projects)
        topic_slugs = list(session.scalars(select(TopicRow.slug).order_by(TopicRow.slug)))
        # Deleted practices too: a stored link to one must still show in the form (saving
        # it is then refused with the reason).
        practice_slugs = list(session.scalars(select(PracticeRow.slug).order_by(PracticeRow.slug)))
    return {
        "city": city_slugs,
        "project": project_slugs,
        "projects": project_slugs,
        "topics": topic_slugs,
        "replicates": practice_slugs,
    }
