"""Time the peer finder on a large store: python scripts/bench_peers.py [--cities N].

Builds a temporary store (the seed data plus N synthetic cities from real European places
and M synthetic practices), loads the atlas frames, then ranks every candidate for several
asking cities, repeatedly. Prints one JSON object of medians; it asserts nothing.
"""

from __future__ import annotations

import argparse
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from atlas import settings  # noqa: E402
from atlas.peers import rank_peers, seeker_from_city  # noqa: E402
from atlas.queries import load_atlas  # noqa: E402
from atlas.seed import load_seed  # noqa: E402
from atlas.store import make_engine, migrate  # noqa: E402
from atlas.synth import add_synthetic  # noqa: E402

SEEKERS = [
    ("smolyan", ("energy",)),
    ("bydgoszcz", ("mobility", "finance-governance")),
    ("pisek", ()),
    ("sztum", ("climate-adaptation",)),
]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--cities", type=int, default=12_000, help="candidate cities in all")
    parser.add_argument("--practices", type=int, default=20_000, help="synthetic practices")
    parser.add_argument("--runs", type=int, default=15, help="timed runs per asking city")
    args = parser.parse_args(argv)
    with tempfile.TemporaryDirectory() as folder:
        engine = make_engine(f"sqlite:///{Path(folder) / 'bench.db'}")
        migrate(engine)
        load_seed(engine, Path(settings.get("ATLAS_DATA_DIR")))
        started = time.perf_counter()
        seeded = 60
        add_synthetic(engine, practices=args.practices, cities=max(0, args.cities - seeded))
        build_s = time.perf_counter() - started
        started = time.perf_counter()
        data = load_atlas(engine)
        load_s = time.perf_counter() - started
        timings: list[float] = []
        for slug, topics in SEEKERS:
            seeker = seeker_from_city(data, slug, topics)
            rank_peers(data, seeker, top=10)  # warm-up
            for _ in range(args.runs):
                started = time.perf_counter()
                rank_peers(data, seeker, top=10)
                timings.append(1000 * (time.perf_counter() - started))
        engine.dispose()
    print(
        json.dumps(
            {
                "candidates": len(data.cities) - 1,
                "practices": len(data.practices),
                "store_build_s": round(build_s, 2),
                "load_s": round(load_s, 3),
                "peers_ms_median": round(statistics.median(timings), 2),
                "peers_ms_p90": round(sorted(timings)[int(0.9 * len(timings))], 2),
                "runs": len(timings),
            },
            indent=2,
        )
    )
    return 0


if __name__ == "__main__":
    sys.exit(main())
