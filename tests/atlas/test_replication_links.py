from atlas.i18n import translator
from atlas.queries import load_atlas
from atlas.replication_links import (
    adapted_from,
    passed_on,
    project_lines,
    project_name,
    projects_with_lines,
    replicated_in,
    took_over,
)
from tests.factories import build_store
from tests.pages.test_replication_pages import linked_seed


def test_a_practice_knows_its_originals_and_its_adopters() -> None:
    data = load_atlas(build_store(linked_seed()))
    assert adapted_from(data, "pisek-heat-pilot")["slug"].tolist() == ["trondheim-heat-pilot"]
    assert replicated_in(data, "trondheim-heat-pilot")[["slug", "city_name"]].values.tolist() == [
        ["smolyan-heat-pilot", "Smolyan"],  # by title: "Heat pilot in …" first
        ["pisek-heat-pilot", "Písek"],
    ]
    assert adapted_from(data, "trondheim-heat-pilot").empty


def test_a_city_passed_on_and_took_over() -> None:
    data = load_atlas(build_store(linked_seed()))
    assert [(e.own_slug, e.other_city) for e in passed_on(data, "trondheim")] == [
        ("trondheim-heat-pilot", "pisek"),
        ("trondheim-heat-pilot", "smolyan"),
    ]
    assert [(e.own_slug, e.other_slug) for e in took_over(data, "pisek")] == [
        ("pisek-heat-pilot", "trondheim-heat-pilot")
    ]
    assert took_over(data, "trondheim") == []


def test_project_lines_run_from_frontrunners_to_followers_that_took_up_a_practice() -> None:
    data = load_atlas(build_store(linked_seed()))
    lines = project_lines(data, "cityxchange")
    assert lines[["from_city", "to_city"]].values.tolist() == [
        ["trondheim", "pisek"],
        ["trondheim", "smolyan"],
    ]
    assert lines.iloc[0]["practices"] == [("Heat pilot", "Heat pilot, adapted")]
    taken_up = lines.iloc[1]["practices"][0][1]
    assert taken_up.said_by(translator("bg")) == "Топлинен пилот в Смолян"
    assert project_name(data, "cityxchange") == "+CityxChange"
    assert project_name(data, "gone") == "gone"
    assert lines.iloc[0]["from_latitude"] == 63.43049
    assert project_lines(data, "multiply").empty  # Kraków is a partner there
    assert projects_with_lines(data) == ["cityxchange"]
