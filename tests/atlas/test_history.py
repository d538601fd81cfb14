"""The change history: which fields changed, and reading it back by record, user, kind."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import Engine, text

from atlas import editing, history
from atlas.accounts import ADMIN, EDITOR, User
from atlas.records import CITY, PROJECT
from tests.factories import PROVENANCE

EWA = User("ewa", EDITOR, disabled=False)
ADA = User("ada", ADMIN, disabled=False)


@pytest.mark.parametrize(
    ("before", "after", "changed"),
    [
        (None, {"name": "Písek"}, {"name": [None, "Písek"]}),
        (
            {"name": "Pisek", "population": 1},
            {"name": "Písek", "population": 1},
            {"name": ["Pisek", "Písek"]},
        ),
        (
            {"topics": ["energy"]},
            {"topics": ["energy", "mobility"]},
            {"topics": [["energy"], ["energy", "mobility"]]},
        ),
        ({"name": "Písek"}, {"name": "Písek"}, {}),
    ],
)
def test_changed_fields_lists_only_what_differs(before, after, changed) -> None:
    assert history.changed_fields(before, after) == changed


def _rename(engine: Engine, actor: User, slug: str, name: str, at: datetime) -> None:
    with engine.connect() as connection:
        record_id, version = connection.execute(
            text("SELECT id, version FROM projects WHERE slug = :s"), {"s": slug}
        ).one()
    values = {"slug": slug, "name": name, **PROVENANCE}
    editing.update_record(engine, actor, PROJECT, record_id, version, values, at)


def test_recent_changes_are_newest_first_and_filter_by_user_and_kind(engine: Engine) -> None:
    _rename(engine, EWA, "multiply", "MULTIPLY 2", datetime(2026, 11, 25, 9))
    _rename(engine, ADA, "cityxchange", "+CityxChange 2", datetime(2026, 11, 25, 10))
    latest = history.recent_changes(engine)
    assert [(c.actor, c.action, c.label) for c in latest] == [
        ("ada", "update", "+CityxChange 2"),
        ("atlas", "import", "+CityxChange"),  # its state before the first recorded change
        ("ewa", "update", "MULTIPLY 2"),
        ("atlas", "import", "MULTIPLY"),
    ]
    assert {c.label for c in history.recent_changes(engine, actor="ewa")} == {"MULTIPLY 2"}
    assert history.recent_changes(engine, kind=CITY) == []


def test_state_at_gives_the_whole_record_as_saved_at_a_version(engine: Engine) -> None:
    _rename(engine, EWA, "multiply", "MULTIPLY 2", datetime(2026, 11, 25, 9))
    with engine.connect() as connection:
        record_id = connection.scalar(text("SELECT id FROM projects WHERE slug = 'multiply'"))
    from atlas.store import session_scope

    with session_scope(engine) as session:
        assert history.state_at(session, PROJECT, record_id, 1)["name"] == "MULTIPLY"
        assert history.state_at(session, PROJECT, record_id, 2)["name"] == "MULTIPLY 2"
        assert history.state_at(session, PROJECT, record_id, 3) is None
