import io
import json
import subprocess
import sys
from pathlib import Path

import pytest

from atlas.cli import main
from tests import factories

REPO = Path(__file__).resolve().parents[2]


@pytest.fixture
def db_url(tmp_path: Path) -> str:
    return factories.empty_store_url(tmp_path)


@pytest.fixture
def seed_dir(tmp_path: Path) -> Path:
    return factories.write_seed_files(factories.small_seed(), tmp_path / "seed")


def test_init_creates_the_store_and_is_idempotent(db_url, seed_dir, capsys) -> None:
    assert main(["--db", db_url, "init", "--data", str(seed_dir)]) == 0
    assert (
        "added: 3 topics, 2 projects, 4 cities, 5 memberships, 2 practices"
        in capsys.readouterr().out
    )
    assert main(["--db", db_url, "init", "--data", str(seed_dir)]) == 0
    out = capsys.readouterr().out
    assert "added" not in out
    assert "kept: 3 topics, 2 projects, 4 cities, 5 memberships, 2 practices" in out


def test_init_with_invalid_seed_fails_clearly_and_loads_nothing(db_url, seed_dir, capsys) -> None:
    (seed_dir / "topics.csv").write_text("slug,name,description\nBad Slug,Energy,\n")
    assert main(["--db", db_url, "init", "--data", str(seed_dir)]) == 1
    err = capsys.readouterr().err
    assert "nothing was loaded" in err
    assert "topics.csv:2: slug" in err


def test_export_writes_the_file_named(db_url, seed_dir, tmp_path, capsys) -> None:
    main(["--db", db_url, "init", "--data", str(seed_dir)])
    target = tmp_path / "out.geojson"
    assert main(["--db", db_url, "export", str(target)]) == 0
    assert "wrote 4 cities" in capsys.readouterr().out
    assert len(json.loads(target.read_text())["features"]) == 4


def test_export_dash_prints_geojson_only(db_url, seed_dir, capsys) -> None:
    main(["--db", db_url, "init", "--data", str(seed_dir)])
    capsys.readouterr()
    assert main(["--db", db_url, "export", "-"]) == 0
    assert json.loads(capsys.readouterr().out)["type"] == "FeatureCollection"


def test_export_refuses_an_uninitialised_store_or_a_bad_name(db_url, seed_dir, capsys) -> None:
    assert main(["--db", db_url, "export", "x.csv"]) == 1
    assert "run `python -m atlas init` first" in capsys.readouterr().err
    main(["--db", db_url, "init", "--data", str(seed_dir)])
    assert main(["--db", db_url, "export", "x.pdf"]) == 1
    assert ".csv, .geojson, .xlsx or .zip" in capsys.readouterr().err


def test_help_lists_every_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "atlas", "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    for command in (
        "init",
        "export",
        "restore",
        "geocode",
        "peers",
        "synth",
        "import-gcom",
        "user",
    ):
        assert command in result.stdout


def test_geocode_prints_ranked_candidates_as_json(capsys) -> None:
    assert main(["geocode", "Gmina Pałecznica", "--country", "pl", "--limit", "2"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert [c["name"] for c in found] == ["Pałecznica", "Pałecznica"]
    assert all(c["country"] == "PL" for c in found)


def test_geocode_with_no_candidate_exits_non_zero(capsys) -> None:
    assert main(["geocode", "Qxzvbnm"]) == 1
    assert json.loads(capsys.readouterr().out) == []
    assert main(["geocode", "Smolyan", "--limit", "0"]) == 1
    assert "--limit must be at least 1" in capsys.readouterr().err


def test_peers_ranks_and_explains(db_url, seed_dir, capsys) -> None:
    main(["--db", db_url, "init", "--data", str(seed_dir)])
    capsys.readouterr()
    assert main(["--db", db_url, "peers", "Смолян", "--top", "2", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert result["city"] == "smolyan"
    assert [peer["slug"] for peer in result["peers"]] == ["pisek", "trondheim"]
    assert "also in +CityxChange" in result["peers"][0]["reasons"]
    assert main(["--db", db_url, "peers", "pisek", "--topics", "citizen-engagement"]) == 0
    text = capsys.readouterr().out
    assert text.startswith("Peers for Písek (CZ):")
    assert "read first: Next Generation Smart Citizen" in text


@pytest.mark.parametrize(
    ("argv", "message"),
    [
        (["peers", "atlantis"], "no city 'atlantis'"),
        (["peers", "pisek", "--topics", "teleportation"], "unknown topic(s) teleportation"),
        (["peers", "pisek", "--weight", "size=big"], "--weight takes PART=NUMBER"),
        (["peers", "pisek", "--weight", "speed=2"], "unknown weight(s): speed"),
        (["peers", "pisek", "--top", "0"], "top must be at least 1"),
    ],
)
def test_peers_rejects_bad_requests_clearly(db_url, seed_dir, capsys, argv, message) -> None:
    main(["--db", db_url, "init", "--data", str(seed_dir)])
    capsys.readouterr()
    assert main(["--db", db_url, *argv]) == 1
    assert message in capsys.readouterr().err


def test_synth_adds_marked_records(db_url, seed_dir, capsys) -> None:
    main(["--db", db_url, "init", "--data", str(seed_dir)])
    assert main(["--db", db_url, "synth", "--practices", "12", "--cities", "3"]) == 0
    assert "3 cities, 12 practices" in capsys.readouterr().out
    assert main(["--db", db_url, "synth", "--practices", "-1"]) == 1
    assert "must not be negative" in capsys.readouterr().err


def test_user_accounts_from_the_command_line(db_url, seed_dir, capsys, monkeypatch) -> None:
    import io

    main(["--db", db_url, "init", "--data", str(seed_dir)])
    monkeypatch.setattr("sys.stdin", io.StringIO("a long enough secret\n"))
    assert main(["--db", db_url, "user", "add", "ewa", "--role", "editor"]) == 0
    assert "created editor 'ewa'" in capsys.readouterr().out
    monkeypatch.setattr("sys.stdin", io.StringIO("short\n"))
    assert main(["--db", db_url, "user", "add", "jan", "--role", "admin"]) == 1
    assert "at least 12" in capsys.readouterr().err
    assert main(["--db", db_url, "user", "disable", "ewa"]) == 0
    assert main(["--db", db_url, "user", "list"]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == "ewa\teditor\tdisabled"
    assert main(["--db", db_url, "user", "disable", "nobody"]) == 1
    assert "no user 'nobody'" in capsys.readouterr().err


def test_a_password_is_never_a_command_line_argument() -> None:
    with pytest.raises(SystemExit):
        main(["user", "add", "ewa", "--role", "editor", "--password", "x"])


def test_export_writes_practices_and_workbooks(db_url, seed_dir, tmp_path, capsys) -> None:
    main(["--db", db_url, "init", "--data", str(seed_dir)])
    capsys.readouterr()
    practices = tmp_path / "practices.geojson"
    assert main(["--db", db_url, "export", str(practices), "--records", "practices"]) == 0
    assert "wrote 2 practices" in capsys.readouterr().out
    assert len(json.loads(practices.read_text())["features"]) == 2
    assert main(["--db", db_url, "export", str(tmp_path / "atlas.xlsx")]) == 0
    assert "4 cities, 5 memberships, 2 practices, 2 projects" in capsys.readouterr().out


class _Terminal(io.StringIO):
    def isatty(self) -> bool:
        return True


def _backed_up_store(db_url: str, seed_dir: Path, tmp_path: Path) -> Path:
    main(["--db", db_url, "init", "--data", str(seed_dir)])
    backup = tmp_path / "backup.zip"
    assert main(["--db", db_url, "export", str(backup)]) == 0
    return backup


def test_export_zip_writes_a_backup_and_restore_brings_it_back(
    db_url, seed_dir, tmp_path, capsys
) -> None:
    backup = _backed_up_store(db_url, seed_dir, tmp_path)
    assert f"14 tables, 21 rows, {backup.stat().st_size} bytes" in capsys.readouterr().out
    other = factories.empty_store_url(tmp_path, "other")
    factories.fresh_engine(other)
    capsys.readouterr()
    assert main(["--db", other, "restore", str(backup), "--yes"]) == 0
    assert "restored 13 tables, 21 rows" in capsys.readouterr().out  # accounts kept
    assert main(["--db", other, "export", "-"]) == 0
    assert len(json.loads(capsys.readouterr().out)["features"]) == 4


def test_restore_without_yes_refuses_when_no_one_can_be_asked(
    db_url, seed_dir, tmp_path, capsys, monkeypatch
) -> None:
    backup = _backed_up_store(db_url, seed_dir, tmp_path)
    monkeypatch.setattr("sys.stdin", io.StringIO(""))
    assert main(["--db", db_url, "restore", str(backup)]) == 1
    assert "confirm with --yes" in capsys.readouterr().err


@pytest.mark.parametrize(("answer", "status"), [("n\n", 1), ("yes\n", 0)])
def test_restore_asks_at_a_terminal_and_does_nothing_unless_told_yes(
    db_url, seed_dir, tmp_path, capsys, monkeypatch, answer, status
) -> None:
    backup = _backed_up_store(db_url, seed_dir, tmp_path)
    monkeypatch.setattr("sys.stdin", _Terminal(answer))
    assert main(["--db", db_url, "restore", str(backup)]) == status
    captured = capsys.readouterr()
    assert f"Replace everything in {db_url}" in captured.out
    assert ("cancelled; nothing was changed" in captured.err) == (status == 1)


def test_restore_reports_a_broken_backup_in_one_line(db_url, seed_dir, tmp_path, capsys) -> None:
    main(["--db", db_url, "init", "--data", str(seed_dir)])
    capsys.readouterr()
    broken = tmp_path / "broken.zip"
    broken.write_bytes(b"not a zip")
    assert main(["--db", db_url, "restore", str(broken), "--yes"]) == 1
    err = capsys.readouterr().err
    assert err.startswith("error: the backup cannot be read")
    assert len(err.strip().splitlines()) == 1
    assert main(["--db", db_url, "restore", str(tmp_path / "missing.zip"), "--yes"]) == 1
    assert "missing.zip not found" in capsys.readouterr().err
