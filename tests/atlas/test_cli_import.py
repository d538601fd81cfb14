import subprocess
import sys
from pathlib import Path

import pytest
from sqlalchemy import select

from atlas.cli import main
from atlas.store import make_engine, session_scope
from atlas.tables import ChangeRow, CityRow
from tests import factories

REPO = Path(__file__).resolve().parents[2]
GOOD = (
    "slug;name;country;latitude;longitude;coord_source;source;licence\n"
    "tabor;Tábor;CZ;49,4144;14,6578;manual;test;CC BY 4.0\n"
)


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    url = factories.empty_store_url(tmp_path)
    seed_dir = factories.write_seed_files(factories.small_seed(), tmp_path / "seed")
    assert main(["--db", url, "init", "--data", str(seed_dir)]) == 0
    return url


def _cities(url: str) -> list[str]:
    with session_scope(make_engine(url)) as session:
        return sorted(session.scalars(select(CityRow.slug)))


def test_import_dry_run_prints_the_report_and_writes_nothing(db_url, tmp_path, capsys) -> None:
    path = tmp_path / "cities.csv"
    path.write_text(GOOD, encoding="utf-8")
    capsys.readouterr()
    assert main(["--db", db_url, "import", str(path), "--dry-run"]) == 0
    out = capsys.readouterr().out
    assert "new: 1 (1 city)" in out
    assert "dry run: nothing was written" in out
    assert "tabor" not in _cities(db_url)


def test_import_writes_every_row_and_names_the_cli_actor(db_url, tmp_path, capsys) -> None:
    path = tmp_path / "cities.csv"
    path.write_text(GOOD, encoding="utf-8")
    assert main(["--db", db_url, "import", str(path)]) == 0
    assert "imported: 1 records written in one transaction" in capsys.readouterr().out
    assert "tabor" in _cities(db_url)
    with session_scope(make_engine(db_url)) as session:
        assert session.scalars(select(ChangeRow.actor)).all() == ["cli"]


def test_import_with_a_rejected_row_exits_1_and_writes_nothing(db_url, tmp_path, capsys) -> None:
    path = tmp_path / "cities.csv"
    path.write_bytes((GOOD + "bad;Bad;XX;1;2;m;s;l\n").encode("windows-1250"))
    before = _cities(db_url)
    assert main(["--db", db_url, "import", str(path)]) == 1
    captured = capsys.readouterr()
    assert "row 3: country: not an ISO 3166-1 alpha-2 country code: 'XX'" in captured.out
    assert "nothing was written" in captured.err
    assert _cities(db_url) == before


def test_import_as_an_unknown_user_is_refused(db_url, tmp_path, capsys) -> None:
    path = tmp_path / "cities.csv"
    path.write_text(GOOD, encoding="utf-8")
    assert main(["--db", db_url, "import", str(path), "--as", "nobody"]) == 1
    assert "active editor or admin" in capsys.readouterr().err


@pytest.mark.parametrize("suffix", [".csv", ".xlsx"])
def test_the_template_written_by_the_cli_imports_cleanly(db_url, tmp_path, suffix) -> None:
    template = tmp_path / f"template{suffix}"
    assert main(["import", "--template", str(template)]) == 0
    assert main(["--db", db_url, "import", str(template), "--dry-run"]) == 0


def test_import_help_names_its_options() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "atlas", "import", "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    for option in ("--dry-run", "--kind", "--as", "--template"):
        assert option in result.stdout
