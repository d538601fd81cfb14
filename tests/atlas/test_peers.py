import math
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from atlas import settings as atlas_settings
from atlas.peers import (
    PARTS,
    WEIGHTS,
    PeerError,
    Seeker,
    check_weights,
    rank_peers,
    score_parts,
    seeker_from_city,
)
from atlas.queries import AtlasData, load_atlas
from atlas.seed import load_seed
from geo.distance import haversine_km
from tests import factories

FIXTURE = settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)


@pytest.fixture(scope="module")
def seeded(store_engine: str) -> AtlasData:
    engine = factories.fresh_engine()
    load_seed(engine, Path(atlas_settings.get("ATLAS_DATA_DIR")))
    return load_atlas(engine)


def _with_city(data: AtlasData, **changes) -> AtlasData:
    cities = data.cities.copy()
    mask = cities["slug"] == changes.pop("slug")
    for column, value in changes.items():
        cities.loc[mask, column] = value
    return AtlasData(**{**data.__dict__, "cities": cities})


slugs = st.sampled_from(["pisek", "smolyan", "trondheim", "krakow"])
topic_sets = st.lists(st.sampled_from(["energy", "mobility", "citizen-engagement"]), max_size=2)


@FIXTURE
@given(slug=slugs, topics=topic_sets)
def test_a_city_is_never_its_own_peer(data, slug, topics) -> None:
    seeker = seeker_from_city(data, slug, tuple(topics))
    assert slug not in [peer.slug for peer in rank_peers(data, seeker, top=10)]


@FIXTURE
@given(slug=slugs, topics=topic_sets, weight=st.floats(0, 10))
def test_results_are_deterministic(data, slug, topics, weight) -> None:
    seeker = seeker_from_city(data, slug, tuple(topics))
    first = rank_peers(data, seeker, weights={"size": weight}, top=10)
    second = rank_peers(data, seeker, weights={"size": weight}, top=10)
    assert [p.to_dict() for p in first] == [p.to_dict() for p in second]


@FIXTURE
@given(slug=slugs, step=st.floats(0.01, 20))
def test_moving_a_candidate_farther_away_never_raises_its_distance_part(data, slug, step) -> None:
    seeker = Seeker("Somewhere", "AT", 47.0, 13.0)
    before = score_parts(data, seeker).set_index("slug").loc[slug, "distance"]
    city = data.cities.set_index("slug").loc[slug]
    farther_lat = city["latitude"] + math.copysign(step, city["latitude"] - seeker.latitude or 1)
    moved = _with_city(data, slug=slug, latitude=max(-89.9, min(89.9, farther_lat)))
    after = score_parts(moved, seeker).set_index("slug").loc[slug, "distance"]
    assert after <= before


@FIXTURE
@given(slug=slugs, extra=st.integers(1, 3), topics=topic_sets)
def test_adding_a_matching_practice_never_lowers_the_topic_part(data, slug, extra, topics) -> None:
    seeker = Seeker("Somewhere", "AT", 47.0, 13.0, topics=tuple(topics))
    before = score_parts(data, seeker).set_index("slug").loc[slug, "topics"]
    seed = factories.small_seed()
    seed.practices += [
        factories.practice(f"new-{i}", slug, tuple(topics) or ("energy",)) for i in range(extra)
    ]
    more = load_atlas(factories.build_store(seed))
    after = score_parts(more, seeker).set_index("slug").loc[slug, "topics"]
    assert after >= before


@FIXTURE
@given(
    slug=slugs, topics=topic_sets, weights=st.dictionaries(st.sampled_from(PARTS), st.floats(0, 5))
)
def test_scores_and_parts_stay_between_zero_and_one(data, slug, topics, weights) -> None:
    if weights and sum({**WEIGHTS, **weights}.values()) == 0:
        return
    for peer in rank_peers(data, seeker_from_city(data, slug, tuple(topics)), weights=weights):
        assert 0 <= peer.score <= 1
        assert all(0 <= value <= 1 for value in peer.parts.values())


def test_bulgarian_partners_are_smolyans_first_peers(seeded) -> None:
    peers = rank_peers(seeded, seeker_from_city(seeded, "smolyan", ("energy",)), top=3)
    assert [p.slug for p in peers][:2] == ["asenovgrad", "svilengrad"]
    assert "same country" in peers[0].reasons
    assert "also in Partnership for adaptation to climate change" in peers[0].reasons
    assert "Renewable electricity and heat for municipal sites" in peers[0].practices


def test_reasons_are_built_from_the_parts(seeded) -> None:
    peer = rank_peers(seeded, seeker_from_city(seeded, "pisek", ("citizen-engagement",)), top=1)[0]
    assert peer.slug == "smolyan"
    assert peer.reasons[:3] == [
        "4 practices in citizen engagement",
        "similar size (35,288 vs 29,800)",
        "1,189 km away",
    ]
    assert "also in +CityxChange" in peer.reasons


def test_frontrunners_first_puts_every_frontrunner_ahead(seeded) -> None:
    frontrunners = int((seeded.cities["role"] == "frontrunner").sum())
    peers = rank_peers(
        seeded, seeker_from_city(seeded, "smolyan"), top=frontrunners + 5, frontrunners_first=True
    )
    roles = [seeded.cities.set_index("slug").loc[p.slug, "role"] for p in peers]
    assert roles[:frontrunners] == ["frontrunner"] * frontrunners
    assert "frontrunner" not in roles[frontrunners:]


def test_max_distance_keeps_only_nearby_candidates(seeded) -> None:
    seeker = seeker_from_city(seeded, "smolyan", max_distance_km=200)
    cities = seeded.cities
    nearby = {
        slug
        for slug, lat, lon in zip(
            cities["slug"], cities["latitude"], cities["longitude"], strict=True
        )
        if slug != "smolyan" and haversine_km(seeker.latitude, seeker.longitude, lat, lon) <= 200
    }
    assert {"asenovgrad", "svilengrad"} <= nearby
    assert {p.slug for p in rank_peers(seeded, seeker, top=50)} == nearby


def test_a_described_city_matching_an_atlas_city_is_not_its_own_peer(seeded) -> None:
    seeker = Seeker("Smolyan", "BG", 41.575, 24.712, population=30000, topics=("energy",))
    assert "smolyan" not in [p.slug for p in rank_peers(seeded, seeker, top=60)]


@pytest.mark.parametrize(
    ("weights", "message"),
    [
        ({"speed": 1}, "unknown weight"),
        ({"size": -1}, "not negative"),
        (dict.fromkeys(PARTS, 0.0), "above zero"),
    ],
)
def test_bad_weights_are_refused(weights, message) -> None:
    with pytest.raises(PeerError, match=message):
        check_weights(weights)


def test_unknown_city_and_bad_top_are_refused(data) -> None:
    with pytest.raises(PeerError, match="no city"):
        seeker_from_city(data, "atlantis")
    with pytest.raises(PeerError, match="top"):
        rank_peers(data, seeker_from_city(data, "pisek"), top=0)
