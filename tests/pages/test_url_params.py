"""Every URL parameter a page reads, given a bad value: a clear message, never a traceback."""

from __future__ import annotations

import pytest
from streamlit.testing.v1 import AppTest

from atlas.accounts import ADMIN
from tests.pages.test_edit import _logged_in, _open
from tests.pages.test_visitor_pages import _open as _open_visitor_page
from tests.pages.test_visitor_pages import seeded_app  # noqa: F401 - a fixture
from ui.text import md


def _warnings(app: AppTest) -> str:
    return "\n".join(str(element.value) for element in app.warning)


@pytest.mark.parametrize(
    ("page", "params", "refused"),
    [
        ("pages/peers.py", {"name": "Besko", "country": "PL", "lat": "nan", "lon": "20"}, "lat"),
        ("pages/peers.py", {"name": "Besko", "country": "PL", "lat": "1e309", "lon": "20"}, "lat"),
        ("pages/peers.py", {"name": "Besko", "country": "PL", "lat": "50", "lon": "inf"}, "lon"),
        ("pages/peers.py", {"name": "Besko", "country": "Q", "lat": "50", "lon": "20"}, "country"),
        ("pages/peers.py", {"for": "pisek", "top": "1e9"}, "top"),
        ("pages/peers.py", {"name": "Besko", "lat": "50", "lon": "20", "pop": "-5"}, "pop"),
        ("pages/peers.py", {"for": "PISEK<b>"}, "for"),
        ("pages/peers.py", {"for": "pisek", "topic": "${x}"}, "topic"),
        ("pages/peers.py", {"for": "pisek", "first": "true"}, "first"),
        ("pages/peers.py", {"for": "pisek", "shortlist": "A B"}, "shortlist"),
        ("pages/city.py", {"city": "![x](http://evil.example/i.png)"}, "city"),
        ("pages/practice.py", {"practice": "[x](javascript:alert(1))"}, "practice"),
        ("pages/map.py", {"city": "Kraków"}, "city"),
    ],
)
def test_a_bad_value_in_a_public_link_is_named_not_raised(
    app: AppTest, page: str, params: dict[str, str], refused: str
) -> None:
    app.switch_page(page)
    for name, value in params.items():
        app.query_params[name] = value
    app.run()
    assert not app.exception
    assert md(f"Ignored {refused}=") in _warnings(app)


@pytest.mark.parametrize(
    ("page", "params", "refused"),
    [
        ("pages/edit.py", {"kind": "user"}, "kind"),
        ("pages/edit.py", {"kind": "city", "record": "²"}, "record"),
        ("pages/edit.py", {"kind": "city", "record": "99999999999999999999"}, "record"),
        ("pages/history.py", {"kind": "city", "record": "1e3"}, "record"),
        ("pages/history.py", {"kind": "${x}", "record": "1"}, "kind"),
    ],
)
def test_a_bad_value_in_a_staff_link_is_named_not_raised(
    store_url: str, page: str, params: dict[str, str], refused: str
) -> None:
    app = _open(_logged_in(store_url, "ada", ADMIN), page, **params)
    assert not app.exception
    assert md(f"Ignored {refused}=") in _warnings(app)


@pytest.mark.parametrize(
    ("params", "refused"),
    [({"tour": "multiply", "stop": "nan"}, "stop"), ({"tour": "<b>"}, "tour")],
)
def test_a_bad_value_in_a_journey_link_is_named_not_raised(
    seeded_app: AppTest,  # noqa: F811 - the fixture imported above
    params: dict[str, str],
    refused: str,
) -> None:
    app = _open_visitor_page(seeded_app, "pages/journey.py", **params)
    assert not app.exception
    assert md(f"Ignored {refused}=") in _warnings(app)


def test_a_refused_value_is_shown_as_text_not_markdown(app: AppTest) -> None:
    app.switch_page("pages/city.py")
    app.query_params["city"] = "![x](http://evil.example/i.png)"
    app.run()
    assert "\\!\\[x\\]\\(http\\://evil\\.example/i\\.png\\)" in _warnings(app)
