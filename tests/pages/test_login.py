import pytest
from streamlit.testing.v1 import AppTest

from atlas.accounts import ADMIN, EDITOR, add_user, log_in
from atlas.store import make_engine
from ui.auth import now


def test_login_page_offers_a_form_and_needs_no_account_to_browse(app: AppTest) -> None:
    app.run()
    app.switch_page("pages/login.py").run()
    assert not app.exception
    assert [t.label for t in app.text_input] == ["User name", "Password"]
    assert "Visitors need no account" in app.caption[0].value


def _as(app: AppTest, store_url: str, role: str) -> AppTest:
    name = f"{role}1"
    add_user(make_engine(store_url), name, "correct horse battery", role, now())
    token = log_in(make_engine(store_url), name, "correct horse battery", "test", now())
    app.session_state["auth_token"] = token
    return app


def test_the_import_page_is_listed_and_open_for_admins_only(app: AppTest, store_url: str) -> None:
    _as(app, store_url, ADMIN).run()
    app.switch_page("pages/import_gcom.py").run()
    assert not app.exception
    assert app.title[0].value == "Import Covenant of Mayors signatories"


def test_the_import_page_is_not_even_listed_for_editors(app: AppTest, store_url: str) -> None:
    _as(app, store_url, EDITOR).run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("pages/import_gcom.py")
