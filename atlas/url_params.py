"""Every URL query parameter the atlas reads, and the check its value passes before use.

Numbers are finite and within range, slugs match the record slug pattern, enumerations
come from their list and free text is bounded. A value that fails is refused with a
message saying what was expected; pages treat it as absent.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from dataclasses import dataclass

from atlas.countries import is_country_code
from atlas.i18n import N_, Message
from atlas.models import SLUG_PATTERN
from atlas.records import KINDS

MAX_TEXT = 200
"""Longest free text (a city name) taken from a link."""
COUNTRY_PATTERN = re.compile(r"^[A-Za-z]{2}$")
NEW_RECORD = "new"


class ParamError(ValueError):
    """A URL parameter's value that the atlas cannot use; the message says why."""


@dataclass(frozen=True)
class Param:
    """How to read one parameter: `parse` turns the text into a value or raises ParamError
    with what was expected."""

    parse: Callable[[str], object]


def _number(low: float, high: float) -> Param:
    def parse(text: str) -> float:
        try:
            value = float(text)
        except ValueError:
            raise ParamError(_between(N_("a number from {low} to {high}"), low, high)) from None
        if not math.isfinite(value) or not low <= value <= high:
            raise ParamError(_between(N_("a number from {low} to {high}"), low, high))
        return value

    return Param(parse)


def _between(message: str, low: float, high: float) -> Message:
    """`message` with its bounds: whole numbers shown without decimals."""
    return Message(message, low=_whole(low), high=_whole(high))


def _whole(number: float) -> float:
    return int(number) if float(number).is_integer() else number


def _integer(low: int, high: int) -> Param:
    def parse(text: str) -> int:
        if not re.fullmatch(r"[0-9]{1,19}", text) or not low <= int(text) <= high:
            raise ParamError(_between(N_("a whole number from {low} to {high}"), low, high))
        return int(text)

    return Param(parse)


def _pattern(pattern: re.Pattern, what: str) -> Param:
    def parse(text: str) -> str:
        if len(text) > MAX_TEXT or not pattern.fullmatch(text):
            raise ParamError(Message(what))
        return text

    return Param(parse)


def _choice(options: tuple[str, ...]) -> Param:
    def parse(text: str) -> str:
        if text not in options:
            raise ParamError(Message(N_("one of {options}"), options=", ".join(options)))
        return text

    return Param(parse)


def _country(text: str) -> str:
    code = text.strip().upper()
    if not COUNTRY_PATTERN.fullmatch(code) or not is_country_code(code):
        raise ParamError(Message(N_("an ISO two-letter country code")))
    return code


def _text(text: str) -> str:
    cleaned = text.strip()
    if not cleaned or len(cleaned) > MAX_TEXT or any(ord(c) < 32 for c in cleaned):
        raise ParamError(
            Message(N_("a text of 1 to {count} characters on one line"), count=MAX_TEXT)
        )
    return cleaned


def _record(text: str) -> int | str:
    """A record id, or "new" for a record not yet saved."""
    return NEW_RECORD if text == NEW_RECORD else _integer(1, 2**63 - 1).parse(text)


_SLUG = _pattern(SLUG_PATTERN, N_("a record name in lower-case letters, digits and hyphens"))

PARAMS: dict[str, Param] = {
    "city": _SLUG,
    "for": _SLUG,
    "practice": _SLUG,
    "tour": _SLUG,
    "topic": _SLUG,
    "shortlist": _SLUG,
    "kind": _choice(KINDS),
    "record": Param(_record),
    "lat": _number(-90, 90),
    "lon": _number(-180, 180),
    "pop": _integer(0, 100_000_000),
    "top": _integer(1, 50),
    "stop": _integer(1, 10_000),
    "height": _integer(1, 100_000),
    "first": _choice(("1",)),
    "name": Param(_text),
    "country": Param(_country),
}
"""The parameters read one at a time by pages (the map's filters are read by
atlas.filters, which checks them against the atlas's own lists)."""


def parse_param(name: str, text: str) -> object:
    """The value of URL parameter `name` given as `text`. A value that does not fit raises
    ParamError whose message (plain text) names the parameter, the value and what was
    expected; an unknown `name` is a programming error (KeyError)."""
    try:
        return PARAMS[name].parse(text)
    except ParamError as error:
        shown = text if len(text) <= 60 else text[:57] + "…"
        message = N_("Ignored {param}={value} in the link: expected {expected}.")
        raise ParamError(
            Message(message, param=name, value=repr(shown), expected=error.args[0])
        ) from None
