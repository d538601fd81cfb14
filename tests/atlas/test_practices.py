import pytest

from atlas.practices import (
    Metric,
    PracticeFilters,
    browse_practices,
    practice_record,
    related_practices,
    result_metrics,
    reuse_candidates,
)
from atlas.queries import load_atlas
from tests import factories


@pytest.fixture
def data():
    seed = factories.small_seed()
    seed.practices.append(
        factories.practice(
            "trondheim-smart-grid",
            "trondheim",
            ("energy", "mobility"),
            title="Smart grid pilot",
            summary="Kraków-style żywa sieć",
            year=2020,
            status="ongoing",
        )
    )
    return load_atlas(factories.build_store(seed))


def _slugs(frame) -> list[str]:
    return list(frame["slug"])


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("SMART", ["next-generation-smart-citizen", "trondheim-smart-grid"]),
        ("zywa", ["trondheim-smart-grid"]),
        ("krakow", ["trondheim-smart-grid"]),
        ("nothing", []),
    ],
)
def test_search_covers_title_and_summary_ignoring_case_and_accents(data, query, expected) -> None:
    assert sorted(_slugs(browse_practices(data, PracticeFilters(query=query)))) == expected


def test_filters_combine_and_sort(data) -> None:
    energy = browse_practices(data, PracticeFilters(topics=("energy",), sort="newest"))
    assert _slugs(energy) == ["trondheim-smart-grid", "energy-positive-school"]
    assert _slugs(browse_practices(data, PracticeFilters(countries=("BG",)))) == [
        "next-generation-smart-citizen"
    ]
    assert _slugs(
        browse_practices(data, PracticeFilters(statuses=("ongoing",), years=(2019, 2021)))
    ) == ["trondheim-smart-grid"]


def test_related_practices_share_a_topic_and_are_in_other_cities(data) -> None:
    assert _slugs(related_practices(data, "energy-positive-school")) == ["trondheim-smart-grid"]
    assert related_practices(data, "nope").empty


def test_reusers_are_peers_without_a_practice_on_the_topics(data) -> None:
    reusers = [peer.slug for peer in reuse_candidates(data, "energy-positive-school")]
    assert "trondheim" not in reusers
    assert "pisek" not in reusers
    assert set(reusers) == {"krakow", "smolyan"}


def test_practice_record_has_none_for_missing_values(data) -> None:
    record = practice_record(data, "energy-positive-school")
    assert record["year"] is None
    assert record["topics"] == ("energy",)
    assert practice_record(data, "nope") is None


@pytest.mark.parametrize(
    ("text", "metrics"),
    [
        ("1,200 MWh/yr saved", [Metric("Energy saved or produced", 1200, "MWh/yr")]),
        ("cuts 300 tCO2/yr", [Metric("Emissions avoided", 300, "tCO2/yr")]),
        ("€ 2.5 million invested", [Metric("Money", 2_500_000, "€")]),
        ("250 000 EUR", [Metric("Money", 250_000, "€")]),
        ("no numbers here", []),
        (None, []),
    ],
)
def test_quantified_results_become_metrics(text, metrics) -> None:
    assert result_metrics(text) == metrics


def test_search_finds_a_practice_through_its_polish_and_bulgarian_texts() -> None:
    seed = factories.small_seed()
    seed.practices[0] = seed.practices[0].model_copy(
        update={"title_pl": "Szkoła energetycznie pozytywna", "original_language": "bg"}
    )
    seed.practices[1] = seed.practices[1].model_copy(
        update={"summary_bg": "Работа с деца и младежи за енергийната ефективност."}
    )
    data = load_atlas(factories.build_store(seed))
    assert _slugs(browse_practices(data, PracticeFilters(query="szkoła"))) == [
        "energy-positive-school"
    ]
    assert _slugs(browse_practices(data, PracticeFilters(query="младежи"))) == [
        "next-generation-smart-citizen"
    ]
