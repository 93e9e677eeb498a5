"""Benchmark: moves and all flows for the whole corpus (target: under 10 s on 2 cores).

Needs a built store (TALENTRADAR_BENCH_DB, else one is built).
"""

from __future__ import annotations

import json
import sys
import time

from bench.run import bench_settings, peak_rss_mb
from talentradar.analytics.flows import LEVELS, flows, poaching
from talentradar.pipeline import build
from talentradar.store.radar import open_radar


def main(workdir: str) -> None:
    settings = bench_settings(workdir)
    careers = {s["step"]: s["seconds"] for s in build(settings, start="facts").steps}["facts"]
    store = open_radar(settings)
    try:
        started = time.perf_counter()
        results = {}
        for tier in ("all", "top", "elite"):
            for level in LEVELS:
                results[f"{tier}/{level}"] = flows(store, level, tier=tier)["moves"]
        matrix = poaching(store)
        queries = time.perf_counter() - started
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
                "facts_step_seconds": careers,
                "flow_queries_seconds": round(queries, 2),
                "moves_and_flows_seconds": round(careers + queries, 2),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
