import json
import re

import pandas as pd
import pytest

from atlas import escape
from atlas.models import ROLES
from geo import assets
from geo.mapview import (
    MAX_ZOOM,
    ROLE_COLOURS,
    ROLE_MARKS,
    CityCluster,
    base_map,
    cities_map,
    city_layer,
    city_markers,
    full_map,
    marker_rows,
)
from tests.payloads import (
    HTML,
    PAYLOADS,
    SERVER_TEMPLATES,
    TEMPLATE_LITERALS,
    runs_in_a_template_literal,
    tooltip_literals,
)

EXTERNAL_ASSET = re.compile(r"""(?:src|href)=["'](?:https?:)?//""")


def _html(fmap) -> str:
    return fmap.get_root().render()


@pytest.fixture
def cities(data) -> pd.DataFrame:
    return data.cities


def test_map_has_max_zoom_so_clustering_works_without_tiles() -> None:
    fmap = base_map()
    assert fmap.options["maxZoom"] == MAX_ZOOM
    assert '"maxZoom": 18' in _html(fmap)


def test_map_loads_scripts_and_styles_only_from_the_app(cities) -> None:
    html = _html(full_map(cities, tiles_url=""))
    assert not EXTERNAL_ASSET.search(html), EXTERNAL_ASSET.findall(html)
    for url in (assets.LEAFLET_JS, assets.LEAFLET_CSS, assets.MARKERCLUSTER_JS):
        assert url in html
    for dropped in ("jquery", "bootstrap", "font-awesome", "fontawesome", "awesome-markers"):
        assert dropped not in html.lower()


def test_tiles_are_optional_and_attributed() -> None:
    assert "L.tileLayer" not in _html(base_map())
    html = _html(base_map("https://tiles.example/{z}/{x}/{y}.png", "© Example"))
    assert "L.tileLayer" in html
    assert "tiles.example" in html
    assert r"\u00a9 Example" in html


def test_basemap_is_fetched_from_the_app_and_attributed() -> None:
    html = _html(base_map())
    assert f"fetch({assets.BASEMAP_URL!r}".replace("'", '"') in html
    assert "Natural Earth" in html


def test_legend_lists_every_role_colour() -> None:
    html = _html(base_map())
    for role in ROLES:
        assert ROLE_COLOURS[role] in html


def test_roles_differ_in_marker_size_and_outline_not_colour_alone(cities) -> None:
    assert len({ROLE_MARKS[role] for role in ROLES}) == len(ROLES)
    html = _html(full_map(cities))
    for role in ROLES:
        radius, outline, weight = ROLE_MARKS[role]
        assert f"width:{2 * radius}px;height:{2 * radius}px" in html  # legend swatch
        assert f"{weight}px solid {outline}" in html
        assert json.dumps([radius, outline, weight]) in html  # the markers' style


def test_city_rows_are_compact_and_escaped(cities) -> None:
    evil = cities.assign(name="<script>alert(1)</script>")
    rows = marker_rows(evil.head(1))
    assert rows == [
        [50.06143, 19.93658, ROLES.index("partner"), "&lt;script&gt;alert(1)&lt;/script&gt;"]
    ]


def test_no_raw_markup_from_data_reaches_the_map(cities) -> None:
    evil = cities.assign(name='</script><script>alert("x")</script>')
    html = _html(full_map(evil, selected=evil.iloc[0]))
    assert '<script>alert("x")' not in html
    assert "</script><script>alert" not in html


def test_one_marker_row_per_city_and_no_python_marker_objects(cities) -> None:
    layer = city_layer(cities)
    children = list(layer._children.values())
    assert [type(child).__name__ for child in children] == ["CityCluster"]
    assert len(json.loads(children[0].rows_json)) == len(cities)


def test_the_markers_of_a_view_are_built_once_and_drawn_alike(cities) -> None:
    """A view's markers (built once, shared by page runs) draw the same layer as the
    cities they were built from."""
    markers = city_markers(cities)
    drawn = [_normalise_ids(_html(city_layer(m).add_to(base_map()))) for m in (markers, cities)]
    assert drawn[0] == drawn[1]
    assert [row[3] for row in json.loads(markers.project_rows_json)] == [
        escape.html_text(name) for name in cities["name"]
    ]


def test_selected_city_gets_a_ring(cities) -> None:
    layer = city_layer(cities, selected=cities.iloc[0])
    assert [type(child).__name__ for child in layer._children.values()] == [
        "CityCluster",
        "CircleMarker",
    ]


def test_base_map_script_does_not_depend_on_the_cities(cities) -> None:
    """streamlit-folium keys its component on the base map's script: filters must not
    change it, or the map would be remounted (and blank) on every filter change."""
    from streamlit_folium import _get_map_string

    first, second = base_map(), base_map()
    city_layer(cities).add_to(first)
    assert _normalise_ids(_get_map_string(base_map())) == _normalise_ids(_get_map_string(second))


def _normalise_ids(script: str) -> str:
    return re.sub(r"_[0-9a-f]{32}", "_ID", script)


@pytest.mark.parametrize("name", TEMPLATE_LITERALS)
def test_ring_tooltip_cannot_leave_its_template_literal(cities, name: str) -> None:
    evil = cities.assign(name=name)
    literals = tooltip_literals(_html(full_map(evil, selected=evil.iloc[0])))
    assert literals == [escape.tooltip(name)]
    assert not runs_in_a_template_literal(literals[0])


@pytest.mark.parametrize("name", TEMPLATE_LITERALS + HTML[:4])
def test_few_cities_tooltips_cannot_run_a_name(cities, name: str) -> None:
    evil = cities.head(3).assign(name=name)
    literals = tooltip_literals(_html(cities_map(evil, highlight=evil.iloc[0]["slug"])))
    assert literals == [escape.tooltip(name)] * 3
    assert not any(runs_in_a_template_literal(text) or "<" in text for text in literals)


def test_cluster_names_travel_as_json_data_of_escaped_html(cities) -> None:
    names = PAYLOADS[: len(cities)]
    html = _html(full_map(cities.assign(name=names).assign(role="frontrunner")))
    for name in names:
        assert escape.html_text(name) in [row[3] for row in marker_rows(cities.assign(name=name))]
    assert "<script>window.__pwned" not in html
    assert "`" not in "".join(re.findall(r"var rows = (.*?);\n", html))


@pytest.mark.parametrize("name", SERVER_TEMPLATES)
def test_names_are_never_run_as_templates_on_the_server(cities, name: str) -> None:
    evil = cities.assign(name=name, role="frontrunner")
    for fmap in (full_map(evil, selected=evil.iloc[0]), cities_map(evil.head(2))):
        html = _html(fmap)
        assert "POSIX" not in html  # what the payload that reaches `os` would write
        assert escape.html_text(name) in html


def test_cluster_rows_are_script_data_whatever_they_hold() -> None:
    """Rows reach the script as JSON with no markup or template braces, even unescaped."""
    fmap = base_map()
    rows = [[50.0, 20.0, 0, "Q{{7*7}}Q</script><script>x()</script>"]]
    CityCluster(escape.script_json(rows), ["#000"]).add_to(fmap)
    html = _html(fmap)
    assert "Q49Q" not in html
    assert "</script><script>x()" not in html
    assert "Q\\u007b\\u007b7*7\\u007d\\u007dQ" in html
