"""Time the bulk import: python scripts/bench_import.py [--rows N].

Writes a semicolon-separated CSV with decimal commas of N synthetic cities (real European
places from the gazetteer) and imports it into a temporary store holding the seed data:
read, preview, commit (which checks every row again and writes the cities and their
history in one transaction), and a second preview of the same file (all unchanged). As a
baseline in the same run, the same N cities go into another fresh store through
`atlas.seed.write_seed` (already-validated records, no history). Prints one JSON object;
it asserts nothing.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import random
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from atlas import settings  # noqa: E402
from atlas.accounts import EDITOR, User  # noqa: E402
from atlas.bulk_import import commit_import, preview_import, read_import  # noqa: E402
from atlas.seed import Seed, load_seed, write_seed  # noqa: E402
from atlas.store import make_engine, migrate, session_scope  # noqa: E402
from atlas.synth import synthetic_cities  # noqa: E402
from atlas.tabular import columns_of  # noqa: E402


def _csv(cities: list) -> bytes:
    buffer = io.StringIO(newline="")
    writer = csv.writer(buffer, delimiter=";")
    columns = columns_of("city")
    writer.writerow(columns)
    for city in cities:
        values = city.model_dump()
        values["alternate_names"] = ";".join(values["alternate_names"])
        for name in ("latitude", "longitude"):
            values[name] = str(values[name]).replace(".", ",")
        writer.writerow(["" if values[name] is None else values[name] for name in columns])
    return buffer.getvalue().encode("utf-8")


def _store(folder: Path, name: str):
    engine = make_engine(f"sqlite:///{folder / name}")
    migrate(engine)
    load_seed(engine, Path(settings.get("ATLAS_DATA_DIR")))
    return engine


def _timed(action):
    started = time.perf_counter()
    result = action()
    return result, time.perf_counter() - started


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, default=10_000, help="cities in the file")
    args = parser.parse_args(argv)
    now = datetime.now(UTC).replace(tzinfo=None)
    with tempfile.TemporaryDirectory() as folder:
        engine = _store(Path(folder), "import.db")
        cities = synthetic_cities(args.rows, random.Random(42), set())
        data = _csv(cities)
        table, read_s = _timed(lambda: read_import(data, "cities.csv"))
        report, preview_s = _timed(lambda: preview_import(engine, table))
        editor = User("bench", EDITOR, disabled=False)
        committed, commit_s = _timed(lambda: commit_import(engine, editor, report, now))
        again, again_s = _timed(lambda: preview_import(engine, table))
        baseline = _store(Path(folder), "baseline.db")

        def seed_write():
            with session_scope(baseline) as session:
                write_seed(session, Seed(cities=cities))

        _, baseline_s = _timed(seed_write)
    rows = len(table.rows)
    result = {
        "rows": rows,
        "file_bytes": len(data),
        "read_s": round(read_s, 3),
        "preview_s": round(preview_s, 3),
        "preview_rows_per_s": round(rows / preview_s),
        "commit_s": round(commit_s, 3),
        "commit_rows_per_s": round(rows / commit_s),
        "read_preview_commit_rows_per_s": round(rows / (read_s + preview_s + commit_s)),
        "reimport_preview_rows_per_s": round(rows / again_s),
        "new": len(committed.new),
        "errors": len(committed.errors),
        "duplicates_flagged": len(committed.duplicates),
        "unchanged_on_reimport": len(again.unchanged),
        "baseline_write_seed_s": round(baseline_s, 3),
        "baseline_write_seed_rows_per_s": round(rows / baseline_s),
        "commit_vs_baseline": round(commit_s / baseline_s, 2),
        "preview_plus_commit_vs_baseline": round((preview_s + commit_s) / baseline_s, 2),
    }
    print(json.dumps(result, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
