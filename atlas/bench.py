"""Benchmark of the atlas at scale: build a store in a temporary place and time what the
pages do. Prints medians over repeated runs; asserts nothing (machines are noisy)."""

from __future__ import annotations

import resource
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import folium
import pandas as pd

from atlas import settings
from atlas.filters import Filters, filter_cities
from atlas.gcom import import_gcom
from atlas.peers import rank_peers, seeker_from_city
from atlas.queries import load_atlas
from atlas.search import search_cities
from atlas.seed import load_seed
from atlas.store import make_engine, migrate
from atlas.synth import add_synthetic
from geo.mapview import base_map, city_layer

FILTERS = [
    Filters(countries=("IT",)),
    Filters(projects=("covenant-of-mayors",), roles=("signatory",)),
    Filters(roles=("frontrunner", "follower")),
    Filters(topics=("energy",)),
    Filters(countries=("ES", "PT"), topics=("mobility",)),
    Filters(projects=("cityxchange",)),
]
SEARCHES = ["krakow", "Смолян", "san", "Písek", "bydgosz", "valencia", "roma"]
SEEKERS = [("smolyan", ("energy",)), ("bydgoszcz", ("mobility",)), ("pisek", ())]


def _median_seconds(action: Callable[[], object], runs: int) -> float:
    timings = []
    for _ in range(runs):
        started = time.perf_counter()
        action()
        timings.append(time.perf_counter() - started)
    return statistics.median(timings)


def _rendered(fmap: folium.Map) -> str:
    return fmap.get_root().render()


def naive_map(cities: pd.DataFrame) -> folium.Map:
    """The baseline: one folium Marker with popup and tooltip per city, default assets."""
    fmap = folium.Map(location=(50, 14), zoom_start=4)
    for row in cities.itertuples(index=False):
        folium.Marker(
            (row.latitude, row.longitude), tooltip=row.name, popup=f"{row.name} ({row.country})"
        ).add_to(fmap)
    return fmap


def atlas_map(cities: pd.DataFrame) -> folium.Map:
    fmap = base_map()
    city_layer(cities).add_to(fmap)
    return fmap


def run_benchmark(
    gcom: Path | None = None, cities: int = 0, practices: int = 0, runs: int = 5
) -> dict[str, float | int | None]:
    """Build the store (seed data, then the JRC table or N synthetic cities, then M
    synthetic practices) and time each operation; medians of `runs` runs."""
    result: dict[str, float | int | None] = {}
    with tempfile.TemporaryDirectory() as folder:
        url = f"sqlite:///{Path(folder) / 'bench.db'}"
        engine = make_engine(url)
        migrate(engine)
        load_seed(engine, Path(settings.get("ATLAS_DATA_DIR")))
        result["import_rows_per_s"] = None
        if gcom is not None:
            started = time.perf_counter()
            report = import_gcom(engine, gcom)
            result["import_rows_per_s"] = round(report.rows / (time.perf_counter() - started))
        if cities:
            add_synthetic(engine, practices=0, cities=cities)
        if practices:
            add_synthetic(engine, practices=practices, cities=0)
        engine.dispose()

        result["load_s"] = round(_median_seconds(lambda: load_atlas(make_engine(url)), 3), 3)
        data = load_atlas(make_engine(url))
        result["cities"], result["practices"] = len(data.cities), len(data.practices)
        result["filter_ms"] = round(
            1000
            * statistics.median(
                _median_seconds(lambda f=f: filter_cities(data, f), runs) for f in FILTERS
            ),
            2,
        )
        result["search_ms"] = round(
            1000
            * statistics.median(
                _median_seconds(lambda q=q: search_cities(data.cities, q), runs) for q in SEARCHES
            ),
            2,
        )
        seekers = [seeker_from_city(data, slug, topics) for slug, topics in SEEKERS]
        result["peers_ms"] = round(
            1000
            * statistics.median(
                _median_seconds(lambda s=s: rank_peers(data, s), runs) for s in seekers
            ),
            2,
        )
        shown = data.cities
        map_runs = max(1, min(runs, 3))
        result["map_build_s"] = round(
            _median_seconds(lambda: _rendered(atlas_map(shown)), map_runs), 3
        )
        result["map_bytes"] = len(_rendered(atlas_map(shown)).encode("utf-8"))
        result["peak_rss_mb_before_baseline"] = _peak_rss_mb()
        result["baseline_map_build_s"] = round(
            _median_seconds(lambda: _rendered(naive_map(shown)), map_runs), 3
        )
        result["baseline_map_bytes"] = len(_rendered(naive_map(shown)).encode("utf-8"))
        result["map_build_speedup"] = round(
            result["baseline_map_build_s"] / result["map_build_s"], 1
        )
        result["map_bytes_ratio"] = round(result["baseline_map_bytes"] / result["map_bytes"], 1)
    result["peak_rss_mb"] = _peak_rss_mb()
    return result


def _peak_rss_mb() -> float:
    """Peak resident memory of this process so far, in MiB (Linux reports KiB)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)
