"""The rules of replication links, each on its own, and where they are enforced: the
model, editing (with history and restore), the seed loader and bulk import."""

from datetime import datetime
from pathlib import Path

import pytest
from pydantic import ValidationError
from sqlalchemy import Engine, text

from atlas import editing, history, settings
from atlas.accounts import EDITOR, User
from atlas.bulk_import import commit_import, preview_import
from atlas.queries import load_atlas
from atlas.records import PRACTICE, InvalidRecordError, model_values
from atlas.replication import (
    cycle_problem,
    find_cycle,
    link_problems,
    missing_problem,
    self_link_problem,
)
from atlas.seed import SeedError, read_seed
from atlas.workspace import editable_record
from tests import factories

EWA = User(name="ewa", role=EDITOR, disabled=False)
NOW = datetime(2026, 11, 30, 12, 0)
DATA_DIR = Path(settings.get("ATLAS_DATA_DIR"))


@pytest.mark.parametrize(
    ("graph", "cycle"),
    [
        ({}, None),
        ({"a": ["b"], "b": ["c"]}, None),
        ({"a": ["b", "c"], "b": ["c"], "c": []}, None),
        ({"a": ["a"]}, ["a", "a"]),
        ({"a": ["b"], "b": ["a"]}, ["a", "b", "a"]),
        ({"x": ["a"], "a": ["b"], "b": ["c"], "c": ["a"]}, ["a", "b", "c", "a"]),
    ],
)
def test_find_cycle(graph: dict, cycle: list | None) -> None:
    assert find_cycle(graph) == cycle


def test_rule_no_self_link() -> None:
    assert self_link_problem("a", ["b"]) is None
    assert self_link_problem("a", ["b", "a"]) == "a practice cannot replicate itself ('a')"


def test_rule_no_link_to_a_missing_practice() -> None:
    assert missing_problem(["b"], {"b", "c"}) is None
    assert missing_problem(["b", "zz"], {"b"}) == "no practice 'zz' in the atlas"


def test_rule_no_cycle() -> None:
    assert cycle_problem({"a": ["b"]}) is None
    assert cycle_problem({"a": ["b"], "b": ["a"]}) == (
        "replication links would form a cycle: a → b → a"
    )


def test_link_problems_replace_the_practices_own_links() -> None:
    graph = {"a": ["b"], "b": []}
    assert link_problems("b", ["a"], {"a", "b"}, graph) == (
        "replication links would form a cycle: a → b → a"
    )
    assert link_problems("a", ["c"], {"b", "c"}, graph) is None  # a's old link is replaced


def test_the_model_refuses_a_self_link_and_bad_slugs() -> None:
    with pytest.raises(ValidationError, match="cannot replicate itself"):
        factories.practice("solar", replicates=["solar"])
    with pytest.raises(ValidationError, match="not a practice slug"):
        factories.practice("solar", replicates=["Not A Slug"])
    assert factories.practice("solar", replicates="a; b;; a").replicates == ["a", "b"]


def _linked_seed():
    seed = factories.small_seed()
    seed.practices.append(
        factories.practice(
            "pisek-smart-citizen-copy",
            "pisek",
            ("citizen-engagement",),
            replicates=["next-generation-smart-citizen"],
        )
    )
    return seed


def _id(engine: Engine, slug: str) -> tuple[int, int]:
    with engine.connect() as connection:
        row = connection.execute(
            text("SELECT id, version FROM practices WHERE slug = :slug"), {"slug": slug}
        ).one()
    return row.id, row.version


def _values(engine: Engine, slug: str) -> dict:
    return model_values(editable_record(engine, PRACTICE, _id(engine, slug)[0]).state)


def test_editing_refuses_a_link_to_a_missing_practice() -> None:
    engine = factories.build_store(_linked_seed())
    values = _values(engine, "energy-positive-school") | {"replicates": ["no-such-practice"]}
    with pytest.raises(InvalidRecordError) as refused:
        editing.update_record(
            engine, EWA, PRACTICE, *_id(engine, "energy-positive-school"), values, NOW
        )
    assert refused.value.errors == {"replicates": "no practice 'no-such-practice' in the atlas"}


def test_editing_refuses_a_cycle_and_writes_nothing() -> None:
    engine = factories.build_store(_linked_seed())
    values = _values(engine, "next-generation-smart-citizen") | {
        "replicates": ["pisek-smart-citizen-copy"]
    }
    with pytest.raises(InvalidRecordError) as refused:
        editing.update_record(
            engine, EWA, PRACTICE, *_id(engine, "next-generation-smart-citizen"), values, NOW
        )
    assert refused.value.errors["replicates"] == (
        "replication links would form a cycle: "
        "next-generation-smart-citizen → pisek-smart-citizen-copy → next-generation-smart-citizen"
    )
    assert _values(engine, "next-generation-smart-citizen")["replicates"] == []


def test_links_are_in_the_history_and_a_restore_brings_them_back() -> None:
    engine = factories.build_store(_linked_seed())
    record_id, version = _id(engine, "pisek-smart-citizen-copy")
    values = _values(engine, "pisek-smart-citizen-copy")
    editing.update_record(
        engine, EWA, PRACTICE, record_id, version, values | {"replicates": []}, NOW
    )
    change = history.record_history(engine, PRACTICE, record_id)[0]
    assert change.fields["replicates"] == [["next-generation-smart-citizen"], []]
    editing.restore_version(engine, EWA, PRACTICE, record_id, version + 1, version, NOW)
    assert _values(engine, "pisek-smart-citizen-copy")["replicates"] == [
        "next-generation-smart-citizen"
    ]


def test_the_seed_loader_refuses_links_to_missing_practices_and_cycles(tmp_path: Path) -> None:
    seed = _linked_seed()
    seed.practices[0] = seed.practices[0].model_copy(
        update={"replicates": ["pisek-smart-citizen-copy", "ghost"]}
    )
    seed.practices[2] = seed.practices[2].model_copy(
        update={"replicates": ["energy-positive-school"]}
    )
    with pytest.raises(SeedError) as refused:
        read_seed(factories.write_seed_files(seed, tmp_path))
    assert [str(problem) for problem in refused.value.problems] == [
        "practices.csv:2: unknown practice in replicates 'ghost'",
        "practices.csv:2: replicates: replication links would form a cycle: "
        "energy-positive-school → pisek-smart-citizen-copy → energy-positive-school",
    ]


def test_the_seed_loader_refuses_a_practice_without_a_source_url(tmp_path: Path) -> None:
    seed = factories.small_seed()
    seed.practices[1] = seed.practices[1].model_copy(
        update={"source": "Smolyan municipality news (2023)"}
    )
    with pytest.raises(SeedError) as refused:
        read_seed(factories.write_seed_files(seed, tmp_path))
    assert [str(problem) for problem in refused.value.problems] == [
        "practices.csv:3: source: no http(s) URL: write each source as "
        "'Page title — https://…', entries joined by '; '"
    ]


def test_the_seed_replication_graph_has_no_cycle_and_no_missing_practice() -> None:
    practices = read_seed(DATA_DIR).practices
    slugs = {practice.slug for practice in practices}
    graph = {practice.slug: practice.replicates for practice in practices}
    assert find_cycle(graph) is None
    assert [
        (slug, target)
        for slug, targets in graph.items()
        for target in targets
        if target not in slugs
    ] == []
    assert not any(self_link_problem(slug, targets) for slug, targets in graph.items())


def _practice_row(slug: str, replicates: str, **fields: str) -> dict:
    return {
        "slug": slug,
        "title": slug.replace("-", " ").capitalize(),
        "summary": "Imported practice.",
        "topics": "energy",
        "city": "pisek",
        "status": "ongoing",
        "source": "Page — https://example.org/p",
        "licence": "CC BY 4.0",
        "replicates": replicates,
        **fields,
    }


def test_an_import_links_new_practices_to_stored_ones_and_to_each_other() -> None:
    engine = factories.build_store(_linked_seed())
    rows = [
        (2, _practice_row("pisek-a", "pisek-b")),
        (3, _practice_row("pisek-b", "energy-positive-school")),
    ]
    report = preview_import(engine, rows, PRACTICE)
    assert report.ok, report.errors
    commit_import(engine, EWA, report, NOW)
    assert _values(engine, "pisek-a")["replicates"] == ["pisek-b"]
    assert _values(engine, "pisek-b")["replicates"] == ["energy-positive-school"]


def test_an_import_refuses_missing_practices_and_cycles_with_the_store() -> None:
    engine = factories.build_store(_linked_seed())
    rows = [
        (2, _practice_row("pisek-a", "ghost")),
        (
            3,
            _practice_row(
                "next-generation-smart-citizen",
                "pisek-smart-citizen-copy",
                city="smolyan",
                topics="citizen-engagement",
            ),
        ),
    ]
    report = preview_import(engine, rows, PRACTICE)
    assert [str(error) for error in report.errors] == [
        "row 2: replicates: no practice(s) ghost in the atlas or this file",
        "row 3: replicates: replication links would form a cycle: next-generation-smart-citizen"
        " → pisek-smart-citizen-copy → next-generation-smart-citizen",
    ]


def test_visitors_see_links_between_published_practices_only() -> None:
    engine = factories.build_store(_linked_seed())
    assert load_atlas(engine).replications[["practice", "original"]].values.tolist() == [
        ["pisek-smart-citizen-copy", "next-generation-smart-citizen"]
    ]
    original, version = _id(engine, "next-generation-smart-citizen")
    editing.delete_record(engine, EWA, PRACTICE, original, version, NOW)
    data = load_atlas(engine)
    assert data.replications.empty
    assert data.practices.set_index("slug").at["pisek-smart-citizen-copy", "replicates"] == ()
