"""The data quality page, driven headless (AppTest)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from atlas.accounts import EDITOR, add_user, log_in
from atlas.store import make_engine
from ui.auth import now

PAGE = str(Path(__file__).resolve().parents[2] / "pages" / "quality.py")
PASSWORD = "correct horse battery"


def test_the_quality_page_is_not_even_listed_for_visitors(app: AppTest) -> None:
    app.run()
    with pytest.raises(ValueError, match="Could not find a navigation page"):
        app.switch_page("pages/quality.py")


def _listed_for_everyone(folder: Path) -> AppTest:
    """A router that lists the quality page for anyone, so the page's own guard is what
    stands between a visitor and the findings (app.py does not even list it)."""
    (folder / "pages").mkdir(parents=True)
    (folder / "pages" / "login.py").write_text("import streamlit as st\n\nst.title('Staff')\n")
    router = folder / "router.py"
    router.write_text(
        "import streamlit as st\n\n"
        f"st.navigation([st.Page({PAGE!r}, default=True), st.Page('pages/login.py')]).run()\n"
    )
    return AppTest.from_file(str(router), default_timeout=30)


def test_the_quality_page_refuses_a_visitor_who_is_not_logged_in(
    store_url: str, tmp_path: Path
) -> None:
    page = _listed_for_everyone(tmp_path / "router").run()
    assert not page.exception
    assert page.error[0].value == "You need to log in as an editor or admin to use this page."
    assert not page.title
    assert not page.metric


def test_a_logged_in_editor_sees_the_counts_and_the_findings(app: AppTest, store_url: str) -> None:
    engine = make_engine(store_url)
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE cities SET latitude = 0, longitude = 0 WHERE slug = 'pisek'")
        )
        connection.execute(text("UPDATE projects SET website = 'www.multiply.eu'"))
    add_user(engine, "ewa", PASSWORD, EDITOR, now())
    app.session_state["auth_token"] = log_in(engine, "ewa", PASSWORD, "test", now())
    app.run()
    app.switch_page("pages/quality.py").run()
    assert not app.exception
    assert app.title[0].value == "Data quality"
    counts = {metric.label: metric.value for metric in app.metric}
    assert counts["Cities missing coordinates"] == "1"
    assert counts["Malformed links"] == "2"
    assert counts["Likely duplicate cities"] == "0"
    assert len(counts) == 8
    assert counts["Published practices missing a language"] == "2"
    first = app.dataframe[0].value
    assert first["record"].tolist() == ["pisek"]
    assert first["edit"].tolist()[0].startswith("/edit?kind=city&record=")
    assert any(success.value == "Nothing to fix." for success in app.success)


PROBLEMS_IN = {
    "en": ("placed at 0°, 0° (a placeholder, not a place)", "no Polish title or summary"),
    "pl": ("umieszczone w 0°, 0° (to wartość zastępcza, a nie miejsce)", "brak tytułu ani"),
    "bg": ("поставен в 0°, 0° (заместваща стойност, а не място)", "няма нито заглавие"),
}


@pytest.mark.parametrize("lang", ["en", "pl", "bg"])
def test_the_findings_are_said_in_the_interface_language(
    app: AppTest, store_url: str, lang: str
) -> None:
    engine = make_engine(store_url)
    with engine.begin() as connection:
        connection.execute(
            text("UPDATE cities SET latitude = 0, longitude = 0 WHERE slug = 'pisek'")
        )
    add_user(engine, "ewa", PASSWORD, EDITOR, now())
    app.session_state["auth_token"] = log_in(engine, "ewa", PASSWORD, "test", now())
    app.query_params["lang"] = lang
    app.run()
    app.switch_page("pages/quality.py")
    app.query_params["lang"] = lang
    app.run()
    assert not app.exception
    problems = [problem for frame in app.dataframe for problem in frame.value["problem"]]
    coordinates, language = PROBLEMS_IN[lang]
    assert coordinates in problems
    assert any(problem.startswith(language) for problem in problems), problems
