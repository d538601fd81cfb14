"""The change history: every saved change of a curated record, who made it, when, which
fields went from what to what, and the record's whole state after it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, insert, select
from sqlalchemy.orm import Session

from atlas.store import session_scope
from atlas.tables import ChangeRow

CREATE, UPDATE, DELETE, UNDELETE, RESTORE, IMPORT = (
    "create",
    "update",
    "delete",
    "undelete",
    "restore",
    "import",
)
SUBMIT, PUBLISH, RETURN = "submit", "publish", "return"


@dataclass(frozen=True)
class Change:
    id: int
    at: datetime
    actor: str
    kind: str
    record_id: int
    label: str
    action: str
    version: int
    fields: dict[str, list]
    state: dict
    comment: str | None


def changed_fields(before: dict | None, after: dict) -> dict[str, list]:
    """{field: [old, new]} for every key whose value differs (old is None for a new record)."""
    before = before or {}
    return {
        key: [before.get(key), after.get(key)]
        for key in sorted(set(before) | set(after))
        if before.get(key) != after.get(key)
    }


def change_values(
    *,
    actor: str,
    kind: str,
    record_id: int,
    label: str,
    action: str,
    version: int,
    before: dict | None,
    after: dict,
    now: datetime,
    comment: str | None = None,
) -> dict:
    """One history row as a dict, for `record_changes`."""
    return {
        "at": now,
        "actor": actor,
        "kind": kind,
        "record_id": record_id,
        "label": label[:500],
        "action": action,
        "version": version,
        "fields": changed_fields(before, after),
        "state": after,
        "comment": comment,
    }


BASELINE_ACTOR = "atlas"
"""Who the history names for a record's state before its first recorded change."""


def baseline_values(
    *, kind: str, record_id: int, label: str, version: int, state: dict, now: datetime
) -> dict:
    """The history row that gives a record loaded outside the history (seed files, the JRC
    signatories) its state before its first recorded change."""
    return change_values(
        actor=BASELINE_ACTOR,
        kind=kind,
        record_id=record_id,
        label=label,
        action=IMPORT,
        version=version,
        before=None,
        after=state,
        now=now,
        comment="state before its first recorded change",
    )


def record_changes(session: Session, changes: list[dict]) -> None:
    """Write history rows (built by `change_values`) in the caller's transaction."""
    if changes:
        session.execute(insert(ChangeRow), changes)


def record_change(session: Session, **fields: object) -> None:
    """Write one history row (`change_values`' arguments) in the caller's transaction."""
    record_changes(session, [change_values(**fields)])


def _change(row: ChangeRow) -> Change:
    return Change(
        id=row.id,
        at=row.at,
        actor=row.actor,
        kind=row.kind,
        record_id=row.record_id,
        label=row.label,
        action=row.action,
        version=row.version,
        fields=dict(row.fields),
        state=dict(row.state),
        comment=row.comment,
    )


def changes_since(session: Session, kind: str, record_id: int, version: int) -> list[Change]:
    """The record's changes after `version`, oldest first."""
    rows = session.scalars(
        select(ChangeRow)
        .where(
            ChangeRow.kind == kind, ChangeRow.record_id == record_id, ChangeRow.version > version
        )
        .order_by(ChangeRow.id)
    )
    return [_change(row) for row in rows]


def record_history(engine: Engine, kind: str, record_id: int) -> list[Change]:
    """Every change of one record, newest first."""
    with session_scope(engine) as session:
        rows = session.scalars(
            select(ChangeRow)
            .where(ChangeRow.kind == kind, ChangeRow.record_id == record_id)
            .order_by(ChangeRow.id.desc())
        )
        return [_change(row) for row in rows]


def recent_changes(
    engine: Engine, limit: int = 200, actor: str | None = None, kind: str | None = None
) -> list[Change]:
    """The latest changes across the atlas, newest first, optionally of one actor or kind."""
    query = select(ChangeRow).order_by(ChangeRow.id.desc()).limit(limit)
    if actor:
        query = query.where(ChangeRow.actor == actor)
    if kind:
        query = query.where(ChangeRow.kind == kind)
    with session_scope(engine) as session:
        return [_change(row) for row in session.scalars(query)]


def state_at(session: Session, kind: str, record_id: int, version: int) -> dict | None:
    """The record's state as saved at `version`, or None when the history has no such one."""
    row = session.scalars(
        select(ChangeRow)
        .where(
            ChangeRow.kind == kind,
            ChangeRow.record_id == record_id,
            ChangeRow.version == version,
        )
        .order_by(ChangeRow.id.desc())
    ).first()
    return None if row is None else dict(row.state)
