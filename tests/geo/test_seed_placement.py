"""The seed's GeoNames placements agree with the gazetteer; manual ones say why."""

from pathlib import Path

import pandas as pd
import pytest

from geo.distance import haversine_km
from geo.gazetteer import default_gazetteer

CITIES = pd.read_csv(Path(__file__).resolve().parents[2] / "data" / "cities.csv")


@pytest.mark.parametrize(
    "row",
    [row for _, row in CITIES[CITIES["coord_source"].str.startswith("geonames:")].iterrows()],
    ids=lambda row: row["slug"],
)
def test_geonames_placed_cities_are_where_the_gazetteer_puts_them(row) -> None:
    best = default_gazetteer().best(row["name"], row["country"])
    assert best is not None
    assert best.reference == row["coord_source"]
    assert haversine_km(row["latitude"], row["longitude"], best.latitude, best.longitude) < 0.01


def test_manual_placements_explain_themselves() -> None:
    manual = CITIES[~CITIES["coord_source"].str.startswith("geonames:")]
    assert manual["coord_source"].str.match(r"^manual: .{20,}").all()
