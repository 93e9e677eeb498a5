"""Benchmark: people linkage of the whole shared corpus (features, scoring, clustering).

Target: under 60 s on 2 cores. Needs a built store (TALENTRADAR_BENCH_DB, else one is built).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from bench.run import peak_rss_mb
from talentradar.pipeline import build, open_store
from talentradar.resolve.people.link import link_people
from talentradar.settings import load_settings


def main(workdir: str) -> None:
    data_dir = os.environ.get("TALENTRADAR_DATA_DIR", "../shared/data")
    db = os.environ.get("TALENTRADAR_BENCH_DB")
    settings = load_settings(
        db_path=Path(db) if db else Path(workdir) / "bench.duckdb", data_dir=data_dir
    )
    if not db:
        build(settings)
    store = open_store(settings)
    try:
        started = time.perf_counter()
        summary = link_people(store, data_dir)
        seconds = time.perf_counter() - started
    finally:
        store.close()
    print(
        json.dumps(
            {
                "peak_rss_mb": peak_rss_mb(),
                "target": {"wall_seconds": 60},
                "mentions": summary.mentions,
                "comparisons_scored": summary.pairs,
                "persons": summary.persons,
                "link_seconds": round(seconds, 2),
                "phases_seconds": {k: round(v, 2) for k, v in summary.seconds.items()},
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
