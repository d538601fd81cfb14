from pathlib import Path

import pytest

from atlas import settings
from atlas.queries import load_atlas
from atlas.seed import load_seed
from atlas.tours import TourError, load_tours, step
from tests import factories

DATA = Path(settings.get("ATLAS_DATA_DIR"))


@pytest.fixture(scope="module")
def seeded(store_engine: str):
    engine = factories.fresh_engine()
    load_seed(engine, DATA)
    return load_atlas(engine)


def test_every_project_with_frontrunners_has_a_tour_of_them(seeded) -> None:
    tours = {tour.slug: tour for tour in load_tours(DATA / "tours.csv", seeded)}
    frontrunners = seeded.memberships[seeded.memberships["role"] == "frontrunner"]
    for project, cities in frontrunners.groupby("project")["city"]:
        tour = next(t for t in tours.values() if t.project == project)
        assert {stop.city for stop in tour.stops} == set(cities), project
    every = {stop.city for stop in tours["frontrunners"].stops}
    assert every == set(frontrunners["city"])


def test_stops_are_in_order_and_have_stories(seeded) -> None:
    for tour in load_tours(DATA / "tours.csv", seeded):
        assert [stop.position for stop in tour.stops] == list(range(1, len(tour.stops) + 1))
        assert all(len(stop.story) > 20 for stop in tour.stops)


def test_a_bad_tours_file_names_every_problem(tmp_path: Path, seeded) -> None:
    path = tmp_path / "tours.csv"
    path.write_text(
        "tour,title,description,project,position,city,story,practice\n"
        "t,Title,,nope,1,atlantis,Story,\n"
        "t,,,,3,smolyan,Story,ghost\n",
        encoding="utf-8",
    )
    with pytest.raises(TourError) as raised:
        load_tours(path, seeded)
    message = str(raised.value)
    for expected in (
        "unknown project 'nope'",
        "unknown city 'atlantis'",
        "unknown practice 'ghost'",
        "positions must run 1, 2, 3",
    ):
        assert expected in message


def test_step_stays_inside_the_tour(seeded) -> None:
    tour = load_tours(DATA / "tours.csv", seeded)[0]
    assert step(tour, 1, -1) == 1
    assert step(tour, len(tour.stops), 1) == len(tour.stops)
    assert step(tour, 2, 1) == 3


def test_a_hidden_city_or_practice_is_skipped_not_an_error(tmp_path: Path) -> None:
    from datetime import datetime

    from sqlalchemy import text

    from atlas import editing
    from atlas.accounts import User
    from atlas.queries import stored_slugs

    engine = factories.build_store()
    path = tmp_path / "tours.csv"
    path.write_text(
        "tour,title,description,project,position,city,story,practice\n"
        "t,Tour,About,,1,pisek,A long enough story about Písek.,energy-positive-school\n"
        "t,Tour,About,,2,smolyan,A long enough story about Smolyan.,\n"
        "t,Tour,About,,3,trondheim,A long enough story about Trondheim.,\n",
        encoding="utf-8",
    )
    with engine.connect() as connection:
        smolyan = connection.scalar(text("SELECT id FROM cities WHERE slug = 'smolyan'"))
        practice = connection.scalar(
            text("SELECT id FROM practices WHERE slug = 'energy-positive-school'")
        )
    ada = User("ada", "admin", disabled=False)
    now = datetime(2026, 11, 25, 9, 0)
    editing.delete_record(engine, ada, "city", smolyan, 1, now)
    editing.move_practice(engine, ada, practice, 1, "return", now, "Check the figures.")
    (tour,) = load_tours(path, load_atlas(engine), stored_slugs(engine))
    assert [(s.position, s.city, s.practice) for s in tour.stops] == [
        (1, "pisek", None),
        (2, "trondheim", None),
    ]
