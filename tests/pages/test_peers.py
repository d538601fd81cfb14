from streamlit.testing.v1 import AppTest


def _open_peers(app: AppTest) -> AppTest:
    app.run()
    return app.switch_page("pages/peers.py").run()


def _markdown(app: AppTest) -> str:
    return "\n".join(element.value for element in app.markdown)


def test_peers_page_asks_for_a_city_first(app: AppTest) -> None:
    _open_peers(app)
    assert not app.exception
    assert "Choose your city" in app.info[0].value


def test_choosing_a_city_ranks_and_explains_its_peers(app: AppTest) -> None:
    _open_peers(app)
    app.selectbox(key="peer_city").select("smolyan").run()
    assert not app.exception
    assert app.subheader[0].value == "3 peers for Smolyan"
    assert app.button(key="open_pisek").label.startswith("1. Písek")
    assert any("also in \\+CityxChange" in caption.value for caption in app.caption)
    assert app.query_params["for"] == "smolyan"


def test_topics_and_shortlist_go_into_the_url(app: AppTest) -> None:
    _open_peers(app)
    app.selectbox(key="peer_city").select("pisek").run()
    app.multiselect(key="peer_topics").select("citizen-engagement").run()
    assert "Read first: Next Generation Smart Citizen" in _markdown(app)
    app.multiselect(key="peer_shortlist").select("smolyan").run()
    assert not app.exception
    assert app.query_params["topic"] == "citizen-engagement"
    assert app.query_params["shortlist"] == "smolyan"


def test_a_shared_link_restores_the_search(app: AppTest) -> None:
    app.switch_page("pages/peers.py")
    app.query_params["for"] = "trondheim"
    app.query_params["top"] = "2"
    app.run()
    assert not app.exception
    assert app.subheader[0].value == "2 peers for Trondheim"


def test_a_described_city_is_placed_by_the_gazetteer(app: AppTest) -> None:
    _open_peers(app)
    app.radio(key="peer_mode").set_value("Describe a new city").run()
    app.text_input(key="peer_new_name").input("Gmina Besko").run()
    app.selectbox(key="peer_new_country").select("PL").run()
    assert not app.exception
    assert app.subheader[0].value == "4 peers for Gmina Besko"
    assert app.query_params["name"] == "Gmina Besko"
    assert app.query_params["lat"].startswith("49.58")


def test_zero_weights_everywhere_but_distance_ranks_by_distance(app: AppTest) -> None:
    _open_peers(app)
    app.selectbox(key="peer_city").select("krakow").run()
    for part in ("topics", "size", "country", "projects", "role"):
        app.slider(key=f"peer_weight_{part}").set_value(0.0)
    app.run()
    assert not app.exception
    first = next(b for b in app.button if b.key and b.key.startswith("open_"))
    assert first.key == "open_pisek"  # the nearest city to Kraków in the small store


def test_a_language_brings_its_speakers_closer(app: AppTest) -> None:
    _open_peers(app)
    app.selectbox(key="peer_city").select("pisek").run()
    app.multiselect(key="peer_languages").select("no").run()
    assert not app.exception
    assert any(r"shares a language \(Norway\)" in caption.value for caption in app.caption)
