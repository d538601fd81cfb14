"""Find cities by name in any spelling, and records by their texts in any language: case,
diacritics and script do not matter."""

from __future__ import annotations

import difflib

import pandas as pd

from atlas.multilingual import LANGUAGES, column
from atlas.text import fold

EXACT = 1.0
PREFIX = 0.9
WORD_PREFIX = 0.8
SUBSTRING = 0.7
FUZZY_CUTOFF = 0.75
FUZZY_WEIGHT = 0.6
MIN_STEM = 4
"""A query word is shortened to its stem only when at least this many letters remain."""
_VOWELS = "aeiouy"


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


def texts_key(records: pd.DataFrame, fields: tuple[str, ...]) -> pd.Series:
    """Each record's texts of `fields` in every language it has, folded and joined as
    " text one text two" (a space before every word), for `text_matches`."""
    key = pd.Series("", index=records.index)
    for field in fields:
        for language in LANGUAGES:
            name = column(field, language)
            if name in records:
                key = key + " " + records[name].fillna("").astype(str)
    return " " + key.map(fold)


def word_stem(word: str) -> str:
    """A folded word without its final vowels ("szkola" -> "szkol", "energiya" -> "energ"),
    so that other forms of the word match it ("szkoly", "energiyna", "energy"); short
    words stay whole."""
    stem = word.rstrip(_VOWELS)
    return stem if len(stem) >= MIN_STEM else word


def text_matches(keys: pd.Series, query: str) -> pd.Series:
    """Which records' texts (`texts_key`) hold `query`: the folded query anywhere, or each
    of its words' stems at the start of a word, in any language and in any order."""
    needle = fold(query)
    if not needle:
        return pd.Series(True, index=keys.index)
    found = keys.str.contains(needle, regex=False)
    every_word = pd.Series(True, index=keys.index)
    for word in needle.split():
        every_word &= keys.str.contains(" " + word_stem(word), regex=False)
    return found | every_word
