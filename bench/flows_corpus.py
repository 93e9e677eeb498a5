"""Benchmark: moves and all flows for the whole corpus (target: under 10 s on 2 cores).

Needs a built store (TALENTRADAR_BENCH_DB, else one is built).
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from bench.run import peak_rss_mb
from talentradar.analytics.flows import LEVELS, build_careers, flows, poaching
from talentradar.pipeline import build, open_store
from talentradar.settings import load_settings


def main(workdir: str) -> None:
    db = os.environ.get("TALENTRADAR_BENCH_DB")
    settings = load_settings(
        db_path=Path(db) if db else Path(workdir) / "bench.duckdb",
        data_dir=os.environ.get("TALENTRADAR_DATA_DIR", "../shared/data"),
    )
    if not db:
        build(settings)
    store = open_store(settings)
    try:
        started = time.perf_counter()
        build_careers(store)
        careers = time.perf_counter() - started
        results = {}
        for tier in ("all", "top", "elite"):
            for level in LEVELS:
                results[f"{tier}/{level}"] = flows(store, level, tier=tier)["moves"]
        matrix = poaching(store)
        total = time.perf_counter() - started
        moves = store.query("SELECT count(*) AS n FROM moves")[0]["n"]
    finally:
        store.close()
    print(
        json.dumps(
            {
                "peak_rss_mb": peak_rss_mb(),
                "target": {"wall_seconds": 10},
                "moves": moves,
                "flow_queries": len(results),
                "moves_by_query": results,
                "poaching_cells": len(matrix["cells"]),
                "careers_seconds": round(careers, 2),
                "moves_and_flows_seconds": round(total, 2),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
