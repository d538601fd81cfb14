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
    return f"sqlite:///{tmp_path / 'atlas.db'}"


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
    assert ".csv or .geojson" in capsys.readouterr().err


def test_help_lists_every_command() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "atlas", "--help"],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=True,
    )
    for command in ("init", "export", "geocode", "peers", "synth", "import-gcom", "user"):
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
