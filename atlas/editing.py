"""Create, edit, soft-delete and restore curated records, and move practices through review.

Every change happens in one transaction that checks the permission, refuses a stale copy
(the version the editor started from must still be the stored one, compared and raised
atomically), writes the record, raises its version, records the change in the history and
raises the store's data revision. Nothing is overwritten silently.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import Engine, delete, exists, insert, select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from atlas import history, records, review
from atlas.accounts import User, can_edit
from atlas.history import Change
from atlas.i18n import N_, Message
from atlas.records import MEMBERSHIP, PRACTICE, InvalidRecordError
from atlas.store import bump_revision, lock_for_writing, session_scope
from atlas.tables import ChangeRow, PracticeImageRow


class NotAllowedError(PermissionError):
    """The user may not make this change."""


class NotFoundError(LookupError):
    """No such record."""


class UnchangedError(ValueError):
    """The copy to save is the stored record: nothing was saved."""


class ConflictError(RuntimeError):
    """The record changed since the editor's copy was read: nothing was saved."""

    def __init__(self, label: str, base_version: int, current_version: int, changes: list[Change]):
        self.label = label
        self.base_version = base_version
        self.current_version = current_version
        self.changes = changes
        fields = sorted({name for change in changes for name in change.fields})
        who = sorted({change.actor for change in changes})
        super().__init__(
            Message(
                N_(
                    "“{label}” was changed while you edited it (your copy is version {base}, "
                    "the atlas has version {current}{by}{changed}). Nothing was saved: reload "
                    "the record and apply your edits again."
                ),
                label=label,
                base=str(base_version),
                current=str(current_version),
                by=Message(N_(", by {who}"), who=", ".join(who)) if who else "",
                changed=Message(N_("; changed: {fields}"), fields=", ".join(fields))
                if fields
                else "",
            )
        )

    def lines(self) -> list[str]:
        """What changed meanwhile, one line per field and change."""
        found = []
        for change in self.changes:
            when = change.at.strftime("%Y-%m-%d %H:%M")
            for name, (old, new) in change.fields.items():
                found.append(
                    f"version {change.version} ({change.action} by {change.actor}, {when}): "
                    f"{name}: {_short(old)} → {_short(new)}"
                )
        return found


def _short(value: object, limit: int = 80) -> str:
    text = "—" if value in (None, "", []) else str(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


@dataclass(frozen=True)
class Saved:
    kind: str
    record_id: int
    version: int
    label: str


_REFUSED_ACTIONS = {
    review.SUBMIT: N_("you may not submit for review a practice that is {state}"),
    review.PUBLISH: N_("you may not publish a practice that is {state}"),
    review.RETURN: N_("you may not send back to draft a practice that is {state}"),
}
"""A review action refused, in words (the action's label, lower case)."""
_STATE_WORDS = {
    review.DRAFT: N_("draft"),
    review.IN_REVIEW: N_("in review"),
    review.PUBLISHED: N_("published"),
}
"""A review state in a sentence (its label, lower case)."""


def _require_editor(actor: User | None) -> User:
    if not can_edit(actor):
        raise NotAllowedError(Message(N_("only a logged-in editor or admin may change records")))
    return actor


def _record_baseline(session: Session, kind: str, row: object, now: datetime) -> None:
    """Give a record that predates the history (seed data, bulk loads) its starting state."""
    known = session.scalar(
        select(exists().where(ChangeRow.kind == kind, ChangeRow.record_id == row.id))
    )
    if known:
        return
    baseline = history.baseline_values(
        kind=kind,
        record_id=row.id,
        label=records.label(kind, row),
        version=row.version,
        state=records.row_state(session, kind, row),
        now=now,
    )
    history.record_changes(session, [baseline])


def _change(
    engine: Engine,
    actor: User | None,
    kind: str,
    record_id: int,
    base_version: int,
    now: datetime,
    action: str,
    mutate: Callable[[Session, object], None],
    comment: str | None = None,
) -> Saved:
    """Apply `mutate` to the record if `base_version` is still current; see the module."""
    actor = _require_editor(actor)
    row_type = records.ROWS[kind]
    with session_scope(engine) as session:
        lock_for_writing(session)
        row = session.get(row_type, record_id)
        if row is None:
            raise NotFoundError(
                Message(N_("no {kind} with id {id}"), kind=Message(kind), id=str(record_id))
            )
        if row.version != base_version:
            raise ConflictError(
                records.label(kind, row),
                base_version,
                row.version,
                history.changes_since(session, kind, record_id, base_version),
            )
        _record_baseline(session, kind, row, now)
        before = records.row_state(session, kind, row)
        claimed = session.execute(
            update(row_type)
            .where(row_type.id == record_id, row_type.version == base_version)
            .values(version=base_version + 1)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:  # another transaction saved between our read and write
            session.rollback()
            raise ConflictError(
                records.label(kind, row),
                base_version,
                session.scalar(select(row_type.version).where(row_type.id == record_id)),
                history.changes_since(session, kind, record_id, base_version),
            )
        session.expire(row, ["version"])
        mutate(session, row)
        session.flush()
        after = records.row_state(session, kind, row)
        history.record_change(
            session,
            actor=actor.name,
            kind=kind,
            record_id=row.id,
            label=records.label(kind, row),
            action=action,
            version=base_version + 1,
            before=before,
            after=after,
            now=now,
            comment=comment,
        )
        bump_revision(session)
        return Saved(kind, row.id, base_version + 1, records.label(kind, row))


def create_record(
    engine: Engine, actor: User | None, kind: str, values: Mapping[str, object], now: datetime
) -> Saved:
    """Add a record from form or import values. A new practice starts as a draft."""
    actor = _require_editor(actor)
    record = records.validate(kind, values)
    with session_scope(engine) as session:
        lock_for_writing(session)
        same = records.find_same(session, kind, record)
        if same is not None:
            where = "slug" if kind != MEMBERSHIP else "role"
            key = records.natural_key(kind, record)
            exists_already = (
                Message(
                    N_("{key} exists already (deleted: restore it from its history instead)"),
                    key=key,
                )
                if same.deleted_at
                else Message(N_("{key} exists already"), key=key)
            )
            raise InvalidRecordError({where: exists_already})
        row = records.ROWS[kind](version=1)
        if kind == PRACTICE:
            row.review_state = review.DRAFT
        records.write_values(session, kind, row, record)
        session.add(row)
        try:
            session.flush()
        except IntegrityError as error:  # two creations of one key met after all
            raise InvalidRecordError(
                {
                    "": Message(
                        N_("{key} was just created by someone else"),
                        key=records.natural_key(kind, record),
                    )
                }
            ) from error
        history.record_change(
            session,
            actor=actor.name,
            kind=kind,
            record_id=row.id,
            label=records.label(kind, row),
            action=history.CREATE,
            version=1,
            before=None,
            after=records.row_state(session, kind, row),
            now=now,
        )
        bump_revision(session)
        return Saved(kind, row.id, 1, records.label(kind, row))


def _key_unchanged(kind: str, row: object, record: object) -> None:
    """A slug (or a membership's city, project and role) names the record: editing it
    would break links, so it is fixed once created."""
    if kind == MEMBERSHIP:
        now = (row.city.slug, row.project.slug, row.role)
        asked = (record.city, record.project, record.role)
        if now != asked:
            raise InvalidRecordError(
                {"role": Message(N_("a membership's city, project and role are fixed"))}
            )
    elif row.slug != record.slug:
        raise InvalidRecordError(
            {
                "slug": Message(
                    N_("the slug is fixed once created (it is {slug})"), slug=repr(row.slug)
                )
            }
        )


def update_record(
    engine: Engine,
    actor: User | None,
    kind: str,
    record_id: int,
    base_version: int,
    values: Mapping[str, object],
    now: datetime,
) -> Saved:
    """Save an edited copy that started from `base_version`."""
    record = records.validate(kind, values)

    def write(session: Session, row: object) -> None:
        _key_unchanged(kind, row, record)
        stored = records.model_values(records.row_state(session, kind, row))
        if records.model_state(record) == stored:
            raise UnchangedError(
                Message(N_("nothing changed in “{record}”"), record=records.label(kind, row))
            )
        records.write_values(session, kind, row, record)
        if kind == PRACTICE:
            row.review_state = review.state_after_edit(actor, row.review_state)

    return _change(engine, actor, kind, record_id, base_version, now, history.UPDATE, write)


def delete_record(
    engine: Engine,
    actor: User | None,
    kind: str,
    record_id: int,
    base_version: int,
    now: datetime,
    comment: str | None = None,
) -> Saved:
    """Soft-delete: the record leaves the public pages, stays in the store and its history."""

    def mark(_session: Session, row: object) -> None:
        if row.deleted_at is not None:
            raise InvalidRecordError({"": Message(N_("this record is deleted already"))})
        row.deleted_at = now

    return _change(engine, actor, kind, record_id, base_version, now, history.DELETE, mark, comment)


def undelete_record(
    engine: Engine,
    actor: User | None,
    kind: str,
    record_id: int,
    base_version: int,
    now: datetime,
) -> Saved:
    """Bring a soft-deleted record back. A practice's review state follows the rule for
    edits: an editor cannot put a published practice back on the public pages."""

    def unmark(_session: Session, row: object) -> None:
        if row.deleted_at is None:
            raise InvalidRecordError({"": Message(N_("this record is not deleted"))})
        row.deleted_at = None
        if kind == PRACTICE:
            row.review_state = review.state_after_edit(actor, row.review_state)

    return _change(engine, actor, kind, record_id, base_version, now, history.UNDELETE, unmark)


def restore_version(
    engine: Engine,
    actor: User | None,
    kind: str,
    record_id: int,
    base_version: int,
    target_version: int,
    now: datetime,
) -> Saved:
    """Bring back the record's fields (and images, and whether it was deleted) as they were
    at `target_version`; itself a recorded change. A practice's review state follows the
    rule for edits."""

    def bring_back(session: Session, row: object) -> None:
        state = history.state_at(session, kind, record_id, target_version)
        if state is None:
            raise InvalidRecordError(
                {
                    "": Message(
                        N_("the history has no version {version}"), version=str(target_version)
                    )
                }
            )
        record = records.validate(kind, records.model_values(state))
        _key_unchanged(kind, row, record)
        records.write_values(session, kind, row, record)
        row.deleted_at = (row.deleted_at or now) if state.get("deleted") else None
        if kind == PRACTICE:
            _set_images(session, row.id, state.get("images", []))
            row.review_state = review.state_after_edit(actor, row.review_state)

    return _change(
        engine,
        actor,
        kind,
        record_id,
        base_version,
        now,
        history.RESTORE,
        bring_back,
        comment=f"restored version {target_version}",
    )


def move_practice(
    engine: Engine,
    actor: User | None,
    record_id: int,
    base_version: int,
    action: str,
    now: datetime,
    comment: str | None = None,
) -> Saved:
    """Take a review action (submit, publish, return) on a practice."""
    if action not in review.TRANSITIONS:
        raise InvalidRecordError(
            {"": Message(N_("unknown review action {action}"), action=repr(action))}
        )
    comment = (comment or "").strip() or None
    if review.needs_comment(action) and not comment:
        raise InvalidRecordError(
            {"comment": Message(N_("say what needs to change before sending it back"))}
        )

    def move(_session: Session, row: object) -> None:
        if row.deleted_at is not None:
            raise InvalidRecordError(
                {"": Message(N_("a deleted practice cannot move through review"))}
            )
        if not review.RULES[action](actor, row.review_state):
            raise NotAllowedError(
                Message(_REFUSED_ACTIONS[action], state=Message(_STATE_WORDS[row.review_state]))
            )
        row.review_state = review.TRANSITIONS[action][1]
        row.review_comment = comment

    return _change(engine, actor, PRACTICE, record_id, base_version, now, action, move, comment)


def _set_images(session: Session, practice_id: int, images: list[dict]) -> None:
    session.execute(delete(PracticeImageRow).where(PracticeImageRow.practice_id == practice_id))
    if images:
        session.execute(
            insert(PracticeImageRow),
            [
                {
                    "practice_id": practice_id,
                    "sha256": image["sha256"],
                    "caption": image.get("caption"),
                    "position": position,
                }
                for position, image in enumerate(images)
            ],
        )


def set_practice_images(
    engine: Engine,
    actor: User | None,
    record_id: int,
    base_version: int,
    images: list[dict],
    now: datetime,
) -> Saved:
    """Replace a practice's images (stored blobs, by SHA-256, with captions) in order."""

    def write(session: Session, row: object) -> None:
        _set_images(session, row.id, images)
        row.review_state = review.state_after_edit(actor, row.review_state)

    return _change(engine, actor, PRACTICE, record_id, base_version, now, history.UPDATE, write)
