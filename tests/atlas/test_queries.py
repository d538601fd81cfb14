import pandas as pd

from atlas.queries import city_profile, headline_roles


def test_headline_role_prefers_frontrunner_then_follower_partner_signatory() -> None:
    memberships = pd.DataFrame(
        {
            "city": ["a", "a", "b", "b", "c"],
            "role": ["signatory", "partner", "follower", "frontrunner", "signatory"],
        }
    )
    assert headline_roles(memberships).to_dict() == {
        "a": "partner",
        "b": "frontrunner",
        "c": "signatory",
    }


def test_cities_frame_carries_roles_projects_and_practice_counts(data) -> None:
    cities = data.cities.set_index("slug")
    assert cities.loc["trondheim", "role"] == "frontrunner"
    assert cities.loc["krakow", "role"] == "partner"
    assert cities.loc["krakow", "projects"] == ("cityxchange", "multiply")
    assert cities.loc["smolyan", "practice_count"] == 1
    assert cities.loc["smolyan", "names_key"] == "|smolian|smolyan|"


def test_practices_frame_lists_topics_and_projects(data) -> None:
    practice = data.practices.set_index("slug").loc["next-generation-smart-citizen"]
    assert practice["topics"] == ("citizen-engagement",)
    assert practice["projects"] == ("cityxchange",)
    assert practice["city_name"] == "Smolyan"


def test_city_profile_lists_memberships_by_role_then_practices(data) -> None:
    profile = city_profile(data, "krakow")
    assert [m["role"] for m in profile.memberships] == ["partner", "signatory"]
    assert profile.city["local_name"] is None
    smolyan = city_profile(data, "smolyan")
    assert [p["title"] for p in smolyan.practices] == ["Next Generation Smart Citizen"]


def test_city_profile_of_unknown_city_is_none(data) -> None:
    assert city_profile(data, "atlantis") is None


def test_revision_is_reported(data) -> None:
    assert data.revision == 1


def test_rows_of_a_city_are_the_rows_a_comparison_finds(data) -> None:
    """The per-revision index finds, in the same order, what a comparison over the whole
    table finds; a city it does not know has no rows, with the table's columns."""
    for table, column in (
        ("cities", "slug"),
        ("memberships", "city"),
        ("practices", "city"),
        ("signatories", "city"),
    ):
        frame = getattr(data, table)
        for slug in [*frame[column].drop_duplicates().head(5), "no-such-city"]:
            expected = frame[frame[column] == slug]
            pd.testing.assert_frame_equal(data.rows_of_city(table, slug), expected)
