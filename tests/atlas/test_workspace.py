"""What staff see: every record, drafts and deleted ones included, and one record's form
state."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Engine, text

from atlas import editing
from atlas.accounts import ADMIN, User
from atlas.records import CITY, MEMBERSHIP, PRACTICE
from atlas.workspace import choices, editable_record, staff_records

ADA = User("ada", ADMIN, disabled=False)
NOW = datetime(2026, 11, 25, 9, 0)


def _id(engine: Engine, table: str, slug: str) -> int:
    with engine.connect() as connection:
        return connection.scalar(text(f"SELECT id FROM {table} WHERE slug = :s"), {"s": slug})


def test_staff_see_deleted_cities_and_drafts_that_visitors_do_not(engine: Engine) -> None:
    editing.delete_record(engine, ADA, CITY, _id(engine, "cities", "trondheim"), 1, NOW)
    practice = _id(engine, "practices", "energy-positive-school")
    editing.move_practice(engine, ADA, practice, 1, "return", NOW, "Needs a cost.")
    cities = staff_records(engine, CITY).set_index("slug")
    assert bool(cities.loc["trondheim", "deleted"]) is True
    assert cities.loc["pisek", "label"] == "Písek (CZ)"
    practices = staff_records(engine, PRACTICE).set_index("slug")
    assert practices.loc["energy-positive-school", "review_state"] == "draft"
    assert practices.loc["energy-positive-school", "review_comment"] == "Needs a cost."
    assert "trondheim" not in choices(engine)["city"]


def test_memberships_are_named_by_city_project_and_role(engine: Engine) -> None:
    labels = set(staff_records(engine, MEMBERSHIP)["label"])
    assert "Trondheim in +CityxChange (frontrunner)" in labels


def test_an_editable_record_carries_its_state_and_version(engine: Engine) -> None:
    record = editable_record(engine, PRACTICE, _id(engine, "practices", "energy-positive-school"))
    assert record.version == 1
    assert record.state["topics"] == ["energy"]
    assert record.state["review_state"] == "published"
    assert record.state["images"] == []
    assert editable_record(engine, CITY, 999) is None


def test_a_practice_may_pick_any_stored_practice_to_replicate(engine: Engine) -> None:
    practice = _id(engine, "practices", "energy-positive-school")
    editing.delete_record(engine, ADA, PRACTICE, practice, 1, NOW)
    assert choices(engine)["replicates"] == [
        "energy-positive-school",
        "next-generation-smart-citizen",
    ]
