"""Measure the offline gazetteer against places with independently known coordinates.

Two reference lists:
  seed  the atlas's seed cities (data/cities.csv), placed and checked by hand;
  jrc   the JRC Covenant of Mayors signatories table (name, country, point), read from the
        .xlsx as published. Joint groups (names with commas) are skipped and the `mayor`
        column is never read. The JRC table has some plainly wrong points, so its worst
        cases show where either side may be wrong.

For each place it geocodes name + country with Gazetteer.best and reports, as JSON, the
share found, the share placed within 15 km and 50 km of the reference point, the median
distance, the time per lookup and the worst cases.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import time
from pathlib import Path

import pandas as pd

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from geo.distance import haversine_km  # noqa: E402
from geo.gazetteer import default_gazetteer  # noqa: E402

DEFAULT_JRC = REPO.parent / "shared" / "data" / "gcom" / "df1_Signatories_2024.xlsx"
JRC_COLUMNS = [
    "organisation_name",
    "country_code",
    "organisation_latitude",
    "organisation_longitude",
]


def _number(value: object) -> float | None:
    text = str(value).strip().replace(",", ".")
    try:
        return float(text)
    except ValueError:
        return None


def seed_places() -> pd.DataFrame:
    cities = pd.read_csv(REPO / "data" / "cities.csv")
    return pd.DataFrame(
        {
            "name": cities["name"],
            "country": cities["country"],
            "lat": cities["latitude"],
            "lon": cities["longitude"],
        }
    )


def jrc_places(path: Path) -> pd.DataFrame:
    table = pd.read_excel(path, sheet_name="1", usecols=JRC_COLUMNS)
    places = pd.DataFrame(
        {
            "name": table["organisation_name"].fillna("").astype(str),
            "country": table["country_code"].fillna("").astype(str).str.upper(),
            "lat": table["organisation_latitude"].map(_number),
            "lon": table["organisation_longitude"].map(_number),
        }
    )
    usable = places["name"].ne("") & ~places["name"].str.contains(",") & places["lat"].notna()
    return places[usable & places["lon"].notna()].reset_index(drop=True)


def evaluate(places: pd.DataFrame, worst: int) -> dict:
    gazetteer = default_gazetteer()
    distances: list[float] = []
    misses: list[tuple[str, str, float | None]] = []
    started = time.perf_counter()
    for row in places.itertuples(index=False):
        best = gazetteer.best(row.name, row.country)
        if best is None:
            misses.append((row.name, row.country, None))
            continue
        distance = haversine_km(row.lat, row.lon, best.latitude, best.longitude)
        distances.append(distance)
        misses.append((row.name, row.country, round(distance, 1)))
    elapsed = time.perf_counter() - started
    total = len(places)
    found = [m for m in misses if m[2] is not None]
    worst_cases = sorted((m for m in found if m[2] > 15), key=lambda m: -m[2])[:worst]
    return {
        "places": total,
        "found_share": round(len(distances) / total, 4) if total else None,
        "within_15km_share": round(sum(d <= 15 for d in distances) / total, 4) if total else None,
        "within_50km_share": round(sum(d <= 50 for d in distances) / total, 4) if total else None,
        "median_km": round(statistics.median(distances), 2) if distances else None,
        "ms_per_lookup": round(1000 * elapsed / total, 3) if total else None,
        "not_found": [f"{name} ({country})" for name, country, d in misses if d is None][:worst],
        "worst_beyond_15km": [{"name": n, "country": c, "km": d} for n, c, d in worst_cases],
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("reference", choices=["seed", "jrc"], help="which reference list")
    parser.add_argument("--jrc", type=Path, default=DEFAULT_JRC, help="JRC signatories .xlsx")
    parser.add_argument("--worst", type=int, default=15, help="how many worst cases to list")
    args = parser.parse_args(argv)
    if args.reference == "jrc" and not args.jrc.is_file():
        print(f"error: JRC signatories table not found: {args.jrc}", file=sys.stderr)
        return 1
    places = seed_places() if args.reference == "seed" else jrc_places(args.jrc)
    print(json.dumps(evaluate(places, args.worst), ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
