"""Data quality checks: one test per rule, on small real stores."""

from datetime import datetime

import pytest
from sqlalchemy import Engine, text

import geo.boundaries
from atlas import quality
from atlas.accounts import User
from atlas.editing import create_record, delete_record, move_practice
from atlas.quality import (
    BOUNDARIES_MISSING,
    REPORT_COLUMNS,
    coordinate_problem,
    likely_duplicate_cities,
    links_in_text,
    load_staff_records,
    malformed_links,
    missing_coordinates,
    points_outside_country,
    practices_missing_a_language,
    practices_without_topics,
    quality_report,
    source_problem,
    unusable_sources,
    waiting_for_review,
)
from atlas.seed import Seed
from tests import factories

EWA = User(name="ewa", role="editor", disabled=False)
JAN = User(name="jan", role="editor", disabled=False)


def _store(*statements: str, **extra: list) -> Engine:
    """The small seed plus `extra` records, then raw SQL that plants problems no form
    would accept (as old or bulk-loaded data may hold)."""
    seed = factories.small_seed()
    engine = factories.build_store(
        Seed(
            topics=seed.topics,
            projects=seed.projects + extra.get("projects", []),
            cities=seed.cities + extra.get("cities", []),
            memberships=seed.memberships + extra.get("memberships", []),
            practices=seed.practices + extra.get("practices", []),
        )
    )
    with engine.begin() as connection:
        for statement in statements:
            connection.execute(text(statement))
    return engine


def _id(engine: Engine, table: str, slug: str) -> int:
    with engine.connect() as connection:
        return connection.scalar(text(f"SELECT id FROM {table} WHERE slug = :s"), {"s": slug})


@pytest.mark.parametrize(
    ("latitude", "longitude", "problem"),
    [
        (49.3088, 14.1475, None),
        (-33.9, 151.2, None),
        (None, 14.1, "no coordinates"),
        (49.3, float("nan"), "no coordinates"),
        (0.0, 0.0, "placed at 0°, 0° (a placeholder, not a place)"),
        (0.0, 14.1, None),
        (95.0, 14.1, "latitude 95 is outside −90…90"),
        (49.3, -181.5, "longitude -181.5 is outside −180…180"),
    ],
)
def test_coordinate_problem(latitude: object, longitude: object, problem: str | None) -> None:
    assert coordinate_problem(latitude, longitude) == problem


def test_cities_at_zero_zero_or_out_of_range_are_missing_coordinates() -> None:
    engine = _store(
        "UPDATE cities SET latitude = 0, longitude = 0 WHERE slug = 'pisek'",
        "UPDATE cities SET latitude = 123.4 WHERE slug = 'krakow'",
    )
    found = missing_coordinates(load_staff_records(engine))
    assert list(found.columns) == REPORT_COLUMNS
    assert found[["record", "problem"]].values.tolist() == [
        ["krakow", "latitude 123.4 is outside −90…90"],
        ["pisek", "placed at 0°, 0° (a placeholder, not a place)"],
    ]
    assert found["label"].tolist() == ["Kraków (PL)", "Písek (CZ)"]
    assert found["edit"].tolist()[1] == f"/edit?kind=city&record={_id(engine, 'cities', 'pisek')}"


def test_a_point_in_another_country_than_stated_is_reported() -> None:
    munich = factories.city("munchen", "München", "CZ", 48.137, 11.575)
    at_sea = factories.city("far-out", "Far Out", "NO", 66.0, 0.0)
    siberia = factories.city("noyabrsk", "Noyabrsk", "RU", 63.2, 75.45)  # beyond the lookup
    engine = _store(cities=[munich, at_sea, siberia])
    found = points_outside_country(load_staff_records(engine))
    assert found[["record", "problem"]].values.tolist() == [
        ["far-out", "the point lies in the open sea, not in Norway (NO)"],
        ["munchen", "the point lies in Germany (DE), not in Czechia (CZ)"],
    ]


def test_the_country_check_says_so_when_the_boundaries_are_not_installed(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def missing(resolution: str = "50m") -> None:
        raise geo.boundaries.BoundariesMissingError("countries-50m.json not found")

    monkeypatch.setattr(geo.boundaries, "europe", missing)
    check = quality_report(_store()).check("country")
    assert check.count == 0
    assert check.note == BOUNDARIES_MISSING


def test_a_practice_without_topics_is_reported() -> None:
    engine = _store(
        "DELETE FROM practice_topics WHERE practice_id = "
        "(SELECT id FROM practices WHERE slug = 'energy-positive-school')"
    )
    found = practices_without_topics(load_staff_records(engine))
    assert found[["kind", "record", "problem"]].values.tolist() == [
        ["practice", "energy-positive-school", "no topics"]
    ]


@pytest.mark.parametrize(
    ("source", "problem"),
    [
        ("https://cityxchange.eu/the-legacy-of-cityxchange/", None),
        ("PNEC web page 'Witamy w projekcie MAYORS in ACTION'", None),
        (
            "JRC GCoM MyCovenant signatories, 5th release (January 2024), organisation_id 11939",
            None,
        ),
        ("test fixture", None),
        ("www.pnec.org.pl/news", None),  # a web address: the links check reports it
        ("see ftp://example.org/report.pdf", None),
        (None, "no source"),
        ("", "no source"),
        ("   ", "no source"),
        ("n/a", "“n/a” is a placeholder, not a source"),
        ("Unknown.", "“Unknown.” is a placeholder, not a source"),
        ("TODO", "“TODO” is a placeholder, not a source"),
        ("-", "“-” is a placeholder, not a source"),
        ("Wikipedia", "“Wikipedia” is neither a URL nor a document reference"),
        ("cityxchange.eu", "“cityxchange.eu” is neither a URL nor a document reference"),
        ("2023", "“2023” is neither a URL nor a document reference"),
    ],
)
def test_source_problem(source: str | None, problem: str | None) -> None:
    assert source_problem(source) == problem


def test_records_of_every_kind_with_no_usable_source_are_reported() -> None:
    engine = _store(
        "UPDATE projects SET source = '' WHERE slug = 'multiply'",
        "UPDATE cities SET source = 'n/a' WHERE slug = 'trondheim'",
        "UPDATE memberships SET source = '  ' WHERE role = 'partner'",
        "UPDATE practices SET source = 'Wikipedia' WHERE slug = 'energy-positive-school'",
    )
    found = unusable_sources(load_staff_records(engine))
    assert found[["kind", "record", "problem"]].values.tolist() == [
        ["project", "multiply", "no source"],
        ["city", "trondheim", "“n/a” is a placeholder, not a source"],
        ["membership", "krakow/multiply/partner", "no source"],
        [
            "practice",
            "energy-positive-school",
            "“Wikipedia” is neither a URL nor a document reference",
        ],
    ]
    assert found["label"].tolist()[2] == "Kraków in MULTIPLY (partner)"


@pytest.mark.parametrize(
    ("value", "links"),
    [
        ("PNEC web page 'Witamy'", []),
        ("https://a.eu/x", ["https://a.eu/x"]),
        ("Smolyan news (https://smolyan.bg/n/1).", ["https://smolyan.bg/n/1"]),
        ("see www.a.eu/p, and ftp://b.eu/f;", ["www.a.eu/p", "ftp://b.eu/f"]),
        ("'https://a.eu/x'; https://b.eu", ["https://a.eu/x", "https://b.eu"]),
        ("https://a.eu/www.b.eu", ["https://a.eu/www.b.eu"]),
    ],
)
def test_links_in_text(value: str, links: list[str]) -> None:
    assert links_in_text(value) == links


def test_malformed_websites_contact_links_and_addresses_in_sources_are_reported() -> None:
    engine = _store(
        "UPDATE projects SET website = 'cityxchange.eu' WHERE slug = 'cityxchange'",
        "UPDATE cities SET website = 'https://www.pisek .cz' WHERE slug = 'pisek'",
        "UPDATE cities SET website = 'https://www.krakow.pl/' WHERE slug = 'krakow'",
        "UPDATE practices SET contact_url = 'mailto:info@smolyan.bg' "
        "WHERE slug = 'next-generation-smart-citizen'",
        "UPDATE memberships SET source = 'Smolyan news, https://smolyan' WHERE role = 'partner'",
    )
    found = malformed_links(load_staff_records(engine))
    assert found[["kind", "record", "field", "link", "problem"]].values.tolist() == [
        [
            "project",
            "cityxchange",
            "website",
            "cityxchange.eu",
            "website: does not start with http:// or https://",
        ],
        ["city", "pisek", "website", "https://www.pisek .cz", "website: contains a space"],
        [
            "practice",
            "next-generation-smart-citizen",
            "contact_url",
            "mailto:info@smolyan.bg",
            "contact_url: not a web link (mailto:), only http:// or https://",
        ],
        [
            "membership",
            "krakow/multiply/partner",
            "source",
            "https://smolyan",
            "source: host “smolyan” has no domain (no dot)",
        ],
    ]


def test_cities_with_alike_names_close_together_are_likely_duplicates() -> None:
    twin = factories.city("pisek-town", "Pisek", "CZ", 49.31, 14.16)
    namesake = factories.city("pisek-sk", "Písek", "SK", 49.31, 14.16)  # another country
    engine = _store(cities=[twin, namesake])
    found = likely_duplicate_cities(load_staff_records(engine))
    assert found[["record", "other", "distance_km"]].values.tolist() == [
        ["pisek", "pisek-town", 0.92]
    ]
    assert found["problem"].tolist() == ["reads like Pisek (pisek-town), 0.9 km away"]
    assert found["other_edit"].tolist() == [
        f"/edit?kind=city&record={_id(engine, 'cities', 'pisek-town')}"
    ]


def test_published_practices_missing_a_polish_or_bulgarian_text_are_reported() -> None:
    full = {
        "title_pl": "Szkoła",
        "summary_pl": "Szkoła energetycznie pozytywna.",
        "title_bg": "Училище",
        "summary_bg": "Енергийно позитивно училище.",
    }
    engine = _store(
        practices=[
            factories.practice("complete", **full),
            factories.practice("no-bulgarian-summary", **{**full, "summary_bg": " "}),
        ]
    )
    _draft(engine, "draft-without-texts", datetime(2026, 3, 1, 9, 0))
    found = practices_missing_a_language(load_staff_records(engine))
    assert found[["record", "problem"]].values.tolist() == [
        ["energy-positive-school", "no Polish title or summary; no Bulgarian title or summary"],
        [
            "next-generation-smart-citizen",
            "no Polish title or summary; no Bulgarian title or summary",
        ],
        ["no-bulgarian-summary", "no Bulgarian summary"],
    ]


def _draft(engine: Engine, slug: str, created: datetime) -> int:
    values = factories.practice(slug, title=slug.replace("-", " ").title()).model_dump()
    return create_record(engine, EWA, "practice", values, created).record_id


def test_practices_in_review_are_listed_oldest_submission_first_with_who_submitted() -> None:
    engine = _store()
    late = _draft(engine, "late-practice", datetime(2026, 3, 1, 9, 0))
    early = _draft(engine, "early-practice", datetime(2026, 3, 1, 9, 5))
    _draft(engine, "draft-practice", datetime(2026, 3, 1, 9, 10))
    move_practice(engine, EWA, early, 1, "submit", datetime(2026, 3, 2, 10, 0))
    move_practice(engine, JAN, late, 1, "submit", datetime(2026, 3, 5, 16, 30))
    with engine.begin() as connection:  # put in review by an import: no submission recorded
        connection.execute(
            text("UPDATE practices SET review_state = 'in_review' WHERE id = :id"),
            {"id": _id(engine, "practices", "energy-positive-school")},
        )
    found = waiting_for_review(load_staff_records(engine))
    assert found["record"].tolist() == ["energy-positive-school", "early-practice", "late-practice"]
    assert found["submitted_by"].tolist()[1:] == ["ewa", "jan"]
    assert found["problem"].tolist() == [
        "in review, no submission recorded",
        "submitted by ewa on 2026-03-02 10:00, waiting for an admin",
        "submitted by jan on 2026-03-05 16:30, waiting for an admin",
    ]
    assert found["edit"].tolist()[1] == f"/edit?kind=practice&record={early}"


def test_soft_deleted_records_and_those_of_deleted_cities_are_not_reported() -> None:
    engine = _store(
        "UPDATE cities SET latitude = 0, longitude = 0 WHERE slug = 'pisek'",
        "DELETE FROM practice_topics",
    )
    pisek = _id(engine, "cities", "pisek")
    delete_record(engine, EWA, "city", pisek, 1, datetime(2026, 3, 1))
    report = quality_report(engine)
    assert report.check("coordinates").count == 0
    assert report.check("topics").rows["record"].tolist() == ["next-generation-smart-citizen"]


def test_the_report_counts_each_check() -> None:
    engine = _store(
        "UPDATE cities SET latitude = 0, longitude = 0 WHERE slug = 'pisek'",
        "UPDATE projects SET source = '', website = 'www.multiply.eu' WHERE slug = 'multiply'",
    )
    report = quality_report(engine)
    assert report.counts() == {
        "coordinates": 1,
        "country": 0,
        "topics": 0,
        "sources": 1,
        "duplicates": 0,
        "review": 0,
        "languages": 2,
        "links": 1,
    }
    assert all(check.title and check.rule and check.note is None for check in report.checks)
    assert report.check("sources").rule == quality.SOURCE_RULE
