import pytest

from atlas.filters import (
    Filters,
    filter_cities,
    filters_from_params,
    filters_to_params,
    practices_of,
    summary_line,
)
from atlas.queries import load_atlas
from tests import factories


def _slugs(frame) -> list[str]:
    return list(frame["slug"])


def test_no_filter_shows_every_city_frontrunners_first(data) -> None:
    assert _slugs(filter_cities(data, Filters())) == ["trondheim", "pisek", "smolyan", "krakow"]


def test_country_filter(data) -> None:
    assert _slugs(filter_cities(data, Filters(countries=("BG", "PL")))) == ["smolyan", "krakow"]


def test_project_filter_recomputes_the_role_within_that_project(data) -> None:
    shown = filter_cities(data, Filters(projects=("cityxchange",))).set_index("slug")
    assert shown.loc["krakow", "role"] == "signatory"
    assert list(filter_cities(data, Filters(projects=("multiply",)))["slug"]) == ["krakow"]


def test_role_filter(data) -> None:
    assert _slugs(filter_cities(data, Filters(roles=("follower",)))) == ["pisek", "smolyan"]


def test_topic_filter_keeps_cities_with_a_practice_on_that_topic(data) -> None:
    assert _slugs(filter_cities(data, Filters(topics=("citizen-engagement",)))) == ["smolyan"]
    assert filter_cities(data, Filters(topics=("mobility",))).empty


def test_filters_combine(data) -> None:
    both = Filters(projects=("cityxchange",), roles=("follower",), countries=("CZ",))
    assert _slugs(filter_cities(data, both)) == ["pisek"]


def test_query_filters_and_ranks(data) -> None:
    assert _slugs(filter_cities(data, Filters(query="Смолян"))) == ["smolyan"]


def test_params_round_trip(data) -> None:
    filters = Filters(countries=("CZ",), projects=("cityxchange",), roles=("follower",), query="p")
    params = filters_to_params(filters)
    assert params == {
        "country": ["CZ"],
        "project": ["cityxchange"],
        "role": ["follower"],
        "q": ["p"],
    }
    assert filters_from_params(params, data) == (filters, [])


def test_params_accept_commas_lowercase_countries_and_report_unknown_values(data) -> None:
    filters, ignored = filters_from_params(
        {"country": ["cz,bg", "XX"], "project": "nope", "role": ["frontrunner"]}, data
    )
    assert filters == Filters(countries=("CZ", "BG"), roles=("frontrunner",))
    assert ignored == ["country=XX", "project=nope"]


def test_the_replication_project_travels_in_the_url_and_selects_no_city(data) -> None:
    filters, ignored = filters_from_params({"replication": ["nope", "cityxchange"]}, data)
    assert filters == Filters(replication="cityxchange")
    assert ignored == ["replication=nope"]
    assert filters_to_params(filters) == {"replication": ["cityxchange"]}
    assert len(filter_cities(data, filters)) == len(filter_cities(data, Filters()))


@pytest.mark.parametrize(
    ("filters", "line"),
    [
        (Filters(), "4 cities · 2 practices"),
        (Filters(countries=("BG",)), "1 city · 1 practice"),
        (Filters(topics=("energy",)), "1 city · 1 practice"),
        (Filters(projects=("multiply",)), "1 city · 0 practices"),
    ],
)
def test_summary_line_counts_cities_and_their_matching_practices(data, filters, line) -> None:
    cities = filter_cities(data, filters)
    assert summary_line(cities, practices_of(data, cities, filters)) == line


def test_a_practice_of_a_project_places_its_city_in_that_project() -> None:
    """Smolyan has no MULTIPLY role, but a MULTIPLY practice shows it under MULTIPLY."""
    seed = factories.small_seed()
    seed.practices.append(factories.practice("smolyan-multiply", "smolyan", projects=("multiply",)))
    changed = load_atlas(factories.build_store(seed))
    result = filter_cities(changed, Filters(projects=("multiply",))).set_index("slug")
    assert sorted(result.index) == ["krakow", "smolyan"]
    assert result.loc["smolyan", "role"] == "follower"
    only_partners = filter_cities(changed, Filters(projects=("multiply",), roles=("partner",)))
    assert list(only_partners["slug"]) == ["krakow"]
    shown = practices_of(changed, result.reset_index(), Filters(projects=("multiply",)))
    assert list(shown["slug"]) == ["smolyan-multiply"]


def test_a_search_longer_than_a_name_in_a_link_is_ignored_and_reported(data) -> None:
    filters, ignored = filters_from_params({"q": ["ab " * 40_000]}, data)
    assert filters.query == ""
    assert ignored == ["q=ab ab ab ab ab ab ab… (longer than 200 characters)"]
