"""The review workflow's rules, one test per rule, and the workflow on a real store."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import Engine, text

from atlas import editing, history, review
from atlas.accounts import ADMIN, EDITOR, User
from atlas.editing import NotAllowedError
from atlas.queries import load_atlas
from atlas.records import PRACTICE, InvalidRecordError

EWA = User(name="ewa", role=EDITOR, disabled=False)
ADA = User(name="ada", role=ADMIN, disabled=False)
NOW = datetime(2026, 11, 25, 10, 0)


def test_can_submit_a_draft_as_editor_or_admin() -> None:
    assert review.can_submit(EWA, review.DRAFT)
    assert review.can_submit(ADA, review.DRAFT)
    assert not review.can_submit(None, review.DRAFT)
    assert not review.can_submit(EWA, review.IN_REVIEW)


def test_can_publish_practice_only_as_admin_and_only_in_review() -> None:
    assert review.can_publish_practice(ADA, review.IN_REVIEW)
    assert not review.can_publish_practice(EWA, review.IN_REVIEW)
    assert not review.can_publish_practice(ADA, review.DRAFT)


def test_can_return_only_as_admin_from_review_or_published() -> None:
    assert review.can_return(ADA, review.IN_REVIEW)
    assert review.can_return(ADA, review.PUBLISHED)
    assert not review.can_return(ADA, review.DRAFT)
    assert not review.can_return(EWA, review.IN_REVIEW)


def test_allowed_actions_follow_the_rules() -> None:
    assert review.allowed_actions(EWA, review.DRAFT) == [history.SUBMIT]
    assert review.allowed_actions(ADA, review.IN_REVIEW) == [history.PUBLISH, history.RETURN]
    assert review.allowed_actions(None, review.PUBLISHED) == []


def _new_draft(engine: Engine) -> tuple[int, int]:
    saved = editing.create_record(
        engine,
        EWA,
        PRACTICE,
        {
            "slug": "bike-lanes",
            "title": "Bike lanes",
            "summary": "Protected lanes.",
            "topics": "mobility",
            "city": "smolyan",
            "status": "ongoing",
            "source": "https://example.org/bike-lanes",
            "licence": "CC BY 4.0",
        },
        NOW,
    )
    return saved.record_id, saved.version


def test_editor_submits_admin_publishes_and_visitors_see_it(engine: Engine) -> None:
    record_id, version = _new_draft(engine)
    submitted = editing.move_practice(engine, EWA, record_id, version, history.SUBMIT, NOW)
    with pytest.raises(NotAllowedError):
        editing.move_practice(engine, EWA, record_id, submitted.version, history.PUBLISH, NOW)
    assert "bike-lanes" not in set(load_atlas(engine).practices["slug"])
    editing.move_practice(engine, ADA, record_id, submitted.version, history.PUBLISH, NOW)
    assert "bike-lanes" in set(load_atlas(engine).practices["slug"])
    actions = [change.action for change in history.record_history(engine, PRACTICE, record_id)]
    assert actions == [history.PUBLISH, history.SUBMIT, history.CREATE]


def test_sending_back_needs_a_comment_and_keeps_it(engine: Engine) -> None:
    record_id, version = _new_draft(engine)
    submitted = editing.move_practice(engine, EWA, record_id, version, history.SUBMIT, NOW)
    with pytest.raises(InvalidRecordError) as raised:
        editing.move_practice(engine, ADA, record_id, submitted.version, history.RETURN, NOW, " ")
    assert "comment" in raised.value.errors
    editing.move_practice(
        engine, ADA, record_id, submitted.version, history.RETURN, NOW, "Add the cost."
    )
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT review_state, review_comment FROM practices WHERE id = :i"),
            {"i": record_id},
        ).one()
    assert tuple(row) == (review.DRAFT, "Add the cost.")
