"""Find cities by name in any spelling: case, diacritics and script do not matter."""

from __future__ import annotations

import difflib

import pandas as pd

from atlas.text import fold

EXACT = 1.0
PREFIX = 0.9
WORD_PREFIX = 0.8
SUBSTRING = 0.7
FUZZY_CUTOFF = 0.75
FUZZY_WEIGHT = 0.6


def name_scores(names_key: pd.Series, query: str) -> pd.Series:
    """Score each city's names against `query`: 1 exact, 0.9 prefix, 0.8 a word's
    prefix, 0.7 substring, up to 0.6 for close misspellings; 0 for no match.

    `names_key` holds each city's folded names joined as "|name one|name two|".
    """
    needle = fold(query)
    scores = pd.Series(0.0, index=names_key.index)
    if not needle:
        return scores
    tiers = (
        (EXACT, f"|{needle}|"),
        (PREFIX, f"|{needle}"),
        (WORD_PREFIX, f" {needle}"),
        (SUBSTRING, needle),
    )
    for score, pattern in reversed(tiers):
        hits = names_key.str.contains(pattern, regex=False)
        scores[hits] = score
    if (scores > 0).any():
        return scores
    return _fuzzy_scores(names_key, needle)


def _fuzzy_scores(names_key: pd.Series, needle: str) -> pd.Series:
    scores = pd.Series(0.0, index=names_key.index)
    for index, key in names_key.items():
        names = [name for name in key.split("|") if name]
        best = max(
            (difflib.SequenceMatcher(None, needle, name).ratio() for name in names), default=0.0
        )
        if best >= FUZZY_CUTOFF:
            scores[index] = FUZZY_WEIGHT * best
    return scores


def search_cities(cities: pd.DataFrame, query: str, limit: int | None = None) -> pd.DataFrame:
    """Cities matching `query`, best first, with a `score` column."""
    scores = name_scores(cities["names_key"], query)
    found = cities.assign(score=scores)[scores > 0]
    found = found.sort_values(["score", "name"], ascending=[False, True])
    return found if limit is None else found.head(limit)
