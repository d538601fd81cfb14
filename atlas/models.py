"""Validated records of the atlas (pydantic v2) and the domain's named constants."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from datetime import date
from typing import Annotated
from urllib.parse import urlsplit

from pydantic import (
    AfterValidator,
    BaseModel,
    BeforeValidator,
    ConfigDict,
    Field,
    create_model,
    field_validator,
)

from atlas.countries import is_country_code
from atlas.i18n import N_, Message
from atlas.multilingual import ENGLISH, LANGUAGES, translation_columns
from atlas.replication import self_link_problem

FRONTRUNNER = "frontrunner"
FOLLOWER = "follower"
PARTNER = "partner"
SIGNATORY = "signatory"
ROLES: tuple[str, ...] = (FRONTRUNNER, FOLLOWER, PARTNER, SIGNATORY)
"""Roles in order of prominence: a city's headline role is the first it holds."""

PLANNED = "planned"
ONGOING = "ongoing"
COMPLETED = "completed"
STATUSES: tuple[str, ...] = (PLANNED, ONGOING, COMPLETED)

CONFIDENCES: tuple[str, ...] = ("high", "medium", "low")

STORE_INT_MAX = 2**31 - 1
"""The largest whole number every store keeps in an integer column (PostgreSQL INTEGER)."""

COMMITMENTS: tuple[str, ...] = ("2020", "2030", "2050", "adaptation")
"""Covenant of Mayors commitments a signatory can hold."""

# Each project's own word for a role, folded to lowercase, mapped onto the atlas's roles.
ROLE_WORDS: dict[str, str] = {
    "lighthouse": FRONTRUNNER,
    "frontrunner": FRONTRUNNER,
    "pioneer": FRONTRUNNER,
    "prekursor": FRONTRUNNER,
    "advanced": FRONTRUNNER,
    "lead": FRONTRUNNER,
    "follower": FOLLOWER,
    "fellow": FOLLOWER,
    "engaged": FOLLOWER,
    "deployment": FOLLOWER,
    "replication": FOLLOWER,
    "multiplier": FOLLOWER,
    "participant": PARTNER,
    "observer": PARTNER,
    "special_award": PARTNER,
    "partner": PARTNER,
    "mission": PARTNER,
    "signatory": SIGNATORY,
}

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")
_HOST_LABEL = re.compile(r"^[^\W_](?:[\w-]*[^\W_])?$")
"""One dot-separated part of a host name: letters (any script) or digits, inner hyphens."""


def role_for_word(word: str) -> str | None:
    """Map a project's role word ("lighthouse", "engaged (miasto zaangażowane)") to a role."""
    head = word.strip().lower().split(" ")[0].split("(")[0]
    return ROLE_WORDS.get(head)


def _blank_to_none(value: object) -> object:
    if isinstance(value, str) and not value.strip():
        return None
    return value


def _split_list(value: object) -> object:
    """ "a; b;; a" -> ["a", "b"]: split on semicolons, drop blanks and repeats."""
    if isinstance(value, str):
        value = [part.strip() for part in value.split(";")]
    if value is None:
        return []
    if isinstance(value, (list, tuple)):
        return list(dict.fromkeys(part for part in value if part))
    return value


def _blank_to_english(value: object) -> object:
    if value is None or (isinstance(value, str) and not value.strip()):
        return ENGLISH
    return value


def _one_of(allowed: tuple[str, ...], what: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        if value not in allowed:
            raise ValueError(
                Message(
                    N_("{what} must be one of {allowed}, not {value}"),
                    what=Message(what),
                    allowed=", ".join(allowed),
                    value=repr(value),
                )
            )
        return value

    return check


Optional = Annotated[str | None, BeforeValidator(_blank_to_none)]
OptionalInt = Annotated[int | None, BeforeValidator(_blank_to_none)]
OptionalDate = Annotated[date | None, BeforeValidator(_blank_to_none)]
NameList = Annotated[list[str], BeforeValidator(_split_list)]
Slug = Annotated[str, Field(pattern=SLUG_PATTERN.pattern, max_length=80)]
Role = Annotated[str, AfterValidator(_one_of(ROLES, N_("role")))]
Status = Annotated[str, AfterValidator(_one_of(STATUSES, N_("status")))]
Confidence = Annotated[str, AfterValidator(_one_of(CONFIDENCES, N_("confidence")))]
Language = Annotated[
    str,
    BeforeValidator(_blank_to_english),
    AfterValidator(_one_of(LANGUAGES, N_("original language"))),
]


def url_problem(value: str) -> str | None:
    """What is wrong with `value` as an absolute http(s) link, in words; None when nothing.

    A link has no spaces, starts with http:// or https://, and names a host of at least two
    dot-separated parts (letters of any script, digits, inner hyphens) with a valid port.
    """
    if not value.strip():
        return Message(N_("empty"))
    if any(character.isspace() for character in value):
        return Message(N_("contains a space"))
    try:
        parts = urlsplit(value)
    except ValueError:
        return Message(N_("not a valid web address"))
    scheme = parts.scheme.lower()
    if not scheme:
        return Message(N_("does not start with http:// or https://"))
    if scheme not in ("http", "https"):
        return Message(
            N_("not a web link ({scheme}:), only http:// or https://"), scheme=parts.scheme
        )
    if not value[len(scheme) :].startswith("://") or not parts.hostname:
        return Message(N_("no host name after http(s)://"))
    try:
        if parts.port == 0:
            return Message(N_("invalid port"))
    except ValueError:
        return Message(N_("invalid port"))
    labels = parts.hostname.split(".")
    if len(labels) < 2:
        return Message(N_("host “{host}” has no domain (no dot)"), host=parts.hostname)
    if not all(_HOST_LABEL.match(label) for label in labels):
        return Message(N_("host “{host}” is not a valid host name"), host=parts.hostname)
    return None


def check_url(value: str | None) -> str | None:
    """Accept an absolute http(s) URL (see `url_problem`) or nothing."""
    if value is not None:
        problem = url_problem(value)
        if problem:
            raise ValueError(
                Message(
                    N_("not an http(s) URL: {value} ({problem})"),
                    value=repr(value),
                    problem=problem,
                )
            )
    return value


def control_character_problem(text: str) -> str | None:
    """Why `text` cannot be stored as it is: a control character other than tab and line
    breaks (NUL among them), or half of a surrogate pair; None when it can."""
    for character in text:
        category = unicodedata.category(character)
        if (category == "Cc" and character not in "\t\n\r") or category == "Cs":
            return Message(
                N_("contains the control character {code} at position {position}; remove it"),
                code=f"U+{ord(character):04X}",
                position=str(text.index(character) + 1),
            )
    return None


class Record(BaseModel):
    model_config = ConfigDict(str_strip_whitespace=True, extra="forbid")

    @field_validator("*", mode="after")
    @classmethod
    def _printable_text(cls, value: object) -> object:
        for text in value if isinstance(value, list) else [value]:
            problem = isinstance(text, str) and control_character_problem(text)
            if problem:
                raise ValueError(problem)
        return value


class Provenance(Record):
    """Where a record comes from: a document or URL, when it was last checked, its licence."""

    source: str = Field(min_length=1)
    verified_on: OptionalDate = None
    licence: str = Field(min_length=1)


class _TopicFields(Record):
    slug: Slug
    name: str = Field(min_length=1)
    description: Optional = None


class _ProjectFields(Provenance):
    slug: Slug
    name: str = Field(min_length=1)
    acronym: Optional = None
    programme: Optional = None
    start_year: OptionalInt = Field(default=None, ge=1990, le=2100)
    end_year: OptionalInt = Field(default=None, ge=1990, le=2100)
    website: Optional = None
    description: Optional = None

    _website = field_validator("website")(check_url)

    @field_validator("end_year")
    @classmethod
    def _ends_after_start(cls, end: int | None, info) -> int | None:
        start = info.data.get("start_year")
        if end is not None and start is not None and end < start:
            raise ValueError(
                Message(
                    N_("end year {end} is before start year {start}"),
                    end=str(end),
                    start=str(start),
                )
            )
        return end


class _CityFields(Provenance):
    slug: Slug
    name: str = Field(min_length=1)
    local_name: Optional = None
    alternate_names: NameList = Field(default_factory=list)
    country: str
    latitude: float = Field(ge=-90, le=90)
    longitude: float = Field(ge=-180, le=180)
    coord_source: str = Field(min_length=1)
    population: OptionalInt = Field(default=None, ge=0, le=STORE_INT_MAX)
    population_source: Optional = None
    description: Optional = None
    website: Optional = None

    _website = field_validator("website")(check_url)

    @field_validator("country", mode="before")
    @classmethod
    def _known_country(cls, value: str) -> str:
        code = str(value).strip().upper()
        if not is_country_code(code):
            raise ValueError(
                Message(N_("not an ISO 3166-1 alpha-2 country code: {value}"), value=repr(value))
            )
        return code


class Membership(Record):
    city: Slug
    project: Slug
    role: Role
    project_role: Optional = None
    source: str = Field(min_length=1)
    confidence: Confidence = "high"
    verified_on: OptionalDate = None


class _PracticeFields(Provenance):
    slug: Slug
    title: str = Field(min_length=1)
    summary: str = Field(min_length=1)
    topics: NameList = Field(min_length=1)
    city: Slug
    projects: NameList = Field(default_factory=list)
    year: OptionalInt = Field(default=None, ge=1990, le=2100)
    status: Status
    results: Optional = None
    cost: Optional = None
    duration: Optional = None
    team: Optional = None
    lessons: Optional = None
    transferability: Optional = None
    contact_organisation: Optional = None
    contact_url: Optional = None
    replicates: NameList = Field(default_factory=list)
    """Slugs of the practices this one replicates or adapts (see atlas.replication)."""

    _contact_url = field_validator("contact_url")(check_url)

    @field_validator("replicates")
    @classmethod
    def _replicates_other_practices(cls, slugs: list[str], info) -> list[str]:
        bad = [slug for slug in slugs if not SLUG_PATTERN.match(slug)]
        if bad:
            raise ValueError(
                Message(
                    N_("not a practice slug: {slugs}"),
                    slugs=", ".join(repr(slug) for slug in bad),
                )
            )
        problem = self_link_problem(info.data.get("slug", ""), slugs)
        if problem:
            raise ValueError(problem)
        return slugs


def _with_texts(base: type[Record], kind: str, name: str, original: bool = True) -> type[Record]:
    """`base` with the kind's texts in other languages (see atlas.multilingual) and, for
    curated kinds, the language the record was first written in."""
    fields: dict[str, object] = dict.fromkeys(translation_columns(kind), (Optional, None))
    if original:
        fields["original_language"] = (Language, ENGLISH)
    return create_model(name, __base__=base, __module__=__name__, **fields)


Topic = _with_texts(_TopicFields, "topic", "Topic", original=False)
Project = _with_texts(_ProjectFields, "project", "Project")
City = _with_texts(_CityFields, "city", "City")
Practice = _with_texts(_PracticeFields, "practice", "Practice")
