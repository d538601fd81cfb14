"""Measure the offline gazetteer against places with independently known coordinates.

Two reference lists:
  seed  the atlas's seed cities (data/cities.csv), placed and checked by hand;
  jrc   the JRC Covenant of Mayors signatories table, read from the .xlsx as published.
        Joint groups of municipalities (names with a comma) and rows without a usable
        point are skipped; the `mayor` column is never read. The JRC table has some
        plainly wrong points, so its worst cases show where either side may be wrong.

Each place's name and country is geocoded with Gazetteer.best and compared with the
reference point. Prints JSON: rows evaluated, share found, shares placed within 15 km and
50 km, median distance, time per lookup, the same shares by kind of match, and the worst
cases.
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
from geo.gazetteer import Candidate, default_gazetteer  # noqa: E402

DEFAULT_TABLE = Path("..") / "shared" / "data" / "gcom" / "df1_Signatories_2024.xlsx"
SHEET = "1"
COLUMNS = ["organisation_name", "country_code", "organisation_latitude", "organisation_longitude"]
NEAR_KM, FAR_KM = 15.0, 50.0
# The EU's own codes for Greece and the United Kingdom, where ISO 3166 has GR and GB.
EU_COUNTRY_CODES = {"EL": "GR", "UK": "GB"}


def _number(value: object) -> float | None:
    """A coordinate from a cell that may hold a number, "-", "null" or a decimal comma."""
    try:
        number = float(str(value).strip().replace(",", "."))
    except ValueError:
        return None
    return number if number == number else None  # NaN is no coordinate


def read_signatories(path: Path) -> tuple[pd.DataFrame, dict[str, int]]:
    """Single-municipality signatories with a usable point (name, country, lat, lon), and
    how many rows were read and skipped."""
    table = pd.read_excel(path, sheet_name=SHEET, usecols=COLUMNS, engine="calamine")
    rows = pd.DataFrame(
        {
            "name": table["organisation_name"].fillna("").astype(str).str.strip(),
            "country": table["country_code"].fillna("").astype(str).str.strip().str.upper(),
            "lat": table["organisation_latitude"].map(_number),
            "lon": table["organisation_longitude"].map(_number),
        }
    )
    rows["country"] = rows["country"].replace(EU_COUNTRY_CODES)
    joint = rows["name"].str.contains(",", regex=False)
    unplaced = rows["lat"].isna() | rows["lon"].isna() | rows["name"].eq("")
    counts = {
        "rows_read": len(rows),
        "skipped_joint_groups": int(joint.sum()),
        "skipped_without_point": int((unplaced & ~joint).sum()),
    }
    return rows[~joint & ~unplaced].reset_index(drop=True), counts


def read_seed_cities() -> tuple[pd.DataFrame, dict[str, int]]:
    """The atlas's seed cities (name, country, lat, lon) and how many rows were read."""
    cities = pd.read_csv(REPO / "data" / "cities.csv", keep_default_na=False)
    rows = pd.DataFrame(
        {
            "name": cities["name"].astype(str).str.strip(),
            "country": cities["country"].astype(str).str.strip().str.upper(),
            "lat": cities["latitude"].map(_number),
            "lon": cities["longitude"].map(_number),
        }
    )
    return rows, {"rows_read": len(rows)}


def _closeness(distances: list[float], total: int) -> dict:
    """Shares of `total` placed within 15 km and 50 km, and the median of `distances` (km)."""
    return {
        "within_15km_share": _share(sum(d <= NEAR_KM for d in distances), total),
        "within_50km_share": _share(sum(d <= FAR_KM for d in distances), total),
        "median_km": round(statistics.median(distances), 2) if distances else None,
    }


def _share(part: int, total: int) -> float | None:
    return round(part / total, 4) if total else None


def geocode_all(rows: pd.DataFrame) -> tuple[list[Candidate | None], list[float]]:
    """The best candidate for every row, and each lookup's time in milliseconds."""
    gazetteer = default_gazetteer()
    found: list[Candidate | None] = []
    times: list[float] = []
    for row in rows.itertuples(index=False):
        started = time.perf_counter()
        found.append(gazetteer.best(row.name, row.country or None))
        times.append(1000 * (time.perf_counter() - started))
    return found, times


def report(
    rows: pd.DataFrame, found: list[Candidate | None], times: list[float], worst: int
) -> dict:
    """The accuracy summary as a JSON-ready dict."""
    distances = [
        None if best is None else haversine_km(row.lat, row.lon, best.latitude, best.longitude)
        for row, best in zip(rows.itertuples(index=False), found, strict=True)
    ]
    found_distances = [d for d in distances if d is not None]
    by_kind = {}
    for kind in sorted({best.kind for best in found if best is not None}):
        of_kind = [
            d for d, best in zip(distances, found, strict=True) if best and best.kind == kind
        ]
        by_kind[kind] = {"rows": len(of_kind), **_closeness(of_kind, len(of_kind))}
    placed = [
        (d, row, best)
        for d, row, best in zip(distances, rows.itertuples(index=False), found, strict=True)
        if d is not None
    ]
    placed.sort(key=lambda item: -item[0])
    return {
        "rows_evaluated": len(distances),
        "found_share": _share(len(found_distances), len(distances)),
        **_closeness(found_distances, len(distances)),
        "ms_per_lookup": {
            "mean": round(statistics.fmean(times), 3) if times else None,
            "median": round(statistics.median(times), 3) if times else None,
            "max": round(max(times), 1) if times else None,
        },
        "by_kind_of_match": by_kind,
        "worst_cases": [
            {
                "name": row.name,
                "country": row.country,
                "km": round(d, 1),
                "placed_at": f"{best.name} ({best.country}, population {best.population})",
                "match": best.kind,
            }
            for d, row, best in placed[:worst]
        ],
    }


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        description="Geocode the names of a reference list with the offline gazetteer and "
        "print, as JSON, how close it comes to the list's own points.",
    )
    parser.add_argument(
        "reference",
        choices=["seed", "jrc"],
        help="seed: the atlas's seed cities (data/cities.csv); jrc: the single-municipality "
        "signatories of the JRC Covenant of Mayors table",
    )
    parser.add_argument(
        "--jrc",
        type=Path,
        default=None,
        help=f"the JRC signatories .xlsx, sheet {SHEET!r} (default: "
        f"{DEFAULT_TABLE.as_posix()} from the repository root)",
    )
    parser.add_argument(
        "--worst", type=int, default=15, help="how many worst cases to list (default: 15)"
    )
    parser.add_argument(
        "--rows", type=int, default=None, help="evaluate only the first N usable rows"
    )
    return parser.parse_args(argv)


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.reference == "seed":
        rows, counts = read_seed_cities()
    else:
        path = args.jrc or REPO / DEFAULT_TABLE
        if not path.is_file():
            shown = args.jrc or f"{DEFAULT_TABLE.as_posix()} (from the repository root)"
            print(f"error: no signatories table at {shown}; pass --jrc PATH", file=sys.stderr)
            return 2
        rows, counts = read_signatories(path)
    if args.rows is not None:
        rows = rows.head(args.rows)
    found, times = geocode_all(rows)
    summary = {**counts, **report(rows, found, times, args.worst)}
    print(json.dumps(summary, ensure_ascii=False, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
