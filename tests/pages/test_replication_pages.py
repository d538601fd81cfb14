"""Replication on the visitor pages: the practice page, the city profile, the map's lines."""

import re
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from atlas import editing
from atlas.accounts import EDITOR, User
from atlas.records import PRACTICE
from atlas.seed import Seed
from atlas.store import make_engine
from tests import factories
from tests.pages.conftest import APP, serve_store
from tests.pages.test_edit import _logged_in
from tests.pages.test_visitor_pages import _open, _text
from ui.text import md

EWA = User("ewa", EDITOR, disabled=False)
NOW = datetime(2026, 11, 30, 12, 0)


def linked_seed() -> Seed:
    """The small seed where Písek (follower) and Smolyan (follower) took up a practice of
    Trondheim (frontrunner), and Písek's practice names two pages as its sources."""
    seed = factories.small_seed()
    seed.practices += [
        factories.practice(
            "trondheim-heat-pilot",
            "trondheim",
            title="Heat pilot",
            summary="Waste heat for a block.",
        ),
        factories.practice(
            "pisek-heat-pilot",
            "pisek",
            title="Heat pilot, adapted",
            summary="Trondheim's pilot at a school.",
            replicates=["trondheim-heat-pilot"],
            source="Heat in Písek — https://example.org/heat; Annual report — https://example.org/r",
        ),
        factories.practice(
            "smolyan-heat-pilot",
            "smolyan",
            title="Heat pilot in Smolyan",
            title_bg="Топлинен пилот в Смолян",
            summary="A copy.",
            replicates=["trondheim-heat-pilot"],
        ),
    ]
    return seed


@pytest.fixture
def store_url(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    return serve_store(tmp_path, monkeypatch, linked_seed())


@pytest.fixture
def app(store_url: str) -> AppTest:
    return AppTest.from_file(APP, default_timeout=30)


def _links(app: AppTest) -> list[str]:
    """The page links' labels as a visitor reads them (labels are Markdown-escaped)."""
    return [re.sub(r"\\(.)", r"\1", link.label) for link in app.get("page_link")]


def test_the_original_lists_where_it_was_replicated(app: AppTest) -> None:
    app = _open(app, "pages/practice.py", practice="trondheim-heat-pilot")
    assert not app.exception
    assert "**Replicated in**" in _text(app)
    assert "**Adapted from**" not in _text(app)
    labels = _links(app)
    assert any("Heat pilot, adapted — Písek (Czechia)" in label for label in labels)
    assert any("Heat pilot in Smolyan — Smolyan (Bulgaria)" in label for label in labels)


def test_the_adopter_names_its_original_and_its_sources_as_links(app: AppTest) -> None:
    app = _open(app, "pages/practice.py", practice="pisek-heat-pilot")
    assert not app.exception
    assert "**Adapted from**" in _text(app)
    assert any("Heat pilot — Trondheim (Norway)" in label for label in _links(app))
    assert (
        f"- [{md('Heat in Písek')}](https://example.org/heat)\n"
        f"- [{md('Annual report')}](https://example.org/r)"
    ) in _text(app)


def test_a_draft_adopter_is_not_shown_to_visitors(app: AppTest, store_url: str) -> None:
    engine = make_engine(store_url)
    with engine.connect() as connection:
        practice_id = connection.scalar(
            text("SELECT id FROM practices WHERE slug = 'smolyan-heat-pilot'")
        )
    edited = {**linked_seed().practices[-1].model_dump(), "summary": "A copy, edited."}
    # an editor's edit takes a published practice back to draft
    editing.update_record(engine, EWA, PRACTICE, practice_id, 1, edited, NOW)
    app = _open(app, "pages/practice.py", practice="trondheim-heat-pilot")
    assert not app.exception
    labels = _links(app)
    assert any("Heat pilot, adapted" in label for label in labels)
    assert not any("Heat pilot in Smolyan" in label for label in labels)


def test_the_city_profile_lists_what_it_passed_on_and_took_over(app: AppTest) -> None:
    app = _open(app, "pages/city.py", city="trondheim")
    assert not app.exception
    assert "**Passed on**" in _text(app)
    assert any(
        "Heat pilot — taken up in Písek: Heat pilot, adapted" in label for label in _links(app)
    )
    app = _open(app, "pages/city.py", city="pisek")
    assert "**Took over**" in _text(app)
    assert any(
        "Heat pilot, adapted — adapted from Trondheim: Heat pilot" in label for label in _links(app)
    )


def test_the_city_profile_names_replicated_practices_in_the_visitors_language(
    app: AppTest,
) -> None:
    app = _open(app, "pages/city.py", city="trondheim", lang="bg")
    assert not app.exception
    assert any("Топлинен пилот в Смолян" in label for label in _links(app))
    app = _open(app, "pages/practice.py", practice="trondheim-heat-pilot", lang="bg")
    assert any(label.startswith("Топлинен пилот в Смолян — ") for label in _links(app))


def test_the_map_takes_the_replication_project_from_the_address(app: AppTest) -> None:
    app.query_params["replication"] = "cityxchange"
    app.run()
    assert not app.exception
    choice = app.selectbox(key="filter_replication")
    assert choice.value == "cityxchange"
    assert choice.options == ["None", "+CityxChange"]
    assert app.query_params["replication"] == "cityxchange"
    app.selectbox(key="filter_replication").select("").run()
    assert "replication" not in app.query_params


def test_the_edit_form_picks_replicated_practices_and_refuses_a_cycle(store_url: str) -> None:
    engine = make_engine(store_url)
    with engine.connect() as connection:
        record = connection.scalar(
            text("SELECT id FROM practices WHERE slug = 'trondheim-heat-pilot'")
        )
    app = _open(
        _logged_in(store_url, "ada", "admin"), "pages/edit.py", kind="practice", record=str(record)
    )
    assert not app.exception
    field = app.multiselect(key=f"field_practice_{record}_replicates")
    assert field.value == []
    assert "pisek-heat-pilot" in field.options
    field.set_value(["pisek-heat-pilot"])
    app.button(key="edit_save").click().run()
    assert not app.exception
    assert [e.value for e in app.error] == [
        "Replicates or adapts (practices): "
        + md(
            "replication links would form a cycle: "
            "pisek-heat-pilot → trondheim-heat-pilot → pisek-heat-pilot"
        )
    ]
