"""Signatories of the JRC table on the map: hidden or shown, filtered by commitment."""

import json
from pathlib import Path

import pytest

from atlas.filters import Filters, filter_cities, filters_from_params, filters_to_params
from atlas.gcom import import_gcom
from atlas.queries import city_profile, load_atlas
from geo.mapview import city_layer, full_map
from tests import factories
from tests.factories import jrc_signatory, write_jrc_table


@pytest.fixture
def data(tmp_path: Path):
    seed = factories.small_seed()
    seed.projects.append(factories.project("covenant-of-mayors", "Covenant of Mayors"))
    engine = factories.build_store(seed)
    table = write_jrc_table(
        tmp_path / "t.xlsx",
        [
            jrc_signatory(1, "Tábor", "cz", 49.4144, 14.6578, c2030=True),
            jrc_signatory(2, "Jihlava", "cz", 49.3961, 15.5912, adapt=True),
            jrc_signatory(3, "Písek", "cz", 49.3088, 14.1475, c2030=True),
        ],
    )
    import_gcom(engine, table)
    return load_atlas(engine)


def _slugs(frame) -> set[str]:
    return set(frame["slug"])


def test_signatory_only_cities_can_be_hidden_while_project_cities_stay(data) -> None:
    assert {"tabor", "jihlava", "pisek"} <= _slugs(filter_cities(data, Filters()))
    hidden = _slugs(filter_cities(data, Filters(signatories=False)))
    assert "tabor" not in hidden
    assert "pisek" in hidden  # a +CityxChange follower, signatory too


def test_commitment_filter_applies_to_signatories_only(data) -> None:
    shown = _slugs(filter_cities(data, Filters(commitments=("adaptation",))))
    assert "jihlava" in shown
    assert "tabor" not in shown
    assert "pisek" in shown


def test_signatory_filters_travel_in_the_url(data) -> None:
    filters = Filters(commitments=("2030",), signatories=False)
    params = filters_to_params(filters)
    assert params == {"signatories": ["hide"], "commitment": ["2030"]}
    assert filters_from_params(params, data) == (filters, [])


def test_signatory_points_travel_as_bare_coordinates(data) -> None:
    layer = city_layer(data.cities)
    signatory_layer, project_layer = list(layer._children.values())
    assert signatory_layer.fixed_role == 3
    points = json.loads(signatory_layer.rows_json)
    assert sorted(points) == [[49.3961, 15.5912], [49.4144, 14.6578]]
    assert all(len(row) == 4 for row in json.loads(project_layer.rows_json))
    html = full_map(data.cities).get_root().render()
    assert "Jihlava" not in html  # its details come on selection


def test_a_city_profile_lists_its_signatory_rows(data) -> None:
    profile = city_profile(data, "tabor")
    assert [s["organisation_id"] for s in profile.signatories] == ["1"]
