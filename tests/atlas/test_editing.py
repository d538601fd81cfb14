"""Editing rules on real stores: permissions, field errors, stale copies, soft deletion,
restoring earlier versions, and what visitors then see."""

from __future__ import annotations

from datetime import datetime

import pytest
from sqlalchemy import Engine, select, text

from atlas import editing, history, review
from atlas.accounts import ADMIN, EDITOR, User
from atlas.editing import ConflictError, NotAllowedError
from atlas.queries import load_atlas
from atlas.records import CITY, MEMBERSHIP, PRACTICE, PROJECT, InvalidRecordError
from atlas.tables import ChangeRow, PracticeRow
from tests.factories import PRACTICE_SOURCE, PROVENANCE, image_bytes

EWA = User(name="ewa", role=EDITOR, disabled=False)
ADA = User(name="ada", role=ADMIN, disabled=False)
NOW = datetime(2026, 11, 25, 10, 0)


def _practice_values(**changes: object) -> dict:
    values = {
        "slug": "solar-roofs",
        "title": "Solar roofs on schools",
        "summary": "Photovoltaics on twelve school roofs.",
        "topics": "energy",
        "city": "pisek",
        "projects": "cityxchange",
        "year": "2021",
        "status": "completed",
        **PROVENANCE,
        "source": PRACTICE_SOURCE,
    }
    return {**values, **changes}


def _practice_id(engine: Engine, slug: str) -> tuple[int, int]:
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT id, version FROM practices WHERE slug = :slug"), {"slug": slug}
        ).one()
    return row.id, row.version


def test_a_visitor_may_not_change_records(engine: Engine) -> None:
    with pytest.raises(NotAllowedError):
        editing.create_record(engine, None, PRACTICE, _practice_values(), NOW)
    disabled = User(name="old", role=ADMIN, disabled=True)
    with pytest.raises(NotAllowedError):
        editing.create_record(engine, disabled, PRACTICE, _practice_values(), NOW)


def test_invalid_values_are_reported_per_field_and_nothing_is_written(engine: Engine) -> None:
    values = _practice_values(year="1700", contact_url="not a link", topics="")
    with pytest.raises(InvalidRecordError) as raised:
        editing.create_record(engine, EWA, PRACTICE, values, NOW)
    assert set(raised.value.errors) == {"year", "contact_url", "topics"}
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM changes")) == 0


def test_references_must_name_live_records(engine: Engine) -> None:
    with pytest.raises(InvalidRecordError) as raised:
        editing.create_record(
            engine, EWA, PRACTICE, _practice_values(city="atlantis", topics="energy;sport"), NOW
        )
    assert set(raised.value.errors) == {"city", "topics"}


def test_a_new_practice_is_a_draft_that_visitors_do_not_see(engine: Engine) -> None:
    saved = editing.create_record(engine, EWA, PRACTICE, _practice_values(), NOW)
    assert saved.version == 1
    with engine.connect() as connection:
        state = connection.scalar(
            select(PracticeRow.review_state).where(PracticeRow.id == saved.record_id)
        )
    assert state == review.DRAFT
    assert "solar-roofs" not in set(load_atlas(engine).practices["slug"])


def test_a_slug_is_unique_even_among_deleted_records(engine: Engine) -> None:
    with pytest.raises(InvalidRecordError) as raised:
        editing.create_record(
            engine, EWA, PRACTICE, _practice_values(slug="energy-positive-school"), NOW
        )
    assert "exists already" in raised.value.errors["slug"]


def test_the_second_save_of_the_same_version_is_refused(engine: Engine) -> None:
    record_id, version = _practice_id(engine, "energy-positive-school")
    first = editing.update_record(
        engine,
        ADA,
        PRACTICE,
        record_id,
        version,
        _practice_values(slug="energy-positive-school", summary="First editor's summary."),
        NOW,
    )
    assert first.version == version + 1
    with pytest.raises(ConflictError) as raised:
        editing.update_record(
            engine,
            EWA,
            PRACTICE,
            record_id,
            version,
            _practice_values(slug="energy-positive-school", summary="Second editor's summary."),
            NOW,
        )
    conflict = raised.value
    assert conflict.current_version == version + 1
    assert "ada" in str(conflict)
    assert any("summary" in line and "First editor's summary." in line for line in conflict.lines())
    stored = load_atlas(engine).practices.set_index("slug").loc["energy-positive-school"]
    assert stored["summary"] == "First editor's summary."


def test_every_change_records_who_when_and_old_to_new(engine: Engine) -> None:
    record_id, version = _practice_id(engine, "energy-positive-school")
    editing.update_record(
        engine,
        ADA,
        PRACTICE,
        record_id,
        version,
        _practice_values(slug="energy-positive-school", title="Energy-positive school Písek"),
        NOW,
    )
    changes = history.record_history(engine, PRACTICE, record_id)
    assert [change.action for change in changes] == [history.UPDATE, history.IMPORT]
    latest = changes[0]
    assert (latest.actor, latest.at, latest.version) == ("ada", NOW, version + 1)
    assert latest.fields["title"] == ["Energy-positive school", "Energy-positive school Písek"]
    assert changes[1].actor == history.BASELINE_ACTOR


def test_an_editors_edit_takes_a_published_practice_back_to_draft(engine: Engine) -> None:
    record_id, version = _practice_id(engine, "energy-positive-school")
    editing.update_record(
        engine,
        EWA,
        PRACTICE,
        record_id,
        version,
        _practice_values(slug="energy-positive-school"),
        NOW,
    )
    assert "energy-positive-school" not in set(load_atlas(engine).practices["slug"])


def test_an_admins_edit_keeps_a_published_practice_published(engine: Engine) -> None:
    record_id, version = _practice_id(engine, "energy-positive-school")
    editing.update_record(
        engine,
        ADA,
        PRACTICE,
        record_id,
        version,
        _practice_values(slug="energy-positive-school"),
        NOW,
    )
    assert "energy-positive-school" in set(load_atlas(engine).practices["slug"])


def test_the_slug_is_fixed_once_created(engine: Engine) -> None:
    record_id, version = _practice_id(engine, "energy-positive-school")
    with pytest.raises(InvalidRecordError) as raised:
        editing.update_record(
            engine, ADA, PRACTICE, record_id, version, _practice_values(slug="renamed"), NOW
        )
    assert "slug" in raised.value.errors


def test_a_soft_deleted_city_leaves_the_public_atlas_with_its_practices(engine: Engine) -> None:
    with engine.connect() as connection:
        city_id = connection.scalar(text("SELECT id FROM cities WHERE slug = 'pisek'"))
    editing.delete_record(engine, ADA, CITY, city_id, 1, NOW, comment="duplicate")
    data = load_atlas(engine)
    assert "pisek" not in set(data.cities["slug"])
    assert "pisek" not in set(data.practices["city"])
    assert "pisek" not in set(data.memberships["city"])
    with engine.connect() as connection:
        assert connection.scalar(text("SELECT count(*) FROM cities WHERE slug='pisek'")) == 1
    editing.undelete_record(engine, ADA, CITY, city_id, 2, NOW)
    assert "pisek" in set(load_atlas(engine).cities["slug"])


def test_any_earlier_state_can_be_restored_as_a_recorded_change(engine: Engine) -> None:
    with engine.connect() as connection:
        project_id = connection.scalar(text("SELECT id FROM projects WHERE slug='multiply'"))
    values = {"slug": "multiply", "name": "MULTIPLY", **PROVENANCE}
    editing.update_record(
        engine, EWA, PROJECT, project_id, 1, {**values, "name": "Multiply 2"}, NOW
    )
    editing.update_record(
        engine, EWA, PROJECT, project_id, 2, {**values, "name": "Multiply 3"}, NOW
    )
    restored = editing.restore_version(engine, EWA, PROJECT, project_id, 3, 1, NOW)
    assert restored.version == 4
    names = load_atlas(engine).projects.set_index("slug")["name"]
    assert names["multiply"] == "MULTIPLY"
    latest = history.record_history(engine, PROJECT, project_id)[0]
    assert latest.action == history.RESTORE
    assert latest.fields["name"] == ["Multiply 3", "MULTIPLY"]
    assert latest.comment == "restored version 1"


def test_restoring_a_version_the_history_lacks_changes_nothing(engine: Engine) -> None:
    with engine.connect() as connection:
        project_id = connection.scalar(text("SELECT id FROM projects WHERE slug='multiply'"))
    with pytest.raises(InvalidRecordError):
        editing.restore_version(engine, EWA, PROJECT, project_id, 1, 7, NOW)
    with engine.connect() as connection:
        assert (
            connection.scalar(text("SELECT version FROM projects WHERE id=:i"), {"i": project_id})
            == 1
        )
        assert connection.scalar(select(ChangeRow.id).limit(1)) is None


def test_a_membership_is_created_and_named_by_city_project_and_role(engine: Engine) -> None:
    values = {"city": "trondheim", "project": "multiply", "role": "partner", "source": "x"}
    saved = editing.create_record(engine, EWA, MEMBERSHIP, values, NOW)
    assert saved.label == "Trondheim in MULTIPLY (partner)"
    with pytest.raises(InvalidRecordError) as raised:
        editing.create_record(engine, EWA, MEMBERSHIP, values, NOW)
    assert "exists already" in raised.value.errors["role"]


def test_practice_images_are_a_recorded_change_and_restorable(engine: Engine) -> None:
    from atlas.images import store_image

    png = image_bytes("PNG")
    digest = store_image(engine, ADA, png, NOW)
    record_id, version = _practice_id(engine, "energy-positive-school")
    saved = editing.set_practice_images(
        engine, ADA, record_id, version, [{"sha256": digest, "caption": "Roof"}], NOW
    )
    latest = history.record_history(engine, PRACTICE, record_id)[0]
    assert latest.fields["images"] == [[], [{"sha256": digest, "caption": "Roof"}]]
    editing.restore_version(engine, ADA, PRACTICE, record_id, saved.version, version, NOW)
    assert history.record_history(engine, PRACTICE, record_id)[0].state["images"] == []


def test_saving_an_unchanged_copy_changes_nothing_not_even_publication(engine: Engine) -> None:
    record_id, version = _practice_id(engine, "energy-positive-school")
    stored = _practice_values(
        slug="energy-positive-school",
        title="Energy-positive school",
        summary="A school turned energy-positive.",
        projects="cityxchange",
        year=None,
    )
    with pytest.raises(editing.UnchangedError, match="nothing changed"):
        editing.update_record(engine, EWA, PRACTICE, record_id, version, stored, NOW)
    assert _practice_id(engine, "energy-positive-school") == (record_id, version)
    assert "energy-positive-school" in set(load_atlas(engine).practices["slug"])
    assert history.record_history(engine, PRACTICE, record_id) == []


def test_only_staff_may_upload_images_and_only_images(engine: Engine) -> None:
    from atlas.images import ImageError, store_image

    png = image_bytes("PNG")
    with pytest.raises(ImageError, match="editor or admin"):
        store_image(engine, None, png, NOW)
    with pytest.raises(ImageError, match="only JPEG, PNG and WebP"):
        store_image(engine, EWA, b"<svg onload='x'>", NOW)
    assert store_image(engine, EWA, png, NOW) == store_image(engine, ADA, png, NOW)


def test_visitors_see_the_images_of_published_practices_only(engine: Engine) -> None:
    from atlas.images import store_image

    png = image_bytes("PNG", shade=1)
    digest = store_image(engine, ADA, png, NOW)
    record_id, version = _practice_id(engine, "energy-positive-school")
    saved = editing.set_practice_images(
        engine, ADA, record_id, version, [{"sha256": digest, "caption": "Roof"}], NOW
    )
    images = load_atlas(engine).practice_images
    assert images[["practice", "sha256", "caption"]].values.tolist() == [
        ["energy-positive-school", digest, "Roof"]
    ]
    editing.move_practice(engine, ADA, record_id, saved.version, "return", NOW, "Check it.")
    assert load_atlas(engine).practice_images.empty


@pytest.mark.parametrize(("who", "state"), [(EWA, review.DRAFT), (ADA, review.PUBLISHED)])
def test_undelete_follows_the_review_rule_for_edits(engine: Engine, who: User, state: str) -> None:
    record_id, version = _practice_id(engine, "energy-positive-school")
    editing.delete_record(engine, ADA, PRACTICE, record_id, version, NOW, "taken down")
    editing.undelete_record(engine, who, PRACTICE, record_id, version + 1, NOW)
    with engine.connect() as connection:
        stored = connection.scalar(
            select(PracticeRow.review_state).where(PracticeRow.id == record_id)
        )
    assert stored == state
    public = set(load_atlas(engine).practices["slug"])
    assert ("energy-positive-school" in public) == (state == review.PUBLISHED)


def test_texts_in_other_languages_are_versioned_recorded_and_restored(engine: Engine) -> None:
    saved = editing.create_record(engine, ADA, PRACTICE, _practice_values(), NOW)
    polish = _practice_values(title_pl="Panele słoneczne na dachach szkół", original_language="pl")
    editing.update_record(engine, ADA, PRACTICE, saved.record_id, 1, polish, NOW)
    with pytest.raises(ConflictError):  # a copy opened at version 1 is stale
        editing.update_record(
            engine, EWA, PRACTICE, saved.record_id, 1, _practice_values(summary_bg="Покриви"), NOW
        )
    latest = history.record_history(engine, PRACTICE, saved.record_id)[0]
    assert latest.fields["title_pl"] == [None, "Panele słoneczne na dachach szkół"]
    assert latest.fields["original_language"] == ["en", "pl"]
    editing.restore_version(engine, ADA, PRACTICE, saved.record_id, 2, 1, NOW)
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT title_pl, original_language FROM practices WHERE id = :id"),
            {"id": saved.record_id},
        ).one()
    assert tuple(row) == (None, "en")
