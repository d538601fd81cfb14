import json
import re

import pandas as pd
import pytest

from atlas.models import ROLES
from geo import assets
from geo.mapview import (
    MAX_ZOOM,
    ROLE_COLOURS,
    ROLE_MARKS,
    base_map,
    city_layer,
    full_map,
    marker_rows,
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
    assert len(children[0].rows) == len(cities)


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
