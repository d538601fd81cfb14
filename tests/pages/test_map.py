from pathlib import Path

from streamlit.testing.v1 import AppTest

from tests import factories
from tests.pages.conftest import APP
from tests.pages.html_tables import html_tables
from ui.text import md


def _markdown(at: AppTest) -> str:
    return "\n".join(element.value for element in at.markdown)


def test_map_page_shows_counts_and_every_city(app: AppTest) -> None:
    app.run()
    assert not app.exception
    assert "4 cities · 2 practices" in _markdown(app)
    (table,) = html_tables(app)
    assert list(table["City"]) == ["Trondheim", "Písek", "Smolyan", "Kraków"]
    assert table["link"][0] == "city?city=trondheim"
    assert table["Population"][0] == ""  # unknown, not "nan"
    assert list(table.columns) == [
        *["City", "Local name", "Country", "Role", "Projects", "Practices", "Population"],
        "link",
    ]


def test_deep_link_restores_filters_and_the_selected_city(app: AppTest) -> None:
    app.query_params["country"] = "BG"
    app.query_params["city"] = "smolyan"
    app.run()
    assert not app.exception
    assert "1 city · 1 practice" in _markdown(app)
    assert app.subheader[0].value == "Smolyan"
    assert app.multiselect(key="filter_countries").value == ["BG"]
    assert app.query_params["city"] == "smolyan"


def test_choosing_a_city_opens_its_card_and_puts_it_in_the_url(app: AppTest) -> None:
    app.run()
    app.selectbox(key="city_chooser").select("krakow").run()
    assert not app.exception
    assert app.subheader[0].value == "Kraków"
    assert "MULTIPLY" in _markdown(app)
    assert app.query_params["city"] == "krakow"
    app.button(key="close_card").click().run()
    assert "city" not in app.query_params


def test_filters_change_the_view_and_the_url(app: AppTest) -> None:
    app.run()
    app.multiselect(key="filter_roles").select("follower").run()
    assert "2 cities · 2 practices" in _markdown(app)
    assert app.query_params["role"] == "follower"
    app.text_input(key="filter_query").input("Смолян").run()
    assert list(html_tables(app)[0]["City"]) == ["Smolyan"]
    app.button[0].click().run()  # Clear filters
    assert "4 cities" in _markdown(app)
    assert dict(app.query_params) == {}


def test_unknown_link_values_are_reported_not_fatal(app: AppTest) -> None:
    app.query_params["project"] = "nope"
    app.query_params["city"] = "atlantis"
    app.run()
    assert not app.exception
    assert md("project=nope") in app.warning[0].value
    assert md("city=atlantis") in app.warning[0].value


def test_city_names_are_shown_as_text_not_markup(tmp_path: Path, monkeypatch) -> None:
    evil = "<img src=x onerror=alert(1)> [link](http://x)"
    seed = factories.small_seed()
    seed.cities[0] = factories.city(name=evil)
    url = f"sqlite:///{tmp_path / 'evil.db'}"
    factories.build_store(seed, url=url)
    monkeypatch.setenv("ATLAS_DB_URL", url)
    app = AppTest.from_file(APP, default_timeout=30)
    app.query_params["city"] = "pisek"
    app.run()
    assert not app.exception
    assert app.subheader[0].value == md(evil)


def test_uninitialised_store_says_what_to_do(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setenv("ATLAS_DB_URL", f"sqlite:///{tmp_path / 'empty.db'}")
    app = AppTest.from_file(APP, default_timeout=30)
    app.run()
    assert not app.exception
    assert "python -m atlas init" in app.error[0].value


def test_about_page_counts_the_records(app: AppTest) -> None:
    app.run()
    app.switch_page("pages/about.py").run()
    assert not app.exception
    assert "**4 cities**" in _markdown(app)
