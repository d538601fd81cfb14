"""City profile, practice page, practice browser, journey, statistics, embed, downloads."""

import csv
import json
import os
from pathlib import Path

import pytest
from streamlit.testing.v1 import AppTest

from atlas.export import city_rows, to_geojson
from atlas.filters import Filters, filter_cities
from atlas.i18n import translator
from atlas.queries import load_atlas
from atlas.store import make_engine
from tests.factories import image_bytes
from tests.pages.conftest import APP
from tests.pages.html_tables import html_tables
from ui.state import FILTER_KEYS
from ui.text import md

DATA = Path(__file__).resolve().parents[2] / "data"


@pytest.fixture
def seeded_app(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> AppTest:
    """The app over the project's real seed data (tours refer to its cities)."""
    from atlas.seed import load_seed
    from tests.factories import fresh_engine

    url = f"sqlite:///{tmp_path / 'atlas.db'}"
    load_seed(fresh_engine(url), DATA)
    monkeypatch.setenv("ATLAS_DB_URL", url)
    monkeypatch.setenv("ATLAS_TILES_URL", "")
    return AppTest.from_file(APP, default_timeout=30)


def _seed_rows(name: str) -> list[dict[str, str]]:
    with (DATA / f"{name}.csv").open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def _open(app: AppTest, page: str, **params: str) -> AppTest:
    """Open `page` with `params` in the address; the map page is the default page, the
    others are switched to after a first run has registered the pages."""
    if page != "pages/map.py":
        app.run()
        app.switch_page(page)
    for key, value in params.items():
        app.query_params[key] = value
    return app.run()


def _text(app: AppTest) -> str:
    return "\n".join(e.value for e in [*app.markdown, *app.caption, *app.subheader, *app.title])


def test_city_profile_by_deep_link(seeded_app: AppTest) -> None:
    app = _open(seeded_app, "pages/city.py", city="smolyan")
    assert not app.exception
    assert app.title[0].value == "Smolyan"
    assert [m.value for m in app.metric][:2] == ["Bulgaria", "35,288"]
    text = _text(app)
    assert "+CityxChange" in text
    assert "Nearby cities in the same projects" in text
    assert "Good practices (7)" in text


def test_unknown_city_profile_says_so(seeded_app: AppTest) -> None:
    app = _open(seeded_app, "pages/city.py", city="atlantis")
    assert not app.exception
    assert any("No city 'atlantis'" in warning.value for warning in app.warning)


def test_practice_page_shows_facts_related_and_reusers(seeded_app: AppTest) -> None:
    app = _open(seeded_app, "pages/practice.py", practice="smolyan-positive-energy-block")
    assert not app.exception
    assert app.title[0].value == md("Positive energy block: city swimming pool and sports hall")
    assert app.metric[0].value == md("Smolyan (Bulgaria)")
    text = _text(app)
    assert "Related practices" in text
    assert "Cities that could reuse this" in text
    assert "PED cookbook" in text  # its lessons


def test_practice_page_shows_the_visitors_language_else_the_original_with_a_note(
    seeded_app: AppTest,
) -> None:
    app = _open(
        seeded_app, "pages/practice.py", practice="smolyan-positive-energy-block", lang="bg"
    )
    assert not app.exception
    assert app.title[0].value == md(
        "Позитивен енергиен блок: Градският плувен басейн и Спортната зала"
    )
    text = _text(app)
    assert "Градския плувен басейн" in text
    assert "PED „cookbook“" in text  # its lessons, in Bulgarian too
    assert "Shown in" not in text
    assert "text yet" not in text
    app.query_params["lang"] = "pl"
    app.run()
    assert app.title[0].value.startswith("Позитивен енергиен блок")
    assert "Tekst w języku oryginału (bułgarski)." in _text(app)


def test_practice_page_says_when_there_is_no_text_in_the_visitors_language(
    seeded_app: AppTest,
) -> None:
    app = _open(seeded_app, "pages/practice.py", practice="pisek-energy-positive-school", lang="pl")
    assert not app.exception
    assert app.title[0].value.startswith("Szkoła o dodatnim bilansie energetycznym")
    assert "Tekst w języku oryginału" not in _text(app)  # it has a Polish text of its own
    app = _open(seeded_app, "pages/practice.py", practice="pisek-energy-positive-school", lang="en")
    assert "Shown in" not in _text(app)  # English is always there
    app = _open(seeded_app, "pages/practice.py", practice="prague-energy-centre", lang="bg")
    assert app.title[0].value.startswith("Praskie Centrum Energii")
    app = _open(
        seeded_app, "pages/practice.py", practice="trondheim-powerhouse-brattorkaia", lang="bg"
    )
    assert "Все още няма текст на български: показан е на английски." in _text(app)
    assert "Енергия" in _text(app)  # its topics, named in Bulgarian


def test_city_card_and_profile_show_practices_in_the_visitors_language(seeded_app: AppTest) -> None:
    card = _open(seeded_app, "pages/map.py", city="smolyan", lang="bg")
    assert not card.exception
    assert "Концепция за втори енергийно позитивен район" in [e.label for e in card.expander]
    assert "Партньорство за адаптация към климатичните промени" in _text(card)
    profile = _open(seeded_app, "pages/city.py", city="bydgoszcz", lang="bg")
    assert not profile.exception
    text = _text(profile)
    assert "Narzędzie do automatycznego zbierania faktur za energię" in [
        link.label for link in profile.get("page_link")
    ]
    assert "Текстът е на езика на оригинала (полски)." in text


def test_practice_browser_finds_and_lists_practices_in_the_visitors_language(
    seeded_app: AppTest,
) -> None:
    app = _open(seeded_app, "pages/practices.py", lang="bg")
    app.text_input(key="practice_query").input("енергия").run()
    assert not app.exception
    listed = list(app.dataframe[0].value["Практика"])
    assert "Концепция за втори енергийно позитивен район" in listed
    assert "Powerhouse Brattørkaia energy-positive office building" in listed


def test_practice_browser_searches_ignoring_accents_and_filters(seeded_app: AppTest) -> None:
    app = _open(seeded_app, "pages/practices.py")
    assert not app.exception
    count = len(_seed_rows("practices"))
    assert f"**{count} of {count} practices**" in _text(app)
    app.text_input(key="practice_query").input("ENERGY INVOICES").run()
    assert list(app.dataframe[0].value["City"]) == ["Bydgoszcz"]
    app.text_input(key="practice_query").input("").run()
    app.multiselect(key="practice_countries").select("BG").run()
    app.multiselect(key="practice_statuses").select("planned").run()
    assert list(app.dataframe[0].value["Practice"]) == [
        "Concept for a second positive energy district"
    ]


def test_journey_walks_stop_by_stop(seeded_app: AppTest) -> None:
    app = _open(seeded_app, "pages/journey.py", tour="multiply")
    assert not app.exception
    assert app.title[0].value == md("MULTIPLY: the frontrunner cities")
    seen = [app.subheader[0].value]
    while not app.button(key="journey_next").disabled:
        app.button(key="journey_next").click().run()
        seen.append(app.subheader[0].value)
    assert seen == ["Rankweil", "Piastów", "Bydgoszcz", "Sztum", "Örebro", "Umeå"]
    assert app.button(key="journey_next").disabled
    app.button(key="journey_previous").click().run()
    assert app.subheader[0].value == "Örebro"
    assert app.query_params["stop"] == "5"


def test_statistics_page_counts(seeded_app: AppTest) -> None:
    app = _open(seeded_app, "pages/statistics.py")
    assert not app.exception
    cities, projects = _seed_rows("cities"), _seed_rows("projects")
    countries = len({city["country"] for city in cities})
    expected = [len(cities), countries, len(projects), len(_seed_rows("practices"))]
    assert [m.value for m in app.metric] == [f"{n:,}" for n in expected]
    app.radio(key="stats_measure").set_value("practices").run()
    assert not app.exception


def test_download_rows_equal_the_filtered_view(seeded_app: AppTest) -> None:

    app = _open(seeded_app, "pages/map.py", country="BG")
    assert not app.exception
    shown = list(html_tables(app)[0]["City"])
    data = load_atlas(make_engine(os.environ["ATLAS_DB_URL"]))
    cities = filter_cities(data, Filters(countries=("BG",)))
    collection = json.loads(to_geojson(city_rows(data, cities)))
    assert [f["properties"]["name"] for f in collection["features"]] == shown
    assert "CC BY 4.0" in collection["attribution"]


def test_practice_page_shows_its_images(seeded_app: AppTest) -> None:
    from datetime import datetime

    from sqlalchemy import text

    from atlas.accounts import User
    from atlas.editing import set_practice_images
    from atlas.images import store_image

    engine = make_engine(os.environ["ATLAS_DB_URL"])
    ada = User("ada", "admin", disabled=False)
    now = datetime(2026, 11, 25, 9, 0)
    digest = store_image(engine, ada, image_bytes("PNG", shade=2), now)
    with engine.connect() as connection:
        record_id, version = connection.execute(
            text("SELECT id, version FROM practices WHERE slug = 'smolyan-positive-energy-block'")
        ).one()
    images = [{"sha256": digest, "caption": "The block"}]
    set_practice_images(engine, ada, record_id, version, images, now)
    app = _open(seeded_app, "pages/practice.py", practice="smolyan-positive-energy-block")
    assert not app.exception
    shown = app.get("image")
    assert [image.captions for image in shown] == [["The block"]]


def test_the_city_table_shows_a_page_at_a_time(seeded_app: AppTest) -> None:
    from ui.city_list import TABLE_PAGE_ROWS

    app = _open(seeded_app, "pages/map.py")
    assert not app.exception
    total = int(app.markdown[0].value.strip("*").split()[0])
    assert total > TABLE_PAGE_ROWS
    assert len(html_tables(app)[0]) == TABLE_PAGE_ROWS
    app.button(key="city_table_more").click().run()
    assert len(html_tables(app)[0]) == min(total, 2 * TABLE_PAGE_ROWS)


def test_the_download_buttons_count_the_view_without_building_the_files(
    seeded_app: AppTest,
) -> None:
    app = _open(seeded_app, "pages/map.py", country="BG")
    assert not app.exception
    shown = len(html_tables(app)[0])
    labels = [button.label for button in app.get("download_button")]
    assert labels == [
        f"Download these {shown} cities (CSV)",
        f"Download these {shown} cities (GeoJSON)",
    ]


def test_city_profile_names_projects_and_topics_in_the_visitors_language(
    seeded_app: AppTest,
) -> None:
    app = _open(seeded_app, "pages/city.py", city="smolyan", lang="bg")
    assert not app.exception
    text = _text(app)
    assert "Партньорство за адаптация към климатичните промени" in text
    assert md("Европейски механизъм за градско развитие (EUCF)") in text
    assert "Енергия" in text
    assert "energy" not in "\n".join(caption.value for caption in app.caption)


def test_city_profile_stays_in_english_without_a_language(seeded_app: AppTest) -> None:
    app = _open(seeded_app, "pages/city.py", city="smolyan")
    text = _text(app)
    assert "Partnership for adaptation to climate change" in text
    assert "Energy" in text
    assert "Партньорство" not in text


def test_filters_offer_projects_and_topics_in_the_visitors_language_and_order(
    seeded_app: AppTest,
) -> None:
    app = _open(seeded_app, "pages/map.py", lang="bg")
    topics = app.multiselect(key=FILTER_KEYS["topics"])
    labels = list(topics.options)
    assert "Енергия" in labels
    assert labels == translator("bg").sorted(labels)
    assert labels[0] == "Адаптация към климатичните промени"  # not the file's order
    projects = app.multiselect(key=FILTER_KEYS["projects"])
    assert "Партньорство за адаптация към климатичните промени" in projects.options
    assert "Partnership for adaptation to climate change" not in projects.options
    english = _open(seeded_app, "pages/map.py", lang="en")
    assert "Energy" in english.multiselect(key=FILTER_KEYS["topics"]).options


def test_a_topic_from_the_address_is_chosen_under_its_name_in_the_visitors_language(
    seeded_app: AppTest,
) -> None:
    app = _open(seeded_app, "pages/map.py", topic="energy", lang="pl")
    assert not app.exception
    assert app.multiselect(key=FILTER_KEYS["topics"]).value == ["energy"]
    assert "Energia" in app.multiselect(key=FILTER_KEYS["topics"]).options


def test_peer_finder_names_topics_and_practices_in_the_visitors_language(
    seeded_app: AppTest,
) -> None:
    app = _open(seeded_app, "pages/peers.py", **{"for": "pisek", "topic": "energy", "lang": "bg"})
    assert not app.exception
    assert "практики по темата\\: енергия" in _text(app)
    assert "Концепция за втори енергийно позитивен район" in _text(app)
    english = _open(
        seeded_app, "pages/peers.py", **{"for": "pisek", "topic": "energy", "lang": "en"}
    )
    assert "practices in energy" in _text(english)
    assert "Concept for a second positive energy district" in _text(english)


def test_journey_names_projects_and_practices_in_the_visitors_language(
    seeded_app: AppTest,
) -> None:
    app = _open(seeded_app, "pages/journey.py", tour="frontrunners", stop="6", lang="pl")
    assert not app.exception
    assert any("Porozumienie Burmistrzów" in caption.value for caption in app.caption)
    links = [link.label for link in app.get("page_link")]
    assert "Narzędzie do automatycznego zbierania faktur za energię" in links
    english = _open(seeded_app, "pages/journey.py", tour="frontrunners", stop="6", lang="en")
    assert any("Covenant of Mayors" in caption.value for caption in english.caption)
    links = [link.label for link in english.get("page_link")]
    assert "Narzędzie do automatycznego zbierania faktur za energię" not in links


def test_statistics_name_topics_in_the_visitors_language(seeded_app: AppTest) -> None:
    app = _open(seeded_app, "pages/statistics.py", lang="pl")
    assert not app.exception
    assert "Budynki" in list(app.dataframe[1].value["Temat"])
    english = _open(seeded_app, "pages/statistics.py", lang="en")
    assert "Buildings" in list(english.dataframe[1].value["Topic"])


def test_about_page_lists_projects_under_their_names_in_the_visitors_language(
    seeded_app: AppTest,
) -> None:
    app = _open(seeded_app, "pages/about.py", lang="bg")
    assert not app.exception
    names = list(app.dataframe[0].value["name"])
    assert "Партньорство за адаптация към климатичните промени" in names
    english = _open(seeded_app, "pages/about.py", lang="en")
    assert "Partnership for adaptation to climate change" in list(
        english.dataframe[0].value["name"]
    )
