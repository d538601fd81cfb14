"""The curated kinds: validation by field, and states that compare equal when nothing
differs."""

from __future__ import annotations

import pytest
from sqlalchemy import Engine, select

from atlas import records
from atlas.records import CITY, PRACTICE, InvalidRecordError
from atlas.store import session_scope
from atlas.tables import PracticeRow


@pytest.mark.parametrize(
    ("values", "fields"),
    [
        ({"slug": "Not A Slug", "name": "X"}, {"slug", "country", "latitude", "longitude"}),
        (
            {"slug": "x", "name": "", "country": "XX", "latitude": 91, "longitude": 0},
            {"name", "country", "latitude"},
        ),
    ],
)
def test_invalid_values_name_each_field_once(values: dict, fields: set[str]) -> None:
    with pytest.raises(InvalidRecordError) as raised:
        records.validate(CITY, {**values, "coord_source": "x", "source": "s", "licence": "l"})
    assert set(raised.value.errors) == fields


def test_a_stored_practice_and_its_values_make_equal_states(engine: Engine) -> None:
    with session_scope(engine) as session:
        row = session.scalars(select(PracticeRow)).first()
        state = records.row_state(session, PRACTICE, row)
    again = records.validate(PRACTICE, {**records.model_values(state), "topics": "energy"})
    assert records.model_state(again) == records.model_values(state)
    assert set(state) - set(records.model_values(state)) == {"deleted", "review_state", "images"}
