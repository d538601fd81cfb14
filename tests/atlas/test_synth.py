from atlas.queries import load_atlas
from atlas.synth import SOURCE, add_synthetic
from tests import factories


def test_synthetic_records_are_real_places_marked_as_synthetic() -> None:
    engine = factories.build_store()
    assert add_synthetic(engine, practices=30, cities=20, seed=7) == {"cities": 20, "practices": 30}
    data = load_atlas(engine)
    new = data.cities[data.cities["source"] == SOURCE]
    assert len(new) == 20
    assert new["coord_source"].str.startswith("geonames:").all()
    assert new["role"].notna().all()
    synthetic = data.practices[data.practices["source"] == SOURCE]
    assert len(synthetic) == 30
    assert synthetic["topics"].map(len).between(1, 3).all()
    assert set(synthetic["status"]) <= {"planned", "ongoing", "completed"}


def test_same_seed_same_records_and_repeating_adds_nothing() -> None:
    first, second = factories.build_store(), factories.build_store()
    add_synthetic(first, practices=15, cities=5, seed=3)
    add_synthetic(second, practices=15, cities=5, seed=3)
    columns = ["slug", "title", "city", "year", "status", "topics"]
    a, b = load_atlas(first).practices, load_atlas(second).practices
    assert a[columns].sort_values("slug").equals(b[columns].sort_values("slug"))
    before = len(load_atlas(first).practices)
    add_synthetic(first, practices=15, cities=0, seed=3)
    assert len(load_atlas(first).practices) == before
