import math

import pandas as pd
import pytest

from geo.mapview import base_map
from geo.replication_map import arc_points, arrow_head, replication_layer

TRONDHEIM, PISEK = (63.43049, 10.39506), (49.3088, 14.1475)


def _lines(**changes) -> pd.DataFrame:
    row = {
        "from_city": "trondheim",
        "from_name": "Trondheim",
        "from_latitude": TRONDHEIM[0],
        "from_longitude": TRONDHEIM[1],
        "to_city": "pisek",
        "to_name": "Písek",
        "to_latitude": PISEK[0],
        "to_longitude": PISEK[1],
        "practices": [("Heat pilot", "Heat pilot, adapted")],
    }
    return pd.DataFrame([row | changes])


def test_an_arc_runs_from_the_frontrunner_to_the_follower_bending_aside() -> None:
    curve = arc_points(TRONDHEIM, PISEK)
    assert curve[0] == pytest.approx(TRONDHEIM, abs=1e-9)
    assert curve[-1] == pytest.approx(PISEK, abs=1e-9)
    middle = curve[len(curve) // 2]
    straight = ((TRONDHEIM[0] + PISEK[0]) / 2, (TRONDHEIM[1] + PISEK[1]) / 2)
    assert middle[1] - straight[1] < -0.5  # heading south, it bends west (to the right)


def test_the_arrow_head_points_at_the_follower() -> None:
    curve = arc_points(TRONDHEIM, PISEK)
    tip, left, right = arrow_head(curve)
    assert tip == pytest.approx(curve[-1], abs=1e-9)
    assert left[0] > tip[0]  # its base lies north of its tip
    assert right[0] > tip[0]


def test_the_layer_draws_each_line_with_an_escaped_tooltip_and_its_legend() -> None:
    layer = replication_layer(
        _lines(to_name="P`${alert(1)}`", practices=[("<b>x</b>", "y")]), "+CityxChange"
    )
    fmap = base_map()
    layer.add_to(fmap)
    html = fmap.get_root().render()
    assert html.count("L.polyline(") == 1
    assert html.count("L.polygon(") == 1
    assert "${alert(1)}" not in html
    assert "&lt;b&gt;x&lt;/b&gt;" in html
    assert "Replication in +CityxChange" in html


def test_no_lines_make_an_empty_layer_without_legend() -> None:
    layer = replication_layer(_lines().iloc[0:0], "MULTIPLY")
    assert not layer._children


def test_arc_points_are_finite_for_a_line_across_the_continent() -> None:
    curve = arc_points((38.72, -9.14), (60.17, 24.94))
    assert all(math.isfinite(lat) and math.isfinite(lon) for lat, lon in curve)
