"""Record and link text shown through Streamlit Markdown stays text: no link, image or
markup of its own (the payloads' escaped forms are what the page sends)."""

from __future__ import annotations

from sqlalchemy import text
from streamlit.testing.v1 import AppTest

from atlas.store import make_engine
from ui.text import md

IMAGE = "![x](http://evil.example/i.png)"
LINK = "[click](javascript:alert(1))"


def test_unknown_link_values_are_echoed_as_text(app: AppTest) -> None:
    app.query_params["project"] = IMAGE
    app.run()
    assert not app.exception
    assert app.warning[0].value == md(f"Ignored unknown values in the link: project={IMAGE}")


def test_a_city_card_shows_hostile_record_text_as_text(store_url: str, app: AppTest) -> None:
    with make_engine(store_url).begin() as connection:
        connection.execute(
            text("UPDATE cities SET name = :n, licence = :l, source = :s WHERE slug = 'pisek'"),
            {"n": LINK, "l": IMAGE, "s": IMAGE},
        )
    app.query_params["city"] = "pisek"
    app.run()
    assert not app.exception
    shown = [e.value for e in [*app.subheader, *app.caption, *app.markdown]]
    assert md(LINK) in shown
    assert f"Licence: {md(IMAGE)}" in shown
    assert f"City record: {md(IMAGE)}" in shown
    assert not any(IMAGE in value or LINK in value for value in shown)
