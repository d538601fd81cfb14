import csv
import io
import json
from pathlib import Path

import pytest

from atlas.export import ExportError, city_rows, export_cities, neutralise_formulas


def test_csv_export_has_one_row_per_city_with_memberships(tmp_path: Path, data) -> None:
    target = tmp_path / "cities.csv"
    assert export_cities(data, str(target)) == 4
    rows = list(csv.DictReader(target.open(encoding="utf-8")))
    krakow = next(row for row in rows if row["slug"] == "krakow")
    assert krakow["memberships"] == "cityxchange:signatory;multiply:partner"
    assert krakow["name"] == "Kraków"


def test_geojson_export_is_points_in_lon_lat_order(tmp_path: Path, data) -> None:
    target = tmp_path / "cities.geojson"
    export_cities(data, str(target))
    collection = json.loads(target.read_text(encoding="utf-8"))
    smolyan = next(f for f in collection["features"] if f["properties"]["slug"] == "smolyan")
    assert smolyan["geometry"] == {"type": "Point", "coordinates": [24.71204, 41.57439]}
    assert smolyan["properties"]["population"] == 30689


def test_dash_writes_geojson_to_the_stream(data) -> None:
    stream = io.StringIO()
    export_cities(data, "-", stdout=stream)
    assert len(json.loads(stream.getvalue())["features"]) == 4


def test_unknown_extension_and_missing_folder_are_refused(tmp_path: Path, data) -> None:
    with pytest.raises(ExportError, match=r"\.csv or \.geojson"):
        export_cities(data, str(tmp_path / "cities.xls"))
    with pytest.raises(ExportError, match="does not exist"):
        export_cities(data, str(tmp_path / "nowhere" / "cities.csv"))


@pytest.mark.parametrize("text", ["=HYPERLINK(1)", "+1", "-1", "@SUM(A1)"])
def test_spreadsheet_formulas_are_neutralised(data, text: str) -> None:
    rows = city_rows(data).assign(name=text)
    assert set(neutralise_formulas(rows)["name"]) == {"'" + text}
