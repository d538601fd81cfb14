"""The Covenant of Mayors file of data/: written from the JRC table, read back the same,
loaded by `init` through the `import-gcom` merge (and checked against the real JRC table
when the shared data folder is present)."""

from datetime import date
from pathlib import Path

import pandas as pd
import pytest
from sqlalchemy import func, select

from atlas import settings
from atlas.cli import main
from atlas.covenant import COVENANT_FILE, load_covenant, read_covenant, write_covenant
from atlas.gcom import COLUMNS, GcomError, clean_signatories, read_gcom
from atlas.store import make_engine, revision, session_scope
from atlas.tables import CityRow, MembershipRow, SignatoryRow
from tests import factories
from tests.factories import jrc_signatory, write_jrc_table

DATA_FILE = Path(settings.get("ATLAS_DATA_DIR")) / COVENANT_FILE
REAL_TABLE = settings.REPO_ROOT.parent / "shared" / "data" / "gcom" / "df1_Signatories_2024.xlsx"

ROWS = [
    jrc_signatory(20273, "Písek", "cz", 49.308349, 14.147489, population="29800", c2030=True),
    jrc_signatory(13003, "Krakow", "pl", "50,0647", "19,945", population=740700),
    jrc_signatory(99001, "Tábor", "cz", 49.4144, 14.6578, population="35 000", adapt=True),
    jrc_signatory(99003, "Alpha, Beta, Gamma", "it", 45.07, 7.68, group=True),
    jrc_signatory(99004, "No Point", "pl", "-", "null"),
    jrc_signatory("20368_med", "Byblos", "lb", 34.12, 35.65),
]


def _seed_with_the_covenant() -> factories.Seed:
    seed = factories.small_seed()
    seed.projects.append(factories.project("covenant-of-mayors", "Covenant of Mayors"))
    return seed


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    folder = factories.write_seed_files(_seed_with_the_covenant(), tmp_path / "seed")
    write_covenant(clean_signatories(pd.DataFrame(ROWS), "test"), folder / COVENANT_FILE)
    return folder


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return f"sqlite:///{tmp_path / 'atlas.db'}"


def _counts(url: str) -> tuple[int, int, int, int]:
    with session_scope(make_engine(url)) as session:
        return (
            *(
                session.scalar(select(func.count()).select_from(table))
                for table in (CityRow, SignatoryRow, MembershipRow)
            ),
            revision(make_engine(url)),
        )


def test_the_file_reads_back_as_the_table_it_was_written_from(seed_dir: Path) -> None:
    written = clean_signatories(pd.DataFrame(ROWS), "test")
    read = read_covenant(seed_dir / COVENANT_FILE)
    pd.testing.assert_frame_equal(read, written)
    text = (seed_dir / COVENANT_FILE).read_text(encoding="utf-8")
    assert text.splitlines()[0].split(",") == COLUMNS  # never `mayor`
    assert "A Private Person" not in text


def test_a_file_without_the_published_columns_is_refused(tmp_path: Path) -> None:
    (tmp_path / COVENANT_FILE).write_text("organisation_id,organisation_name\n1,Písek\n")
    with pytest.raises(GcomError, match="not the JRC signatories table; missing: country_code"):
        read_covenant(tmp_path / COVENANT_FILE)


def test_load_merges_by_name_and_distance_and_adds_the_rest(seed_dir: Path) -> None:
    engine = factories.build_store(_seed_with_the_covenant())
    report = load_covenant(engine, seed_dir)
    assert (report.rows, report.added, report.merged, report.kept) == (6, 3, 2, 0)
    assert report.skipped == ["row 6: No Point — no usable coordinates"]
    with session_scope(engine) as session:
        city_of = dict(
            session.execute(
                select(SignatoryRow.organisation_id, CityRow.slug).join(
                    CityRow, CityRow.id == SignatoryRow.city_id
                )
            ).all()
        )
        tabor = session.scalars(
            select(SignatoryRow).where(SignatoryRow.organisation_id == "99001")
        ).one()
    assert city_of["20273"] == "pisek"  # "Písek" of the seed
    assert city_of["13003"] == "krakow"  # "Krakow" is an alternate name of Kraków
    assert city_of["99001"] == "tabor"  # no project city: a city of its own
    assert (tabor.population, tabor.commitment_adaptation) == (35000, True)
    assert tabor.adhesion_date == date(2012, 3, 1)


def test_a_project_city_added_to_the_seed_later_takes_its_signatory(tmp_path: Path) -> None:
    seed = _seed_with_the_covenant()
    seed.cities.append(factories.city("tabor-town", "Tábor", "CZ", 49.4150, 14.6580))
    folder = factories.write_seed_files(seed, tmp_path / "seed")
    write_covenant(clean_signatories(pd.DataFrame(ROWS), "test"), folder / COVENANT_FILE)
    engine = factories.build_store(seed)
    assert load_covenant(engine, folder).merged == 3
    with session_scope(engine) as session:
        assert session.scalar(select(func.count()).where(CityRow.name == "Tábor")) == 1


def test_init_loads_the_file_and_a_repeated_init_changes_nothing(db_url, seed_dir, capsys):
    assert main(["--db", db_url, "init", "--data", str(seed_dir)]) == 0
    assert "3 added as cities, 2 merged into atlas cities" in capsys.readouterr().out
    before = _counts(db_url)
    assert main(["--db", db_url, "init", "--data", str(seed_dir)]) == 0
    assert "5 kept as stored" in capsys.readouterr().out
    assert _counts(db_url) == before


def test_init_after_import_gcom_of_the_same_table_changes_nothing(
    db_url, seed_dir, tmp_path, capsys
) -> None:
    bare = factories.write_seed_files(_seed_with_the_covenant(), tmp_path / "bare")
    assert main(["--db", db_url, "init", "--data", str(bare)]) == 0
    table = write_jrc_table(tmp_path / "signatories.xlsx", ROWS)
    assert main(["--db", db_url, "import-gcom", str(table)]) == 0
    before = _counts(db_url)
    assert main(["--db", db_url, "init", "--data", str(seed_dir)]) == 0
    assert _counts(db_url) == before
    capsys.readouterr()
    assert main(["--db", db_url, "init", "--update", "--data", str(seed_dir)]) == 0
    assert "signatories (covenant.csv): 5 unchanged" in capsys.readouterr().out
    assert _counts(db_url)[:3] == before[:3]


def test_init_names_a_broken_file_and_keeps_the_seed(db_url, seed_dir, capsys) -> None:
    (seed_dir / COVENANT_FILE).write_text("organisation_id\n1\n")
    assert main(["--db", db_url, "init", "--data", str(seed_dir)]) == 1
    assert f"{COVENANT_FILE} in {seed_dir}" in capsys.readouterr().err
    assert _counts(db_url)[:2] == (4, 0)


def test_the_committed_file_holds_every_signatory_and_no_personal_data() -> None:
    frame = read_covenant(DATA_FILE)
    assert len(frame) == 11_973
    assert frame["organisation_id"].is_unique
    ferla = frame.set_index("organisation_id").loc["20739"]
    assert (ferla["name"], ferla["country"], ferla["population"]) == ("Ferla", "IT", 2450)
    assert (ferla["latitude"], ferla["longitude"]) == (45.6712958, 8.1576807)
    assert ferla["adhesion_date"] == date(2012, 11, 22)
    assert DATA_FILE.read_text(encoding="utf-8").splitlines()[0].split(",") == COLUMNS


@pytest.mark.skipif(not REAL_TABLE.is_file(), reason="the JRC signatories table is not present")
def test_the_committed_file_matches_the_jrc_table(tmp_path: Path) -> None:
    pd.testing.assert_frame_equal(read_covenant(DATA_FILE), read_gcom(REAL_TABLE))
    sheet = pd.read_excel(REAL_TABLE, sheet_name="1", dtype=object, engine="calamine")
    assert len(sheet) == 11_973
    derived = read_covenant(DATA_FILE).set_index("organisation_id")
    sample = sheet.sample(200, random_state=42)
    for row in sample.itertuples(index=False):
        ours = derived.loc[str(row.organisation_id)]
        assert ours["commitment_2030"] == (row.commitment_CoM2030_flag is True)
        assert ours["commitment_adaptation"] == (row.commitment_mayoradapt_flag is True)
        latitude = str(row.organisation_latitude).replace(",", ".")
        if latitude not in ("-", "null", "nan"):
            assert ours["latitude"] == pytest.approx(float(latitude), abs=1e-6)
    mayors = {str(name) for name in sheet["mayor"].dropna()} - {"-", "null"}
    cells = set(pd.read_csv(DATA_FILE, dtype=str, keep_default_na=False).to_numpy().ravel())
    assert not (mayors & cells)
    write_covenant(read_gcom(REAL_TABLE), tmp_path / COVENANT_FILE)
    assert (tmp_path / COVENANT_FILE).read_bytes() == DATA_FILE.read_bytes()
