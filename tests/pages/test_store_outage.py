"""A store that does not answer is a short message that retries, not a traceback; the page
recovers once the store is back, and a staff edit made meanwhile is kept and said unsaved."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from atlas.accounts import ADMIN
from atlas.queries import load_atlas
from atlas.store import make_engine
from tests.pages.conftest import APP
from tests.pages.test_edit import _practice_form
from tests.postgres_server import ThrowawayPostgres, free_port
from ui.edit_actions import NOT_SAVED_WHILE_STORE_DOWN
from ui.outage import STORE_UNAVAILABLE
from ui.text import md

# AppTest gives up on a run that takes longer: the message must come within this.
MESSAGE_WITHIN_SECONDS = 5


def _warnings(app: AppTest) -> list[str]:
    return [warning.value for warning in app.warning]


def test_a_store_on_a_closed_port_is_a_message_not_a_traceback(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("ATLAS_DB_URL", f"postgresql+psycopg://atlas@127.0.0.1:{free_port()}/atlas")
    monkeypatch.setenv("ATLAS_TILES_URL", "")
    app = AppTest.from_file(APP, default_timeout=30).run()  # imports the app's modules
    app.run(timeout=MESSAGE_WITHIN_SECONDS)
    assert not app.exception
    assert _warnings(app) == [STORE_UNAVAILABLE]
    assert not app.title


@pytest.mark.postgresql_only(reason="stops and starts the PostgreSQL server")
def test_the_map_says_so_while_postgresql_is_down_and_recovers_when_it_is_back(
    app: AppTest, postgres_server: ThrowawayPostgres
) -> None:
    app.run()
    assert not app.exception
    assert STORE_UNAVAILABLE not in _warnings(app)
    with postgres_server.stopped():
        app.run(timeout=MESSAGE_WITHIN_SECONDS)
        assert not app.exception
        assert _warnings(app) == [STORE_UNAVAILABLE]
    app.run()
    assert not app.exception
    assert STORE_UNAVAILABLE not in _warnings(app)
    assert app.title


@pytest.mark.postgresql_only(reason="stops and starts the PostgreSQL server")
def test_an_edit_saved_while_postgresql_is_down_is_kept_said_unsaved_then_saved(
    store_url: str, postgres_server: ThrowawayPostgres
) -> None:
    app, field = _practice_form(store_url, "ada", ADMIN)
    title = app.text_input(key=field + "title")
    title.set_value("Energy-positive school, Písek")
    with postgres_server.stopped():
        app.button(key="edit_save").click().run(timeout=MESSAGE_WITHIN_SECONDS)
        assert not app.exception
        assert _warnings(app) == [STORE_UNAVAILABLE]
    app.run()
    assert not app.exception
    assert [error.value for error in app.error] == [md(NOT_SAVED_WHILE_STORE_DOWN)]
    assert app.text_input(key=field + "title").value == "Energy-positive school, Písek"
    app.button(key="edit_save").click().run()
    assert not app.exception
    titles = load_atlas(make_engine(store_url)).practices.set_index("slug")["title"]
    assert titles["energy-positive-school"] == "Energy-positive school, Písek"
