"""The staff editing, review and history pages, driven headless (AppTest)."""

from __future__ import annotations

import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from atlas.accounts import EDITOR, add_user, log_in
from atlas.store import make_engine
from tests.pages.conftest import APP
from ui.auth import now

PASSWORD = "correct horse battery"


def _logged_in(store_url: str, name: str, role: str) -> AppTest:
    engine = make_engine(store_url)
    if name not in {u for (u,) in engine.connect().execute(text("SELECT name FROM users"))}:
        add_user(engine, name, PASSWORD, role, now())
    app = AppTest.from_file(APP, default_timeout=30)
    app.session_state["auth_token"] = log_in(engine, name, PASSWORD, "test", now())
    return app


def _practice_id(store_url: str, slug: str) -> int:
    with make_engine(store_url).connect() as connection:
        return connection.scalar(text("SELECT id FROM practices WHERE slug = :s"), {"s": slug})


def _open(app: AppTest, page: str, **params: str) -> AppTest:
    app.run()
    app.switch_page(page)
    for name, value in params.items():
        app.query_params[name] = value
    return app.run()


@pytest.mark.parametrize("page", ["pages/edit.py", "pages/review.py", "pages/history.py"])
def test_staff_pages_are_not_even_listed_for_visitors(app: AppTest, page: str) -> None:
    app.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page(page)


def test_an_editor_lists_practices_with_their_review_state(store_url: str) -> None:
    app = _open(_logged_in(store_url, "ewa", EDITOR), "pages/edit.py")
    assert not app.exception
    assert app.title[0].value == "Edit records"
    frame = app.dataframe[0].value
    assert set(frame["review_state"]) == {"published"}
    assert "Energy-positive school" in set(frame["label"])


def test_an_editor_opens_a_practice_form_with_its_review_state(store_url: str) -> None:
    record = str(_practice_id(store_url, "energy-positive-school"))
    app = _open(
        _logged_in(store_url, "ewa", EDITOR), "pages/edit.py", kind="practice", record=record
    )
    assert not app.exception
    assert app.subheader[0].value == "Energy-positive school"
    assert app.text_input(key=f"field_practice_{record}_slug").disabled
    assert app.text_area(key=f"field_practice_{record}_summary").value == (
        "A school turned energy-positive."
    )
    assert any("Published" in m.value for m in app.markdown)
    assert any("off the public pages" in c.value for c in app.caption)


def test_a_missing_record_is_said_plainly(store_url: str) -> None:
    app = _open(_logged_in(store_url, "ewa", EDITOR), "pages/edit.py", kind="city", record="999")
    assert not app.exception
    assert app.error[0].value == "There is no city '999'."


def test_history_and_review_pages_open_for_an_editor(store_url: str) -> None:
    for page, title in (("pages/history.py", "History"), ("pages/review.py", "Review")):
        app = _open(_logged_in(store_url, "ewa", EDITOR), page)
        assert not app.exception
        assert app.title[0].value == title
