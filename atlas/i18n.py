"""The interface's languages: gettext catalogues, plural forms, numbers, dates, country
names and sorting per language (Babel). No Streamlit here: ui.i18n picks the language."""

from __future__ import annotations

import datetime as dt
import gettext
import io
import unicodedata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cache, lru_cache
from pathlib import Path
from typing import TypeVar

from babel import Locale
from babel.dates import format_date
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po
from babel.numbers import format_decimal, format_percent

from atlas.countries import LANGUAGE_NAMES as LANGUAGE_NAMES_EN
from atlas.countries import country_name, is_country_code

LANGUAGES = ("en", "pl", "bg")
DEFAULT_LANGUAGE = "en"
LANGUAGE_NAMES = {"en": "English", "pl": "Polski", "bg": "Български"}
"""Each interface language named in itself, as a language switcher lists them."""

DOMAIN = "atlas"
LOCALE_DIR = Path(__file__).resolve().parent.parent / "locale"

_LATIN = "abcdefghijklmnopqrstuvwxyz"
_POLISH = "aąbcćdeęfghijklłmnńoópqrsśtuvwxyzźż"
_BULGARIAN = "абвгдежзийклмнопрстуфхцчшщъьюя"
# Letters in each language's order; a letter outside its table sorts by its base letter
# (accents dropped), then after every table letter in code point order.
_ALPHABETS = {
    "en": (_LATIN, _BULGARIAN),
    "pl": (_POLISH, _BULGARIAN),
    "bg": (_BULGARIAN, _LATIN),
}
T = TypeVar("T")
_DIGITS_WEIGHT = 1_000
_LETTERS_WEIGHT = 10_000
_OTHER_WEIGHT = 100_000


def N_(message: str) -> str:  # noqa: N802 - the gettext convention Babel extracts
    """Mark `message` for translation where it is defined; it is translated when shown."""
    return message


class Message(str):
    """A message in English words (what logs, the CLI and exports write) that keeps its
    gettext message, plural and values, so a page can say it in another language: the
    domain's errors and explanations. `said_by` formats numbers for the language, and a
    value named `country` is an ISO code named in it."""

    message: str
    plural: str | None
    values: dict[str, object]

    def __new__(cls, message: str, plural: str | None = None, **values: object) -> Message:
        english = _say(translator(DEFAULT_LANGUAGE), message, plural, values)
        made = super().__new__(cls, english)
        made.message, made.plural, made.values = message, plural, values
        return made

    def said_by(self, tr: Translator) -> str:
        """This message in `tr`'s language."""
        return _say(tr, self.message, self.plural, self.values)


class InLanguages(str):
    """A record's text in English words (what logs, the CLI and exports write) that keeps
    its text for each language, so a Message or a page can show it in the visitor's: a
    practice's title, a topic's name (atlas.multilingual.in_languages makes one)."""

    texts: dict[str, str]

    def __new__(cls, english: str, texts: dict[str, str]) -> InLanguages:
        made = super().__new__(cls, english)
        made.texts = texts
        return made

    def said_by(self, tr: Translator) -> str:
        """This text in `tr`'s language."""
        return self.texts.get(tr.lang, str(self))


def said_in(text: str, tr: Translator) -> str:
    """`text` in `tr`'s language when it knows its languages (InLanguages), else as it is."""
    return text.said_by(tr) if isinstance(text, InLanguages) else text


def _say(tr: Translator, message: str, plural: str | None, values: dict[str, object]) -> str:
    shown = {
        name: value.said_by(tr)
        if isinstance(value, (Message, InLanguages))
        else tr.country(value)
        if name == "country" and isinstance(value, str)
        else tr.number(value)
        if isinstance(value, (int, float)) and not isinstance(value, bool)
        else value
        for name, value in values.items()
        if name != "count" or plural is None
    }
    if plural is not None:
        return tr.plural(message, plural, int(values["count"]), **shown)
    return tr.text(message, **shown)


def Nn_(singular: str, plural: str) -> tuple[str, str]:  # noqa: N802 - as N_
    """Mark a message with a plural form for translation where it is defined (Message)."""
    return singular, plural


def normalise(value: object) -> str | None:
    """The interface language of a language tag ("pl-PL" -> "pl"), or None if not offered."""
    if not isinstance(value, str):
        return None
    primary = value.strip().replace("_", "-").split("-")[0].casefold()
    return primary if primary in LANGUAGES else None


def _catalogue(lang: str) -> gettext.NullTranslations:
    """The compiled catalogue of `lang`; compiled from its .po in memory when the .mo file
    is missing or older (a checkout before `make setup`)."""
    if lang == DEFAULT_LANGUAGE:
        return gettext.NullTranslations()  # the source strings are English
    folder = LOCALE_DIR / lang / "LC_MESSAGES"
    po_path, mo_path = folder / f"{DOMAIN}.po", folder / f"{DOMAIN}.mo"
    if mo_path.exists() and mo_path.stat().st_mtime >= po_path.stat().st_mtime:
        with mo_path.open("rb") as mo_file:
            return gettext.GNUTranslations(mo_file)
    with po_path.open("rb") as po_file:
        catalog = read_po(po_file, locale=lang)
    buffer = io.BytesIO()
    write_mo(buffer, catalog)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def _weight(char: str, alphabets: tuple[str, ...]) -> int:
    offset = _LETTERS_WEIGHT
    for alphabet in alphabets:
        if char in alphabet:
            return offset + alphabet.index(char)
        offset += len(alphabet)
    base = unicodedata.normalize("NFKD", char)[:1]
    if base != char and base:
        return _weight(base, alphabets)
    if char.isdigit():
        return _DIGITS_WEIGHT + (unicodedata.digit(char, 0))
    if not char.isalnum():
        return ord(char) % _DIGITS_WEIGHT  # spaces and punctuation first
    return _OTHER_WEIGHT + ord(char)


@lru_cache(maxsize=100_000)
def _sort_key(lang: str, text: str) -> tuple:
    # Cached: the same names (countries, projects, cities) are sorted on every page run.
    folded = text.casefold()
    alphabets = _ALPHABETS[lang]
    return (tuple(_weight(char, alphabets) for char in folded), folded, text)


@dataclass(frozen=True)
class Translator:
    """Translations and locale formats of one interface language."""

    lang: str
    _catalogue: gettext.NullTranslations = field(repr=False, compare=False)
    _locale: Locale = field(repr=False, compare=False)

    def text(self, message: str, **values: object) -> str:
        """`message` in this language, `{name}` placeholders filled from `values`."""
        translated = self._catalogue.gettext(message)
        return translated.format(**values) if values else translated

    def plural(self, singular: str, plural: str, n: int, **values: object) -> str:
        """The plural form for `n` in this language; `{count}` is `n` as `count` shows it,
        unless `values` give it."""
        translated = self._catalogue.ngettext(singular, plural, n)
        return translated.format(**{"count": self.count(n), **values})

    def count(self, n: int) -> str:
        """A count in a sentence: digits alone in English, as the atlas always wrote them
        ("12000 cities"); the language's grouping otherwise ("12 000 miast")."""
        return str(n) if self.lang == DEFAULT_LANGUAGE else self.number(n)

    def number(self, value: float, digits: int = 0) -> str:
        """`value` with this language's grouping and decimal signs, `digits` decimals."""
        pattern = "#,##0" + ("." + "0" * digits if digits > 0 else "")
        return format_decimal(value, format=pattern, locale=self._locale)

    def percent(self, value: float, digits: int = 0) -> str:
        """A share (0.25 -> "25%", Bulgarian "25 %") in this language's percent pattern."""
        pattern = self._locale.percent_formats[None].pattern
        if digits > 0:
            pattern = pattern.replace("0", "0." + "0" * digits, 1)
        return format_percent(value, format=pattern, locale=self._locale)

    def date(self, value: dt.date | str) -> str:
        """A calendar date in this language's medium format (English keeps ISO dates); an
        ISO string is parsed, any other text is returned as it is."""
        if isinstance(value, str):
            try:
                value = dt.date.fromisoformat(value[:10])
            except ValueError:
                return value
        if self.lang == DEFAULT_LANGUAGE:
            return value.isoformat()[:10]
        return format_date(value, format="medium", locale=self._locale)

    def country(self, code: str) -> str:
        """The country of an ISO 3166-1 alpha-2 code named in this language."""
        if self.lang == DEFAULT_LANGUAGE or not is_country_code(code.upper()):
            return country_name(code)
        return self._locale.territories.get(code.upper()) or country_name(code)

    def language(self, code: str) -> str:
        """An ISO 639-1 language named in this language (English names as atlas.countries)."""
        if self.lang == DEFAULT_LANGUAGE:
            return LANGUAGE_NAMES_EN.get(code, code)
        return self._locale.languages.get(code) or LANGUAGE_NAMES_EN.get(code, code)

    def say(self, message: object) -> str:
        """A domain message (or error) in this language: a Message is translated with its
        values, another text looked up as it is (a constant marked with N_)."""
        if isinstance(message, BaseException):
            message = message.args[0] if len(message.args) == 1 else str(message)
        if isinstance(message, Message):
            return message.said_by(self)
        return self.text(str(message))

    def sort_key(self, text: str) -> tuple:
        """A key ordering texts as this language does (Polish Ł after L, Bulgarian
        Cyrillic first); case and accents only break ties."""
        return _sort_key(self.lang, text)

    def sorted(self, items: Iterable[T], key: Callable[[T], str] | None = None) -> list[T]:
        """`items` sorted by this language's collation of their text (`key`, else the item)."""
        return sorted(items, key=lambda item: self.sort_key(key(item) if key else str(item)))


def translator(lang: str | None) -> Translator:
    """The translator of `lang`; English for anything not offered."""
    return _translator(normalise(lang) or DEFAULT_LANGUAGE)


@cache
def _translator(lang: str) -> Translator:
    return Translator(lang, _catalogue(lang), Locale.parse(lang))
