"""Data quality checks for staff: what needs fixing, record by record, in words.

Every check looks at all records staff can see (drafts and records in review included,
soft-deleted ones and those under a deleted city or project left out) and returns one
frame of REPORT_COLUMNS: the record's kind, its slug (a membership's is
city/project/role), its label, what is wrong, and the link to its editing page
(`/edit?kind=<kind>&record=<id>`). `quality_report` runs them all on one read of each table.

A source must be a URL or a document reference (SOURCE_RULE); whether each URL in a
source, website or contact link is well formed is the malformed-links check's business
(`atlas.models.url_problem`).
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from functools import reduce
from urllib.parse import urlencode

import pandas as pd
from sqlalchemy import Engine, text

from atlas.duplicates import find_likely_duplicates
from atlas.i18n import N_, Message
from atlas.models import url_problem
from atlas.multilingual import (
    LANGUAGES,
    OTHER_LANGUAGES,
    column,
    missing_languages,
)
from atlas.records import CITY, MEMBERSHIP, PRACTICE, PROJECT
from atlas.review import IN_REVIEW, PUBLISHED
from atlas.text import fold

EDIT_PAGE = "/edit"
REPORT_COLUMNS = ["kind", "record", "label", "problem", "edit"]

SOURCE_RULE = N_(
    "A source is a URL (http:// or https://, or a bare www. address, which the links "
    "check reports) or a document reference: at least two words naming a document, such "
    "as “PNEC web page ‘Witamy w projekcie MAYORS in ACTION’”. Blank sources, "
    "placeholders (“n/a”, “unknown”, “todo”, …) and single words are neither."
)
PLACEHOLDERS = frozenset(
    {"n a", "na", "none", "null", "nil", "unknown", "tbd", "tba", "todo", "to do", "source"}
    | {"see above", "various", "web", "internet", "website", "online", "missing", "x", "xx"}
)
"""Folded texts that stand in for a source without being one."""
_LONGEST_PLACEHOLDER = 24

_LINK_IN_TEXT = re.compile(r"[a-z][a-z0-9+.-]*://[^\s<>\"]+|(?<![\w/.])www\.[^\s<>\"]+", re.I)
_TRAILING = ".,;:!?)]}'\"”’»"
_LETTER = re.compile(r"[^\W\d_]")


@dataclass(frozen=True)
class StaffRecords:
    """The records the checks read: one frame per table, read once (`load_staff_records`)."""

    projects: pd.DataFrame
    cities: pd.DataFrame
    memberships: pd.DataFrame
    practices: pd.DataFrame
    submissions: pd.DataFrame
    """The latest "submit" change of each practice in review: record_id, actor, at."""


def _read(engine: Engine, sql: str, **params: object) -> pd.DataFrame:
    with engine.connect() as connection:
        return pd.read_sql(text(sql), connection, params=params)


def load_staff_records(engine: Engine) -> StaffRecords:
    """Read every record staff can see that is not soft-deleted (one query per table)."""
    projects = _read(
        engine,
        "SELECT id, slug, name AS label, source, website FROM projects "
        "WHERE deleted_at IS NULL ORDER BY slug",
    )
    cities = _read(
        engine,
        "SELECT id, slug, name, country, latitude, longitude, source, website FROM cities "
        "WHERE deleted_at IS NULL ORDER BY slug",
    )
    cities["label"] = cities["name"] + " (" + cities["country"] + ")"
    memberships = _read(
        engine,
        "SELECT m.id, c.slug || '/' || p.slug || '/' || m.role AS slug, "
        "c.name || ' in ' || p.name || ' (' || m.role || ')' AS label, m.source "
        "FROM memberships m JOIN cities c ON c.id = m.city_id "
        "JOIN projects p ON p.id = m.project_id "
        "WHERE m.deleted_at IS NULL AND c.deleted_at IS NULL AND p.deleted_at IS NULL "
        "ORDER BY c.slug, p.slug, m.role",
    )
    practices = _read(
        engine,
        "SELECT p.id, p.slug, p.title AS label, p.source, p.contact_url, p.review_state, "
        "p.title, p.summary, p.title_pl, p.summary_pl, p.title_bg, p.summary_bg, "
        "EXISTS (SELECT 1 FROM practice_topics t WHERE t.practice_id = p.id) AS has_topics "
        "FROM practices p JOIN cities c ON c.id = p.city_id "
        "WHERE p.deleted_at IS NULL AND c.deleted_at IS NULL ORDER BY p.slug",
    )
    practices["has_topics"] = practices["has_topics"].astype(bool)
    return StaffRecords(projects, cities, memberships, practices, latest_submissions(engine))


def latest_submissions(engine: Engine) -> pd.DataFrame:
    """For each practice now in review, its latest submission: record_id, actor, at."""
    submissions = _read(
        engine,
        "SELECT ch.id, ch.record_id, ch.actor, ch.at FROM changes ch "
        "WHERE ch.kind = :kind AND ch.action = 'submit' AND ch.record_id IN "
        "(SELECT id FROM practices WHERE review_state = :in_review AND deleted_at IS NULL)",
        kind=PRACTICE,
        in_review=IN_REVIEW,
    )
    submissions["at"] = pd.to_datetime(submissions["at"])
    return (
        submissions.sort_values(["at", "id"])
        .drop_duplicates("record_id", keep="last")
        .drop(columns="id")
        .reset_index(drop=True)
    )


def edit_link(kind: str, record_id: int) -> str:
    """The staff editing page's address for one record."""
    return f"{EDIT_PAGE}?{urlencode({'kind': kind, 'record': int(record_id)})}"


def _rows(kind: str, frame: pd.DataFrame, problems: list[str | None]) -> pd.DataFrame:
    """REPORT_COLUMNS for the rows of `frame` (id, slug, label) that have a problem."""
    found = frame.iloc[[index for index, problem in enumerate(problems) if problem is not None]]
    return pd.DataFrame(
        {
            "kind": kind,
            "record": found["slug"].tolist(),
            "label": found["label"].tolist(),
            "problem": _problems([problem for problem in problems if problem is not None]),
            "edit": [edit_link(kind, record_id) for record_id in found["id"].tolist()],
        },
        columns=REPORT_COLUMNS,
    )


def _problems(problems: list[str]) -> pd.Series:
    """A problem column that keeps each Message (pandas would make them plain strings),
    so that a page can say them in its language."""
    return pd.Series(problems, dtype=object)


def _usable_number(value: object) -> bool:
    return isinstance(value, (int, float)) and not math.isnan(value)


def coordinate_problem(latitude: object, longitude: object) -> str | None:
    """Why a city's point (WGS84 degrees) is missing or unusable, or None: no latitude or
    longitude (NULL, NaN), 0°, 0° (a placeholder in the Gulf of Guinea), out of range."""
    if not _usable_number(latitude) or not _usable_number(longitude):
        return Message(N_("no coordinates"))
    if latitude == 0 and longitude == 0:
        return Message(N_("placed at 0°, 0° (a placeholder, not a place)"))
    if not -90 <= latitude <= 90:
        return Message(N_("latitude {value} is outside −90…90"), value=f"{latitude:g}")
    if not -180 <= longitude <= 180:
        return Message(N_("longitude {value} is outside −180…180"), value=f"{longitude:g}")
    return None


def missing_coordinates(records: StaffRecords) -> pd.DataFrame:
    """Cities whose point is missing or unusable (see `coordinate_problem`)."""
    cities = records.cities
    problems = [
        coordinate_problem(lat, lon)
        for lat, lon in zip(cities["latitude"].tolist(), cities["longitude"].tolist(), strict=True)
    ]
    return _rows(CITY, cities, problems)


def _in_words(code: str | None) -> Message:
    if not code:
        return Message(N_("the open sea"))
    return Message(N_("{country} ({code})"), country=code, code=code)


def points_outside_country(records: StaffRecords) -> pd.DataFrame:
    """Cities whose point lies in another country than the one stated, or in the open sea
    (within geo.boundaries' coast tolerance counts as inside). Cities with unusable points,
    points outside geo.boundaries.LOOKUP_BOUNDS (Siberia, the Sahara) and cities of countries
    outside Europe's map are not checked. Raises geo.boundaries.BoundariesMissingError when
    the boundaries are not installed."""
    from geo.boundaries import LOOKUP_BOUNDS, countries_at, europe

    cities = records.cities
    covered = set(europe()["iso_a2"])
    west, south, east, north = LOOKUP_BOUNDS
    usable = [
        coordinate_problem(lat, lon) is None
        and country in covered
        and south <= lat <= north
        and west <= lon <= east
        for lat, lon, country in zip(
            cities["latitude"].tolist(),
            cities["longitude"].tolist(),
            cities["country"].tolist(),
            strict=True,
        )
    ]
    checked = cities[usable]
    found_in = countries_at(checked["latitude"].tolist(), checked["longitude"].tolist())
    problems = [
        None
        if found == stated
        else Message(
            N_("the point lies in {found}, not in {stated}"),
            found=_in_words(found),
            stated=_in_words(stated),
        )
        for found, stated in zip(found_in, checked["country"].tolist(), strict=True)
    ]
    return _rows(CITY, checked, problems)


def practices_without_topics(records: StaffRecords) -> pd.DataFrame:
    """Practices that have no topic (visitors filter and peers score by topic)."""
    practices = records.practices
    problems = [None if has else "no topics" for has in practices["has_topics"].tolist()]
    return _rows(PRACTICE, practices, problems)


LANGUAGE_FIELDS = ("title", "summary")
_LANGUAGE_GAPS = {
    ("pl", ("title",)): N_("no Polish title"),
    ("pl", ("summary",)): N_("no Polish summary"),
    ("pl", ("title", "summary")): N_("no Polish title or summary"),
    ("bg", ("title",)): N_("no Bulgarian title"),
    ("bg", ("summary",)): N_("no Bulgarian summary"),
    ("bg", ("title", "summary")): N_("no Bulgarian title or summary"),
}
"""The texts a practice lacks in one language, in words (the language's English name)."""
"""A practice is written in a language when these fields have a text in it."""


def language_gap(record: dict) -> str | None:
    """Which of the practice's title and summary have no Polish or Bulgarian text, in
    words ("no Polish title or summary; no Bulgarian summary"); None when none is missing."""
    gaps = []
    for language in OTHER_LANGUAGES:
        missing = [
            field for field in LANGUAGE_FIELDS if language in missing_languages(record, field)
        ]
        if missing:
            gaps.append(Message(_LANGUAGE_GAPS[(language, tuple(missing))]))
    if not gaps:
        return None
    return reduce(
        lambda first, second: Message(N_("{first}; {second}"), first=first, second=second), gaps
    )


def practices_missing_a_language(records: StaffRecords) -> pd.DataFrame:
    """Published practices without a Polish or a Bulgarian title or summary."""
    practices = records.practices[records.practices["review_state"] == PUBLISHED]
    texts = practices[[column(f, lang) for f in LANGUAGE_FIELDS for lang in LANGUAGES]]
    problems = [language_gap(record) for record in texts.to_dict("records")]
    return _rows(PRACTICE, practices, problems)


def links_in_text(value: str) -> list[str]:
    """The web addresses in a free text: anything with a scheme (`https://…`, `ftp://…`)
    and bare `www.` addresses, without trailing punctuation."""
    return [match.group().rstrip(_TRAILING) for match in _LINK_IN_TEXT.finditer(value)]


def source_problem(source: object) -> str | None:
    """Why `source` is neither a URL nor a document reference (SOURCE_RULE), or None."""
    if not isinstance(source, str) or not source.strip():
        return Message(N_("no source"))
    if links_in_text(source):
        return None
    if len(source) <= _LONGEST_PLACEHOLDER:
        folded = " ".join(re.sub(r"[^\w]+", " ", fold(source)).split())
        if folded in PLACEHOLDERS or not folded:
            return Message(N_("“{source}” is a placeholder, not a source"), source=source.strip())
    if sum(1 for word in source.split() if _LETTER.search(word)) < 2:
        return Message(
            N_("“{source}” is neither a URL nor a document reference"), source=source.strip()
        )
    return None


def _by_kind(records: StaffRecords) -> list[tuple[str, pd.DataFrame]]:
    return [
        (PROJECT, records.projects),
        (CITY, records.cities),
        (MEMBERSHIP, records.memberships),
        (PRACTICE, records.practices),
    ]


def unusable_sources(records: StaffRecords) -> pd.DataFrame:
    """Projects, cities, memberships and practices whose source is empty or is neither a
    URL nor a document reference (see `source_problem`)."""
    frames = []
    for kind, frame in _by_kind(records):
        sources = frame["source"].tolist()
        problem_of = {source: source_problem(source) for source in set(sources)}
        frames.append(_rows(kind, frame, [problem_of[source] for source in sources]))
    return pd.concat(frames, ignore_index=True)


def likely_duplicate_cities(records: StaffRecords) -> pd.DataFrame:
    """Pairs of cities with alike names close together in the same country
    (`atlas.duplicates.find_likely_duplicates`, keyed on slugs), closest first; each row
    names the first city and adds the other (`other`, `other_edit`), `distance_km` and
    `similarity`."""
    cities = records.cities
    pairs = find_likely_duplicates(cities.rename(columns={"slug": "key"}))
    ids = dict(zip(cities["slug"].tolist(), cities["id"].tolist(), strict=True))
    labels = dict(zip(cities["slug"].tolist(), cities["label"].tolist(), strict=True))
    return pd.DataFrame(
        {
            "kind": CITY,
            "record": pairs["key_a"].tolist(),
            "label": [labels[slug] for slug in pairs["key_a"].tolist()],
            "problem": _problems(
                [
                    Message(
                        N_("reads like {name} ({slug}), {km} km away"),
                        name=name,
                        slug=slug,
                        km=f"{km:.1f}",
                    )
                    for name, slug, km in zip(
                        pairs["name_b"], pairs["key_b"], pairs["distance_km"], strict=True
                    )
                ]
            ),
            "edit": [edit_link(CITY, ids[slug]) for slug in pairs["key_a"].tolist()],
            "other": pairs["key_b"].tolist(),
            "other_edit": [edit_link(CITY, ids[slug]) for slug in pairs["key_b"].tolist()],
            "distance_km": pairs["distance_km"].tolist(),
            "similarity": pairs["similarity"].tolist(),
        },
        columns=[*REPORT_COLUMNS, "other", "other_edit", "distance_km", "similarity"],
    )


def waiting_for_review(records: StaffRecords) -> pd.DataFrame:
    """Practices in review, oldest submission first, with who submitted them and when
    (`submitted_by`, `submitted_at`: the latest "submit" in the history). Practices with
    no recorded submission (put in review by an import) come first: they waited longest."""
    practices = records.practices[records.practices["review_state"] == IN_REVIEW]
    submitted = records.submissions.rename(columns={"actor": "submitted_by", "at": "submitted_at"})
    waiting = practices.merge(submitted, how="left", left_on="id", right_on="record_id")
    waiting = waiting.sort_values(["submitted_at", "slug"], na_position="first", kind="stable")
    problems = [
        Message(
            N_("submitted by {who} on {when}, waiting for an admin"),
            who=who,
            when=f"{when:%Y-%m-%d %H:%M}",
        )
        if isinstance(who, str)
        else Message(N_("in review, no submission recorded"))
        for who, when in zip(waiting["submitted_by"], waiting["submitted_at"], strict=True)
    ]
    return _rows(PRACTICE, waiting, problems).assign(
        submitted_by=waiting["submitted_by"].tolist(),
        submitted_at=pd.to_datetime(waiting["submitted_at"]).tolist(),
    )


def _bad_links(value: str, from_text: bool) -> list[tuple[str, str]]:
    """(link, problem) for each malformed link in `value` (the whole value, or the web
    addresses in it when it is free text)."""
    links = links_in_text(value) if from_text else [value]
    return [(link, problem) for link in links if (problem := url_problem(link))]


def _link_rows(kind: str, frame: pd.DataFrame, field: str, from_text: bool) -> list[dict]:
    values = frame[field].tolist()
    bad_in = {
        value: _bad_links(value, from_text) for value in set(values) if isinstance(value, str)
    }
    found = []
    for record_id, slug, label, value in zip(
        frame["id"].tolist(), frame["slug"].tolist(), frame["label"].tolist(), values, strict=True
    ):
        for link, problem in bad_in.get(value, []) if isinstance(value, str) else []:
            found.append(
                {
                    "kind": kind,
                    "record": slug,
                    "label": label,
                    "problem": Message(N_("{field}: {problem}"), field=field, problem=problem),
                    "edit": edit_link(kind, record_id),
                    "field": field,
                    "link": link,
                }
            )
    return found


def malformed_links(records: StaffRecords) -> pd.DataFrame:
    """Websites, contact links and web addresses inside sources that are not well-formed
    http(s) links (`atlas.models.url_problem`: spaces, no http(s)://, another scheme, no
    host, …); each row names the `field` and the `link`."""
    found = [
        *_link_rows(PROJECT, records.projects, "website", from_text=False),
        *_link_rows(CITY, records.cities, "website", from_text=False),
        *_link_rows(PRACTICE, records.practices, "contact_url", from_text=False),
    ]
    for kind, frame in _by_kind(records):
        found += _link_rows(kind, frame, "source", from_text=True)
    links = pd.DataFrame(found, columns=[*REPORT_COLUMNS, "field", "link"])
    return links.assign(problem=_problems([row["problem"] for row in found]))


@dataclass(frozen=True)
class Check:
    """One check's findings: `rows` (REPORT_COLUMNS first), and a `note` when the check
    could not run."""

    name: str
    title: str
    rule: str
    rows: pd.DataFrame
    note: str | None = None

    @property
    def count(self) -> int:
        return len(self.rows)


@dataclass(frozen=True)
class QualityReport:
    checks: tuple[Check, ...]

    def counts(self) -> dict[str, int]:
        """{check name: number of findings}."""
        return {check.name: check.count for check in self.checks}

    def check(self, name: str) -> Check:
        return next(check for check in self.checks if check.name == name)


BOUNDARIES_MISSING = N_("Not checked: the country boundaries are not installed (run `make setup`).")


def _country_check(records: StaffRecords) -> Check:
    from geo.boundaries import BoundariesMissingError

    title = N_("Cities outside their country")
    rule = N_("The city's point lies in another country than the one stated, or at sea.")
    try:
        return Check("country", title, rule, points_outside_country(records))
    except BoundariesMissingError:
        empty = pd.DataFrame(columns=REPORT_COLUMNS)
        return Check("country", title, rule, empty, note=BOUNDARIES_MISSING)


def quality_report(engine: Engine) -> QualityReport:
    """Every check over one read of the store."""
    records = load_staff_records(engine)
    return QualityReport(
        (
            Check(
                "coordinates",
                N_("Cities missing coordinates"),
                N_("No latitude or longitude, 0°, 0°, or a value out of range."),
                missing_coordinates(records),
            ),
            _country_check(records),
            Check(
                "topics",
                N_("Practices without topics"),
                N_("A practice needs at least one topic to be found by topic."),
                practices_without_topics(records),
            ),
            Check(
                "sources", N_("Missing or unusable sources"), SOURCE_RULE, unusable_sources(records)
            ),
            Check(
                "duplicates",
                N_("Likely duplicate cities"),
                N_(
                    "Names that read alike (case, accents and script ignored) within 10 km in "
                    "the same country."
                ),
                likely_duplicate_cities(records),
            ),
            Check(
                "review",
                N_("Practices waiting for review"),
                N_(
                    "Submitted practices an admin has not yet published or sent back, oldest first."
                ),
                waiting_for_review(records),
            ),
            Check(
                "languages",
                N_("Published practices missing a language"),
                N_(
                    "A published practice needs a title and a summary in Polish and in "
                    "Bulgarian; until it has them, visitors reading those languages see "
                    "another language."
                ),
                practices_missing_a_language(records),
            ),
            Check(
                "links",
                N_("Malformed links"),
                N_(
                    "Websites, contact links and addresses in sources must be http(s) links "
                    "with a host name and no spaces."
                ),
                malformed_links(records),
            ),
        )
    )
