"""The JRC signatories importer, on a small table built with the published column layout
(and on the real table when the shared data folder is present)."""

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, select

from atlas import settings
from atlas.gcom import COLUMNS, GcomError, import_gcom, read_gcom
from atlas.queries import load_atlas
from atlas.seed import load_seed
from atlas.store import revision, session_scope
from atlas.tables import CityRow, SignatoryRow
from tests import factories
from tests.factories import jrc_signatory, write_jrc_table

REAL_TABLE = settings.REPO_ROOT.parent / "shared" / "data" / "gcom" / "df1_Signatories_2024.xlsx"


@pytest.fixture
def table(tmp_path: Path) -> Path:
    return write_jrc_table(
        tmp_path / "signatories.xlsx",
        [
            jrc_signatory(
                20273, "Písek", "cz", 49.308349, 14.147489, population="29800", c2030=True
            ),
            jrc_signatory(13003, "Krakow", "pl", "50,0647", "19,945", population=740700),
            jrc_signatory(99001, "Tábor", "cz", 49.4144, 14.6578, population="35 000"),
            jrc_signatory(20739, "Ferla", "it", 45.6712958, 8.1576807),
            jrc_signatory(99002, "Nowhere Town", "pl", 52, 21),
            jrc_signatory(99003, "Alpha, Beta, Gamma", "it", 45.07, 7.68, group=True),
            jrc_signatory(99004, "No Point", "pl", "-", "null"),
            jrc_signatory("20368_med", "Byblos", "lb", 34.12, 35.65, adapt=True),
            jrc_signatory("20369_med", "Byblos", "lb", 34.13, 35.66),
        ],
    )


@pytest.fixture
def engine():
    engine = factories.fresh_engine()
    load_seed(engine, Path(settings.get("ATLAS_DATA_DIR")))
    return engine


def _signatory(engine, organisation_id: str) -> SignatoryRow:
    with session_scope(engine) as session:
        return session.scalars(
            select(SignatoryRow).where(SignatoryRow.organisation_id == organisation_id)
        ).one()


def test_reader_cleans_values_and_never_reads_the_mayor_column(table: Path) -> None:
    frame = read_gcom(table)
    assert "mayor" not in frame.columns
    assert not frame.isin(["A Private Person"]).any().any()
    krakow = frame.set_index("name").loc["Krakow"]
    assert (krakow["latitude"], krakow["longitude"]) == (50.0647, 19.945)
    assert frame.set_index("name").loc["Tábor", "population"] == 35000
    assert pd.isna(frame.set_index("name").loc["Ferla", "population"])


def test_import_merges_by_name_and_distance_adds_the_rest_and_flags_doubtful_points(
    engine, table: Path
) -> None:
    report = import_gcom(engine, table)
    assert (report.rows, report.added, report.merged, report.updated) == (9, 5, 3, 0)
    assert report.skipped == ["row 8: No Point — no usable coordinates"]
    data = load_atlas(engine)
    with session_scope(engine) as session:
        krakow = session.scalars(select(CityRow).where(CityRow.slug == "krakow")).one()
        assert _signatory(engine, "13003").city_id == krakow.id  # "Krakow" merged into Kraków
    assert "tabor" in set(data.cities["slug"])
    assert _signatory(engine, "20273").commitment_2030
    assert _signatory(engine, "20273").adhesion_date == date(2012, 3, 1)
    assert "km from where the gazetteer puts Ferla" in _signatory(engine, "20739").flag
    assert "coarse point" in _signatory(engine, "99002").flag
    assert "joint group" in _signatory(engine, "99003").flag
    assert _signatory(engine, "20368_med").commitment_adaptation
    assert _signatory(engine, "20369_med").city_id == _signatory(engine, "20368_med").city_id
    assert report.flagged == 3


def test_never_merged_on_the_name_alone(engine, tmp_path: Path) -> None:
    far = write_jrc_table(tmp_path / "far.xlsx", [jrc_signatory(1, "Smolyan", "bg", 42.70, 23.32)])
    assert import_gcom(engine, far).added == 1
    assert sorted(load_atlas(engine).cities.query("name == 'Smolyan'")["slug"]) == [
        "smolyan",
        "smolyan-1",
    ]


def test_a_second_run_changes_nothing(engine, table: Path) -> None:
    import_gcom(engine, table)
    before = revision(engine)
    report = import_gcom(engine, table)
    assert (report.added, report.merged, report.updated, report.unchanged) == (0, 0, 0, 8)
    assert revision(engine) == before


def test_dry_run_and_a_wrong_file_write_nothing(engine, table: Path, tmp_path: Path) -> None:
    with session_scope(engine) as session:
        cities = session.scalar(select(func.count()).select_from(CityRow))
    assert import_gcom(engine, table, dry_run=True).added == 5
    wrong = tmp_path / "wrong.xlsx"
    pd.DataFrame({"name": ["x"]}).to_excel(wrong, sheet_name="1", index=False)
    with pytest.raises(GcomError, match="not the JRC signatories table; missing: organisation_id"):
        import_gcom(engine, wrong)
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).select_from(CityRow)) == cities
        assert session.scalar(select(func.count()).select_from(SignatoryRow)) == 0


def test_a_repeated_organisation_id_is_reported_not_imported_twice(engine, tmp_path: Path) -> None:
    table = write_jrc_table(
        tmp_path / "twice.xlsx",
        [
            jrc_signatory(99001, "Tábor", "cz", 49.4144, 14.6578),
            jrc_signatory(99001, "Tábor", "cz", 49.4144, 14.6578),
        ],
    )
    report = import_gcom(engine, table)
    assert report.added == 1
    assert report.skipped == ["Tábor: organisation_id 99001 repeated"]


def test_published_columns_are_all_known() -> None:
    assert "mayor" not in COLUMNS


@pytest.mark.skipif(not REAL_TABLE.is_file(), reason="the JRC signatories table is not present")
def test_the_real_table_imports_once(engine) -> None:
    report = import_gcom(engine, REAL_TABLE)
    assert report.rows == 11_973
    assert report.added + report.merged + len(report.skipped) == 11_973
    assert report.merged >= 35  # the seed's 35 JRC-confirmed signatories at least
    ferla = _signatory(engine, "20739")
    assert ferla.flag is not None  # the Sicilian town placed in Piedmont
    again = import_gcom(engine, REAL_TABLE)
    assert (again.added, again.merged, again.updated) == (0, 0, 0)
    assert again.unchanged == report.added + report.merged


def test_empty_optional_cells_stay_empty_so_a_rerun_finds_nothing_changed(engine, tmp_path):
    row = jrc_signatory("1_med", "Jbeil", "lb", 34.12, 35.65)
    row["gcom_id"] = None
    row["signatory_status"] = "-"
    table = write_jrc_table(tmp_path / "blank.xlsx", [row])
    import_gcom(engine, table)
    assert _signatory(engine, "1_med").gcom_id is None
    assert import_gcom(engine, table).unchanged == 1


def test_an_organisation_named_after_its_mayor_is_withheld_not_imported(engine, tmp_path):
    row = jrc_signatory(99005, "A Private Person", "it", 40.39, 18.13)
    table = write_jrc_table(tmp_path / "person.xlsx", [row])
    assert read_gcom(table)["name"].isna().all()
    report = import_gcom(engine, table)
    assert report.skipped == ["row 2: unnamed — no name (or a person's name, withheld)"]
    assert not load_atlas(engine).cities["name"].eq("A Private Person").any()
