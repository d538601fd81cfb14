import csv
import io
import sqlite3
from datetime import datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select

from atlas import history, review
from atlas.accounts import ADMIN, EDITOR, User
from atlas.bulk_import import (
    GEOCODED_SOURCE,
    ImportRejectedError,
    ImportStaleError,
    commit_import,
    preview_import,
    read_import,
)
from atlas.editing import NotAllowedError, delete_record, update_record
from atlas.records import CITY
from atlas.store import revision, session_scope
from atlas.tables import ChangeRow, CityRow, MembershipRow, PracticeRow
from tests.factories import build_store

NOW = datetime(2026, 3, 1, 12, 0)
EDITOR_EWA = User("ewa", EDITOR, disabled=False)
ADMIN_JAN = User("jan", ADMIN, disabled=False)
CITY_COLUMNS = [
    "slug",
    "name",
    "country",
    "latitude",
    "longitude",
    "coord_source",
    "source",
    "licence",
]
PROVENANCE = {"coord_source": "manual", "source": "test import", "licence": "CC BY 4.0"}
STORED = {"coord_source": "geonames:3068293", "source": "test fixture"}  # as tests.factories


def city_row(
    slug: str, name: str, country: str, latitude: object, longitude: object, **more
) -> dict:
    return {
        "slug": slug,
        "name": name,
        "country": country,
        "latitude": latitude,
        "longitude": longitude,
        **PROVENANCE,
        **more,
    }


def csv_bytes(rows: list[dict], delimiter: str = ",", encoding: str = "utf-8") -> bytes:
    columns = list(dict.fromkeys(name for row in rows for name in row))
    buffer = io.StringIO(newline="")
    writer = csv.DictWriter(buffer, fieldnames=columns, delimiter=delimiter, lineterminator="\r\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue().encode(encoding)


def preview(engine: Engine, rows: list[dict], kind: str | None = None, **options):
    return preview_import(engine, read_import(csv_bytes(rows, **options), "import.csv"), kind)


def test_new_changed_and_unchanged_records_are_told_apart(engine: Engine) -> None:
    report = preview(
        engine,
        [
            city_row("tabor", "Tábor", "CZ", 49.4144, 14.6578),
            city_row("krakow", "Kraków", "PL", 50.06143, 19.93658, population=800000),
            city_row(
                "trondheim",
                "Trondheim",
                "NO",
                63.43049,
                10.39506,
                coord_source="geonames:3068293",
                source="test fixture",
            ),
        ],
        kind=CITY,
    )
    assert report.ok
    assert [d.key for d in report.new] == ["tabor"]
    assert [d.key for d in report.changed] == ["krakow"]
    assert report.changed[0].fields["population"] == [None, 800000]
    assert [d.key for d in report.unchanged] == ["trondheim"]


def test_preview_writes_nothing(engine: Engine) -> None:
    before = revision(engine)
    preview(engine, [city_row("tabor", "Tábor", "CZ", 49.4144, 14.6578)])
    with session_scope(engine) as session:
        assert session.scalars(select(CityRow).where(CityRow.slug == "tabor")).first() is None
    assert revision(engine) == before


def test_each_rejected_row_is_reported_with_its_row_number_and_field(engine: Engine) -> None:
    report = preview(
        engine,
        [
            city_row("tabor", "Tábor", "CZ", 49.4144, 14.6578),
            city_row("bad-country", "X", "XX", 1, 2),
            city_row("far-north", "Y", "NO", 95, 2),
        ],
    )
    assert not report.ok
    assert [(e.row, e.field) for e in report.errors] == [(3, "country"), (4, "latitude")]
    assert "  row 3: country: not an ISO 3166-1 alpha-2 country code: 'XX'" in report.lines()


def test_decimal_commas_and_spaced_thousands_reach_the_record(engine: Engine) -> None:
    rows = [city_row("tabor", "Tábor", "CZ", "49,4144", "14,6578", population="34 000")]
    report = commit_import(engine, EDITOR_EWA, preview(engine, rows, delimiter=";"), NOW)
    assert report.committed
    with session_scope(engine) as session:
        tabor = session.scalars(select(CityRow).where(CityRow.slug == "tabor")).one()
        assert (tabor.latitude, tabor.longitude, tabor.population) == (49.4144, 14.6578, 34000)


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "windows-1250", "iso-8859-2"])
def test_polish_names_are_imported_from_every_encoding(engine: Engine, encoding: str) -> None:
    rows = [
        city_row("lodz", "Łódź", "PL", 51.77, 19.46),
        city_row("zory", "Żory", "PL", 50.05, 18.7),
    ]
    report = commit_import(
        engine, EDITOR_EWA, preview(engine, rows, delimiter=";", encoding=encoding), NOW
    )
    assert [d.label for d in report.new] == ["Łódź (PL)", "Żory (PL)"]


def _file_store(tmp_path: Path) -> tuple[Engine, Path]:
    path = tmp_path / "atlas.db"
    engine = build_store(url=f"sqlite:///{path}")
    engine.dispose()  # the last connection's close folds the write-ahead log into the file
    return engine, path


def _dump(path: Path) -> list[str]:
    with sqlite3.connect(path) as connection:
        return list(connection.iterdump())


@pytest.mark.sqlite_only(reason="compares the bytes of the SQLite file")
def test_a_file_with_one_bad_row_leaves_the_sqlite_file_byte_for_byte_unchanged(
    tmp_path: Path,
) -> None:
    engine, path = _file_store(tmp_path)
    rows = [city_row(f"town-{i}", f"Town {i}", "CZ", 49 + i / 100, 14.5) for i in range(50)]
    rows.insert(25, city_row("bad", "Bad", "CZ", "north", 14.5))
    table = read_import(csv_bytes(rows), "import.csv")
    before_bytes, before_dump = path.read_bytes(), _dump(path)

    with pytest.raises(ImportRejectedError) as rejected:
        commit_import(engine, EDITOR_EWA, preview_import(engine, table), NOW)
    engine.dispose()

    assert [(e.row, e.field) for e in rejected.value.report.errors] == [(27, "latitude")]
    assert path.read_bytes() == before_bytes
    assert _dump(path) == before_dump


def test_the_byte_comparison_does_see_a_committed_import(tmp_path: Path) -> None:
    engine, path = _file_store(tmp_path)
    before = path.read_bytes()
    table = read_import(csv_bytes([city_row("tabor", "Tábor", "CZ", 49.4, 14.6)]), "a.csv")
    commit_import(engine, EDITOR_EWA, preview_import(engine, table), NOW)
    engine.dispose()
    assert path.read_bytes() != before


def test_commit_writes_history_rows_under_the_importer_and_raises_versions(engine: Engine) -> None:
    rows = [
        city_row("tabor", "Tábor", "CZ", 49.4144, 14.6578),
        city_row("krakow", "Kraków", "PL", 50.06143, 19.93658, population=800000, **STORED),
    ]
    before = revision(engine)
    commit_import(engine, EDITOR_EWA, preview(engine, rows), NOW)
    assert revision(engine) == before + 1
    with session_scope(engine) as session:
        krakow = session.scalars(select(CityRow).where(CityRow.slug == "krakow")).one()
        assert (krakow.version, krakow.population) == (2, 800000)
        changes = session.scalars(select(ChangeRow).order_by(ChangeRow.id)).all()
    imported = [(c.actor, c.label, c.action, c.version) for c in changes]
    assert imported == [
        ("atlas", "Kraków (PL)", history.IMPORT, 1),  # the state before its first change
        ("ewa", "Tábor (CZ)", history.IMPORT, 1),
        ("ewa", "Kraków (PL)", history.IMPORT, 2),
    ]
    assert changes[2].fields == {"population": [None, 800000]}
    assert changes[1].state["slug"] == "tabor"
    assert changes[1].state["deleted"] is False


def test_reimporting_the_same_file_reports_everything_unchanged_and_writes_nothing(
    engine: Engine,
) -> None:
    rows = [
        {
            "kind": "city",
            **city_row(
                "tabor", "Tábor", "CZ", "49,4144", "14,6578", alternate_names="Tabor;Tábor CZ"
            ),
        },
        {
            "kind": "membership",
            "city": "tabor",
            "project": "multiply",
            "role": "follower",
            "source": "s",
        },
        {
            "kind": "practice",
            "slug": "tabor-solar",
            "title": "Solar",
            "summary": "Roofs.",
            "topics": "mobility;energy",
            "city": "tabor",
            "projects": "multiply;cityxchange",
            "status": "ongoing",
            "source": "s",
            "licence": "CC BY 4.0",
        },
    ]
    commit_import(engine, EDITOR_EWA, preview(engine, rows), NOW)
    again = preview(engine, rows)
    assert (len(again.new), len(again.changed), len(again.unchanged)) == (0, 0, 3)
    before = revision(engine)
    commit_import(engine, EDITOR_EWA, again, NOW)
    assert revision(engine) == before


def test_pisek_2_km_from_stored_pisek_is_flagged_as_a_likely_duplicate(engine: Engine) -> None:
    report = preview(engine, [city_row("pisek-town", "Pisek", "CZ", 49.3268, 14.1475)])
    assert report.ok  # a flag, not an error
    [pair] = report.duplicates
    assert (pair.row, pair.name, pair.other, pair.other_name) == (2, "Pisek", "pisek", "Písek")
    assert pair.distance_km == pytest.approx(2.0, abs=0.05)


def test_alike_new_cities_in_one_file_are_flagged(engine: Engine) -> None:
    report = preview(
        engine,
        [
            city_row("zory", "Żory", "PL", 50.045, 18.7),
            city_row("zory-2", "Zory", "PL", 50.05, 18.7),
        ],
    )
    assert [(d.row, d.other) for d in report.duplicates] == [(2, "row 3")]


def test_a_new_city_without_coordinates_is_placed_by_the_gazetteer_and_marked_for_review(
    engine: Engine,
) -> None:
    report = preview(engine, [city_row("gdansk", "Gdańsk", "PL", "", "", coord_source="")])
    [placed] = report.geocoded
    assert (placed.row, placed.place) == (2, "Gdańsk")
    commit_import(engine, EDITOR_EWA, report, NOW)
    with session_scope(engine) as session:
        gdansk = session.scalars(select(CityRow).where(CityRow.slug == "gdansk")).one()
    assert gdansk.coord_source == GEOCODED_SOURCE.format(placed.reference)
    assert gdansk.coord_source.endswith("to review")
    assert (gdansk.latitude, gdansk.longitude) == pytest.approx((54.35, 18.65), abs=0.05)


def test_a_city_the_gazetteer_cannot_place_is_rejected(engine: Engine) -> None:
    report = preview(engine, [city_row("nowhere", "Qxzyvwq Vvvq", "PL", "", "")])
    assert [(e.row, e.field) for e in report.errors] == [(2, "latitude")]
    assert "gazetteer cannot place" in report.errors[0].message


def test_a_stored_city_keeps_its_point_when_the_row_gives_none(engine: Engine) -> None:
    report = preview(
        engine, [city_row("pisek", "Písek", "CZ", "", "", source="test fixture", population=30000)]
    )
    assert report.geocoded == []
    assert report.changed[0].fields == {"population": [None, 30000]}


def test_absent_columns_keep_the_stored_values(engine: Engine) -> None:
    report = preview(engine, [{"slug": "smolyan", "population": "31000"}], kind=CITY)
    assert report.changed[0].fields == {"population": [30689, 31000]}


def test_references_may_point_at_rows_of_the_same_file(engine: Engine) -> None:
    rows = [
        {
            "kind": "membership",
            "city": "tabor",
            "project": "cityxchange",
            "role": "follower",
            "source": "s",
        },
        {"kind": "city", **city_row("tabor", "Tábor", "CZ", 49.4144, 14.6578)},
    ]
    report = commit_import(engine, EDITOR_EWA, preview(engine, rows), NOW)
    assert [d.label for d in report.new] == ["Tábor (CZ)", "Tábor in +CityxChange (follower)"]
    with session_scope(engine) as session:
        assert session.scalars(
            select(MembershipRow).join(CityRow).where(CityRow.slug == "tabor")
        ).one()


@pytest.mark.parametrize(
    ("row", "field", "message"),
    [
        (
            {"city": "atlantis", "project": "cityxchange", "role": "follower", "source": "s"},
            "city",
            "no city 'atlantis'",
        ),
        (
            {"city": "pisek", "project": "nope", "role": "follower", "source": "s"},
            "project",
            "no project 'nope'",
        ),
        (
            {"city": "pisek", "project": "multiply", "role": "mayor", "source": "s"},
            "role",
            "role must be one of",
        ),
    ],
)
def test_unknown_references_and_values_are_rejected(
    engine: Engine, row: dict, field: str, message: str
) -> None:
    report = preview(engine, [row], kind="membership")
    assert [(e.row, e.field) for e in report.errors] == [(2, field)]
    assert message in report.errors[0].message


def test_new_practices_start_as_drafts(engine: Engine) -> None:
    row = {
        "slug": "p1",
        "title": "T",
        "summary": "S",
        "topics": "energy",
        "city": "krakow",
        "status": "planned",
        "source": "s",
        "licence": "CC BY 4.0",
    }
    commit_import(engine, ADMIN_JAN, preview(engine, [row], kind="practice"), NOW)
    with session_scope(engine) as session:
        practice = session.scalars(select(PracticeRow).where(PracticeRow.slug == "p1")).one()
        assert practice.review_state == review.DRAFT
        assert [t.slug for t in practice.topics] == ["energy"]


def test_an_editors_import_sends_a_changed_published_practice_back_to_draft(engine: Engine) -> None:
    row = {"slug": "energy-positive-school", "title": "Energy-positive school, renamed"}
    report = commit_import(engine, EDITOR_EWA, preview(engine, [row], kind="practice"), NOW)
    assert report.changed[0].fields == {
        "title": ["Energy-positive school", "Energy-positive school, renamed"]
    }
    with session_scope(engine) as session:
        practice = session.scalars(select(PracticeRow).where(PracticeRow.slug == row["slug"])).one()
        assert (practice.review_state, practice.version) == (review.DRAFT, 2)
        assert [t.slug for t in practice.topics] == ["energy"]


def test_a_row_changing_a_deleted_record_is_rejected(engine: Engine) -> None:
    with session_scope(engine) as session:
        trondheim = session.scalars(select(CityRow).where(CityRow.slug == "trondheim")).one()
    delete_record(engine, ADMIN_JAN, CITY, trondheim.id, trondheim.version, NOW)
    report = preview(engine, [{"slug": "trondheim", "population": "212000"}], kind=CITY)
    assert [(e.row, e.message) for e in report.errors] == [
        (2, "trondheim is deleted: restore it first")
    ]


def test_a_deleted_city_named_unchanged_in_the_file_takes_no_new_records(engine: Engine) -> None:
    with session_scope(engine) as session:
        trondheim = session.scalars(select(CityRow).where(CityRow.slug == "trondheim")).one()
    delete_record(engine, ADMIN_JAN, CITY, trondheim.id, trondheim.version, NOW)
    report = preview(
        engine,
        [
            {"kind": "city", "slug": "trondheim", "source": "test fixture"},
            {
                "kind": "membership",
                "city": "trondheim",
                "project": "multiply",
                "role": "partner",
                "source": "s",
            },
        ],
    )
    assert [(e.row, e.field, e.message) for e in report.errors] == [
        (3, "city", "city 'trondheim' is deleted")
    ]


def test_a_key_repeated_in_one_file_is_rejected(engine: Engine) -> None:
    rows = [
        city_row("tabor", "Tábor", "CZ", 49.4, 14.6),
        city_row("tabor", "Tabor", "CZ", 49.4, 14.6),
    ]
    report = preview(engine, rows)
    assert [str(e) for e in report.errors] == ["row 3: slug: tabor is already in row 2"]


def test_unknown_columns_and_cells_of_another_kind_are_rejected(engine: Engine) -> None:
    rows = [
        {
            "kind": "city",
            **city_row("tabor", "Tábor", "CZ", 49.4, 14.6),
            "title": "x",
            "lattitude": "1",
        }
    ]
    report = preview(engine, rows)
    assert {(e.row, e.field) for e in report.errors} == {(1, "lattitude"), (2, "title")}


def test_only_editors_and_admins_may_commit(engine: Engine) -> None:
    report = preview(engine, [city_row("tabor", "Tábor", "CZ", 49.4, 14.6)])
    for who in (None, User("ewa", EDITOR, disabled=True)):
        with pytest.raises(NotAllowedError):
            commit_import(engine, who, report, NOW)


def test_commit_checks_the_rows_again_against_the_store_as_it_is_then(engine: Engine) -> None:
    report = preview(
        engine,
        [{"city": "krakow", "project": "multiply", "role": "follower", "source": "s"}],
        kind="membership",
    )
    assert report.ok
    with session_scope(engine) as session:
        krakow = session.scalars(select(CityRow).where(CityRow.slug == "krakow")).one()
    delete_record(engine, ADMIN_JAN, CITY, krakow.id, krakow.version, NOW)
    with pytest.raises(ImportRejectedError, match="nothing written"):
        commit_import(engine, EDITOR_EWA, report, NOW)


def test_a_record_changed_after_the_preview_refuses_the_commit(engine: Engine) -> None:
    report = preview(
        engine,
        [city_row("trondheim", "Trondheim", "NO", 63.43049, 10.39506, **STORED)],
        kind=CITY,
    )
    assert [d.key for d in report.unchanged] == ["trondheim"]
    with session_scope(engine) as session:
        trondheim = session.scalars(select(CityRow).where(CityRow.slug == "trondheim")).one()
    values = {**city_row("trondheim", "Trondheim", "NO", 63.43049, 10.39506, **STORED)}
    update_record(
        engine,
        ADMIN_JAN,
        CITY,
        trondheim.id,
        trondheim.version,
        {**values, "population": 212660},
        NOW,
    )
    with pytest.raises(ImportStaleError, match="changed in the atlas since the preview"):
        commit_import(engine, EDITOR_EWA, report, NOW)
    with session_scope(engine) as session:
        stored = session.get(CityRow, trondheim.id)
        assert (stored.population, stored.version) == (212660, trondheim.version + 1)


def test_xlsx_and_geojson_files_import_like_csv(engine: Engine) -> None:
    import json

    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(CITY_COLUMNS)
    workbook.active.append(["tabor", "Tábor", "CZ", 49.4144, 14.6578, "manual", "s", "CC BY 4.0"])
    buffer = io.BytesIO()
    workbook.save(buffer)
    from_xlsx = preview_import(engine, read_import(buffer.getvalue(), "cities.xlsx"))
    feature = {
        "type": "Feature",
        "properties": {"slug": "tabor", "name": "Tábor", "country": "CZ", **PROVENANCE},
        "geometry": {"type": "Point", "coordinates": [14.6578, 49.4144]},
    }
    data = json.dumps({"type": "FeatureCollection", "features": [feature]}).encode()
    from_geojson = preview_import(engine, read_import(data, "cities.geojson"))
    for report in (from_xlsx, from_geojson):
        assert report.ok
        assert [d.key for d in report.new] == ["tabor"]


def test_a_huge_population_and_control_characters_are_rejected_rows_not_tracebacks(
    engine: Engine,
) -> None:
    report = preview(
        engine,
        [
            city_row("tabor", "Tábor", "CZ", 49.4144, 14.6578, population=str(2**63)),
            city_row("pisek", "Pí\x00sek", "CZ", 49.308, 14.147),
            city_row("brno", "Brno", "CZ", 49.19, 16.61, description="a\x1bb"),
        ],
    )
    assert [(e.row, e.field) for e in report.errors] == [
        (2, "population"),
        (3, "name"),
        (4, "description"),
    ]
    assert "control character U+0000" in report.errors[1].message
