from pathlib import Path

import pytest
from sqlalchemy import func, select

from atlas import settings
from atlas.queries import load_atlas
from atlas.seed import SeedError, load_seed, read_seed
from atlas.store import revision, session_scope
from atlas.tables import CityRow, MembershipRow, PracticeRow
from tests import factories

DATA_DIR = Path(settings.get("ATLAS_DATA_DIR"))


@pytest.fixture
def empty_store():
    return factories.fresh_engine()


def _count(engine, row_type) -> int:
    with session_scope(engine) as session:
        return session.scalar(select(func.count()).select_from(row_type))


def test_the_project_seed_files_validate_and_load(empty_store) -> None:
    report = load_seed(empty_store, DATA_DIR)
    data = load_atlas(empty_store)
    assert report.added["cities"] == len(data.cities) > 0
    assert len(data.practices) > 0
    with_practice = data.cities["slug"].isin(data.practices["city"])
    assert (data.cities["role"].notna() | with_practice).all(), (
        "every seeded city has a role in some project or a good practice"
    )
    assert (data.cities["source"].str.len() > 0).all()


def test_loading_the_seed_twice_adds_nothing(empty_store) -> None:
    load_seed(empty_store, DATA_DIR)
    first = revision(empty_store)
    report = load_seed(empty_store, DATA_DIR)
    assert report.added == {}
    assert revision(empty_store) == first


def test_update_overwrites_stored_records_from_the_files(tmp_path: Path, empty_store) -> None:
    seed = factories.small_seed()
    load_seed(empty_store, factories.write_seed_files(seed, tmp_path / "v1"))
    seed.cities[0] = factories.city(population=30000)
    folder = factories.write_seed_files(seed, tmp_path / "v2")
    assert load_seed(empty_store, folder).kept["cities"] == 4
    assert load_atlas(empty_store).cities.set_index("slug").loc["pisek", "population"] is not None
    report = load_seed(empty_store, folder, update=True)
    assert report.updated["cities"] == 4
    assert load_atlas(empty_store).cities.set_index("slug").loc["pisek", "population"] == 30000


def test_invalid_seed_reports_every_problem_with_its_line_and_writes_nothing(
    tmp_path: Path, empty_store
) -> None:
    folder = factories.write_seed_files(factories.small_seed(), tmp_path)
    cities = (folder / "cities.csv").read_text(encoding="utf-8").splitlines()
    cities[2] = cities[2].replace(",BG,", ",XX,")
    (folder / "cities.csv").write_text("\n".join(cities) + "\n", encoding="utf-8")
    with (folder / "memberships.csv").open("a", encoding="utf-8") as handle:
        handle.write("atlantis,cityxchange,follower,follower,test,high,\n")
    with pytest.raises(SeedError) as raised:
        load_seed(empty_store, folder)
    messages = [str(problem) for problem in raised.value.problems]
    assert any(m.startswith("cities.csv:3: country") for m in messages), messages
    assert _count(empty_store, CityRow) == 0


def test_references_to_unknown_records_are_reported(tmp_path: Path) -> None:
    seed = factories.small_seed()
    seed.memberships.append(factories.membership("atlantis"))
    seed.practices.append(factories.practice("lost", topics=("teleportation",)))
    folder = factories.write_seed_files(seed, tmp_path)
    with pytest.raises(SeedError) as raised:
        read_seed(folder)
    text = str(raised.value)
    assert "memberships.csv:7: unknown city 'atlantis'" in text
    assert "practices.csv:4: unknown topic 'teleportation'" in text


def test_missing_file_is_reported(tmp_path: Path) -> None:
    folder = factories.write_seed_files(factories.small_seed(), tmp_path)
    (folder / "practices.csv").unlink()
    with pytest.raises(SeedError, match=r"practices\.csv:0: file is missing"):
        read_seed(folder)


def test_small_seed_store_holds_what_was_written() -> None:
    engine = factories.build_store()
    assert _count(engine, CityRow) == 4
    assert _count(engine, MembershipRow) == 5
    assert _count(engine, PracticeRow) == 2


def test_an_update_from_the_seed_files_makes_open_forms_stale(tmp_path: Path) -> None:
    from sqlalchemy import text

    seed = factories.small_seed()
    engine = factories.build_store(seed)
    seed.cities[0] = seed.cities[0].model_copy(update={"population": 30000})
    folder = factories.write_seed_files(seed, tmp_path / "data")
    load_seed(engine, folder, update=True)
    with engine.connect() as connection:
        versions = dict(connection.execute(text("SELECT slug, version FROM cities")).all())
    assert versions == {"pisek": 2, "smolyan": 1, "trondheim": 1, "krakow": 1}


def test_the_seed_practices_keep_the_text_of_their_polish_and_bulgarian_source_pages() -> None:
    practices = {practice.slug: practice for practice in read_seed(DATA_DIR).practices}
    in_original = {
        slug: practice.original_language
        for slug, practice in practices.items()
        if practice.original_language != "en"
    }
    assert sorted(in_original.values()) == ["bg"] * 10 + ["pl"] * 4
    for slug, language in in_original.items():
        practice = practices[slug]
        assert getattr(practice, f"title_{language}")
        assert practice.original_language == language
        assert getattr(practice, f"summary_{language}")
        assert practice.source.split(" — ")[0] in SOURCE_PAGES[language]
    assert "Община Смолян" in practices["smolyan-second-positive-energy-district"].summary_bg
    assert practices["pisek-energy-positive-school"].original_language == "bg"
    # Written in Bulgarian, translated by the atlas so that a Polish reader finds it.
    assert practices["pisek-energy-positive-school"].title_pl


SOURCE_PAGES = {
    "pl": (
        "Miasto Bydgoszcz realizuje międzynarodowy projekt OwnYourSECAP",
        "Zapraszamy miasta do Platformy Dialogu nt. Porozumienia Burmistrzów!",
    ),
    "bg": ("Смолян посрещна партньорите си по проект +CityxChange за двудневна работна среща",),
}
"""The titles of the seed documents in Polish and in Bulgarian, as the practices cite them."""


def test_the_seed_search_finds_smolyans_practices_through_their_bulgarian_texts(
    empty_store,
) -> None:
    from atlas.practices import PracticeFilters, browse_practices

    load_seed(empty_store, DATA_DIR)
    found = browse_practices(
        load_atlas(empty_store), PracticeFilters(query="втори енергийно позитивен район")
    )
    assert found["slug"].tolist() == ["smolyan-second-positive-energy-district"]
    smolyan = browse_practices(load_atlas(empty_store), PracticeFilters(query="енергия"))
    assert {
        "smolyan-positive-energy-block",
        "smolyan-second-positive-energy-district",
        "smolyan-innovative-financing-models",
    } <= set(smolyan["slug"])
    school = browse_practices(load_atlas(empty_store), PracticeFilters(query="szkoła"))
    assert "pisek-energy-positive-school" in set(school["slug"])
