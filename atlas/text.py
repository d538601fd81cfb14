"""Name normalisation shared by search, slugs and the gazetteer.

`fold` turns any spelling of a place name into a comparable ASCII key:
case, diacritics, Cyrillic script and punctuation no longer matter.
"""

from __future__ import annotations

import re
import unicodedata

# Bulgarian streamlined transliteration (also reads Russian/Ukrainian well enough
# for place names): "Смолян" -> "smolyan", "Щастливци" -> "shtastlivtsi".
_CYRILLIC = {
    "а": "a",
    "б": "b",
    "в": "v",
    "г": "g",
    "д": "d",
    "е": "e",
    "ё": "yo",
    "ж": "zh",
    "з": "z",
    "и": "i",
    "й": "y",
    "к": "k",
    "л": "l",
    "м": "m",
    "н": "n",
    "о": "o",
    "п": "p",
    "р": "r",
    "с": "s",
    "т": "t",
    "у": "u",
    "ф": "f",
    "х": "h",
    "ц": "ts",
    "ч": "ch",
    "ш": "sh",
    "щ": "sht",
    "ъ": "a",
    "ы": "y",
    "ь": "y",
    "э": "e",
    "ю": "yu",
    "я": "ya",
    "є": "ye",
    "і": "i",
    "ї": "yi",
    "ґ": "g",
    "ј": "j",
    "љ": "lj",
    "њ": "nj",
    "ћ": "c",
    "ђ": "d",
    "џ": "dz",
    "ѓ": "gj",
    "ќ": "kj",
    "ѕ": "dz",
}
# Latin letters that Unicode decomposition leaves alone.
_LATIN = {
    "ł": "l",
    "ß": "ss",
    "ø": "o",
    "æ": "ae",
    "œ": "oe",
    "đ": "d",
    "ð": "d",
    "þ": "th",
    "ı": "i",
    "ħ": "h",
    "ŧ": "t",
    "ŋ": "n",
    "ĸ": "k",
    "ſ": "s",
}
_TABLE = str.maketrans({**_CYRILLIC, **_LATIN})
_NON_ALNUM = re.compile(r"[^a-z0-9]+")


def fold(text: str) -> str:
    """Return a lowercase ASCII key of `text`: "Kraków" -> "krakow", "Смолян" -> "smolyan".

    Words are kept, separated by single spaces; punctuation and hyphens become spaces.
    """
    lowered = unicodedata.normalize("NFKC", text).casefold().translate(_TABLE)
    decomposed = unicodedata.normalize("NFKD", lowered)
    ascii_only = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    ascii_only = ascii_only.encode("ascii", "ignore").decode("ascii")
    return _NON_ALNUM.sub(" ", ascii_only).strip()


def slugify(text: str) -> str:
    """Return the URL slug of a name: "Alba Iulia" -> "alba-iulia", "Písek" -> "pisek"."""
    return fold(text).replace(" ", "-")
