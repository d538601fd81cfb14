from atlas.stats import by_country, by_role, by_topic


def test_counts_by_country(data) -> None:
    table = by_country(data).set_index("country")
    assert table.loc["PL", ["cities", "practices", "projects"]].tolist() == [1, 0, 2]
    assert table.loc["BG", "country_name"] == "Bulgaria"
    assert table["cities"].sum() == len(data.cities)


def test_counts_by_topic_list_every_topic(data) -> None:
    table = by_topic(data).set_index("topic")
    assert table.loc["energy", "practices"] == 1
    assert table.loc["mobility", "practices"] == 0


def test_counts_by_role(data) -> None:
    table = by_role(data).set_index("role")
    assert table.loc["follower", "cities"] == 2
    assert table.loc["signatory", "memberships"] == 1
