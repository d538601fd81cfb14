"""The staff page for exports and backups."""

import io

import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from atlas.accounts import (
    ADMIN,
    EDITOR,
    add_user,
    list_users,
    log_in,
    session_user,
)
from atlas.backup import write_backup
from atlas.store import make_engine, session_scope
from ui.auth import now


def _as(app: AppTest, store_url: str, role: str) -> AppTest:
    name = f"{role}1"
    add_user(make_engine(store_url), name, "correct horse battery", role, now())
    app.session_state["auth_token"] = log_in(
        make_engine(store_url), name, "correct horse battery", "test", now()
    )
    return app


def _upload(app: AppTest, content: bytes) -> AppTest:
    app.file_uploader(key="restore_file").set_value(("backup.zip", content, "application/zip"))
    return app.run()


def test_visitors_cannot_reach_the_export_page(app: AppTest) -> None:
    app.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("pages/export_data.py")


def test_editors_download_public_records_but_not_backups(app: AppTest, store_url: str) -> None:
    _as(app, store_url, EDITOR).run()
    app.switch_page("pages/export_data.py").run()
    assert not app.exception
    assert app.title[0].value == "Export and backup"
    assert [s.value for s in app.subheader] == ["Public records"]
    app.radio(key="export_records").set_value("practices").run()
    assert not app.exception


def test_admins_also_get_the_backup_and_restore_steps(app: AppTest, store_url: str) -> None:
    _as(app, store_url, ADMIN).run()
    app.switch_page("pages/export_data.py").run()
    assert not app.exception
    assert [s.value for s in app.subheader] == [
        "Public records",
        "Full backup",
        "Restore a backup",
    ]


def test_admins_check_a_backup_then_restore_it_once_confirmed(app: AppTest, store_url: str) -> None:
    store = make_engine(store_url)
    backup = io.BytesIO()
    write_backup(store, backup)
    with session_scope(store) as session:
        session.execute(text("UPDATE cities SET name = 'Changed' WHERE slug = 'pisek'"))
    _as(app, store_url, ADMIN).run()
    app.switch_page("pages/export_data.py").run()
    _upload(app, backup.getvalue()).button(key="restore_check").click().run()
    assert not app.exception
    assert "nothing written yet" in app.info[0].value
    assert app.button(key="restore_run").disabled
    app.checkbox(key="restore_sure").check().run()
    app.button(key="restore_run").click().run()
    assert not app.exception
    assert "Today's staff accounts were kept." in app.success[0].value
    with store.connect() as connection:
        name = connection.execute(text("SELECT name FROM cities WHERE slug = 'pisek'")).scalar()
    assert name == "Písek"
    # The backup was written before admin1 existed; admin1 stays, still logged in.
    assert [user.name for user in list_users(store)] == ["admin1"]
    assert session_user(store, app.session_state["auth_token"], now()) is not None


def test_the_backups_accounts_come_only_when_asked_for(app: AppTest, store_url: str) -> None:
    store = make_engine(store_url)
    add_user(store, "olduser", "an old long password", EDITOR, now())
    backup = io.BytesIO()
    write_backup(store, backup)
    _as(app, store_url, ADMIN).run()
    app.switch_page("pages/export_data.py").run()
    _upload(app, backup.getvalue()).button(key="restore_check").click().run()
    accounts = app.checkbox(key="restore_accounts")
    assert "password hashes" in accounts.label
    accounts.check()
    app.checkbox(key="restore_sure").check().run()
    app.button(key="restore_run").click().run()
    assert not app.exception
    assert "every session has ended" in app.success[0].value
    assert [user.name for user in list_users(store)] == ["olduser"]


def test_a_broken_backup_is_refused_at_the_check(app: AppTest, store_url: str) -> None:
    _as(app, store_url, ADMIN).run()
    app.switch_page("pages/export_data.py").run()
    _upload(app, b"not a zip").button(key="restore_check").click().run()
    assert not app.exception
    assert app.error[0].value.startswith("This backup cannot be restored")
    assert not app.checkbox
