"""The benchmark command runs end to end on a small store (its timings are not judged)."""

import json
from pathlib import Path

from atlas import settings
from atlas.cli import main
from atlas.seed import read_seed

KEYS = {
    "load_s",
    "filter_ms",
    "search_ms",
    "peers_ms",
    "map_build_s",
    "map_bytes",
    "baseline_map_build_s",
    "baseline_map_bytes",
    "import_rows_per_s",
    "peak_rss_mb",
}


def test_bench_prints_every_measure_as_json(capsys) -> None:
    assert main(["bench", "--cities", "200", "--practices", "300", "--runs", "1", "--json"]) == 0
    result = json.loads(capsys.readouterr().out)
    assert set(result) >= KEYS
    seed = read_seed(Path(settings.get("ATLAS_DATA_DIR")))
    assert result["cities"] == len(seed.cities) + 200
    assert result["practices"] == len(seed.practices) + 300
    assert result["baseline_map_bytes"] > result["map_bytes"] > 0


def test_bench_refuses_a_missing_table(capsys) -> None:
    assert main(["bench", "--gcom", "/nonexistent/table.xlsx"]) == 1
    assert "not found" in capsys.readouterr().err
