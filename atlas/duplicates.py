"""Likely duplicate cities: names that read alike (case, accents and script ignored) for
points close together in the same country, e.g. "Pisek" and "Písek" 2 km apart."""

from __future__ import annotations

import bisect
from difflib import SequenceMatcher

import numpy as np
import pandas as pd

from atlas.text import fold
from geo.distance import haversine_km_many

MAX_KM = 10.0
"""Farthest distance (km) between two points of one place."""
MIN_SIMILARITY = 0.85
"""Least similarity (0..1, difflib ratio of folded names) of two spellings of one name."""
KM_PER_DEGREE_LAT = 111.2

PAIR_COLUMNS = ["key_a", "name_a", "key_b", "name_b", "country", "distance_km", "similarity"]


def name_similarity(first: str, second: str) -> float:
    """1.0 for the same folded name ("Písek", "PISEK"), else difflib's ratio of the folds."""
    a, b = fold(first), fold(second)
    if not a or not b:
        return 0.0
    return 1.0 if a == b else SequenceMatcher(None, a, b).ratio()


def _normalised(frame: pd.DataFrame) -> pd.DataFrame:
    """key, name, country, latitude, longitude with a usable point, sorted by latitude."""
    kept = frame[["key", "name", "country", "latitude", "longitude"]].dropna(
        subset=["latitude", "longitude"]
    )
    return kept.sort_values("latitude", kind="stable").reset_index(drop=True)


def find_likely_duplicates(
    new: pd.DataFrame,
    existing: pd.DataFrame | None = None,
    max_km: float = MAX_KM,
    min_similarity: float = MIN_SIMILARITY,
) -> pd.DataFrame:
    """Pairs of places with alike names within `max_km` in the same country.

    Both frames have columns key (any id: a slug, a row number), name, country, latitude,
    longitude (WGS84 degrees). With `existing`, each row of `new` is paired with rows of
    `existing`; without it, rows of `new` are paired among themselves (each pair once).
    Returns PAIR_COLUMNS (a = from `new`), closest first.
    """
    left = _normalised(new)
    right = left if existing is None else _normalised(existing)
    among_themselves = existing is None
    window = max_km / KM_PER_DEGREE_LAT
    pairs: list[tuple] = []
    for country, right_group in right.groupby("country", sort=False):
        left_group = left[left["country"] == country]
        if left_group.empty:
            continue
        latitudes = right_group["latitude"].tolist()
        right_lats = right_group["latitude"].to_numpy()
        right_lons = right_group["longitude"].to_numpy()
        right_rows = right_group.to_dict("records")
        for row in left_group.to_dict("records"):
            start = bisect.bisect_left(latitudes, row["latitude"] - window)
            stop = bisect.bisect_right(latitudes, row["latitude"] + window)
            if start == stop:
                continue
            distances = haversine_km_many(
                row["latitude"], row["longitude"], right_lats[start:stop], right_lons[start:stop]
            )
            for offset in np.flatnonzero(distances <= max_km):
                other = right_rows[start + offset]
                if among_themselves and str(other["key"]) <= str(row["key"]):
                    continue
                similarity = name_similarity(row["name"], other["name"])
                if similarity >= min_similarity:
                    pairs.append(
                        (
                            row["key"],
                            row["name"],
                            other["key"],
                            other["name"],
                            country,
                            round(float(distances[offset]), 2),
                            round(similarity, 3),
                        )
                    )
    found = pd.DataFrame(pairs, columns=PAIR_COLUMNS)
    return found.sort_values(["distance_km", "key_a", "key_b"]).reset_index(drop=True)
