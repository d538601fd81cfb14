"""The map's city chooser offers a bounded list: a small view whole, a large one's project
cities, and always the selected city."""

import pandas as pd

from atlas.models import FOLLOWER, FRONTRUNNER, SIGNATORY
from ui.city_list import CHOOSER_LIMIT, chooser_slugs


def _cities(roles: list[str]) -> pd.DataFrame:
    return pd.DataFrame({"slug": [f"c{i}" for i in range(len(roles))], "role": roles})


def test_a_small_view_offers_every_city() -> None:
    cities = _cities([SIGNATORY, FRONTRUNNER, SIGNATORY])
    assert chooser_slugs(cities, None) == ["c0", "c1", "c2"]


def test_a_large_view_offers_its_project_cities_and_the_selected_one() -> None:
    cities = _cities([FRONTRUNNER, FOLLOWER] + [SIGNATORY] * CHOOSER_LIMIT)
    assert chooser_slugs(cities, None) == ["c0", "c1"]
    assert chooser_slugs(cities, "c7") == ["c7", "c0", "c1"]
    assert chooser_slugs(cities, "c1") == ["c0", "c1"]
