import pytest
from streamlit.testing.v1 import AppTest

from atlas.accounts import EDITOR, add_user, log_in
from atlas.import_format import template_bytes
from atlas.store import make_engine
from ui.auth import now


def test_the_bulk_import_page_is_not_listed_for_visitors(app: AppTest) -> None:
    app.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("pages/bulk_import.py")


def test_the_bulk_import_page_closes_once_its_user_is_logged_out(
    app: AppTest, store_url: str
) -> None:
    _as_editor(app, store_url).run()
    app.switch_page("pages/bulk_import.py").run()
    assert app.title[0].value == "Bulk import"
    del app.session_state["auth_token"]
    app.run()
    assert not app.exception
    assert "Bulk import" not in [title.value for title in app.title]
    assert not app.get("file_uploader")


def _as_editor(app: AppTest, store_url: str) -> AppTest:
    engine = make_engine(store_url)
    add_user(engine, "ewa", "correct horse battery", EDITOR, now())
    app.session_state["auth_token"] = log_in(engine, "ewa", "correct horse battery", "t", now())
    return app


def test_the_bulk_import_page_is_listed_for_editors_and_offers_the_template(
    app: AppTest, store_url: str
) -> None:
    _as_editor(app, store_url).run()
    app.switch_page("pages/bulk_import.py").run()
    assert not app.exception
    assert app.title[0].value == "Bulk import"
    assert template_bytes("csv").startswith(b"\xef\xbb\xbfkind,")
