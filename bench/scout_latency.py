"""Benchmark: scout query latency over the whole corpus (p50 / p95 / p99).

Target on 2 cores: hybrid (full text + embeddings) with filters p95 < 100 ms; full text
alone is measured too. The first query of a process loads the index (timed apart, as
``load_s``). Needs a built store (TALENTRADAR_BENCH_DB, else one is built).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time

from bench.run import bench_settings, peak_rss_mb
from talentradar.analytics.scout import ScoutQuery, scout
from talentradar.store.radar import open_radar

QUERIES = [
    "diffusion models for video",
    "RLHF",
    "graph neural networks",
    "causal inference",
    "federated learning",
    "protein structure prediction",
    "speech recognition",
    "machine translation",
    "autonomous driving",
    "contrastive learning",
    "bayesian optimization",
    "differential privacy",
    "vision transformers",
    "large language models reasoning",
    "reinforcement learning exploration",
    "optimal transport",
    "neural radiance fields",
    "time series forecasting",
    "recommender systems",
    "object detection",
]
FILTERS = [
    {},
    {"tier": "top"},
    {"countries": ("US",)},
    {"stages": ("student",), "rising": True},
    {"sectors": ("industry",), "year_from": 2020},
]


def _timings(store, semantic: bool) -> list[float]:
    out = []
    for query in QUERIES:
        for filters in FILTERS:
            started = time.perf_counter()
            scout(store, ScoutQuery(query, semantic=semantic, limit=20, **filters))
            out.append(1000 * (time.perf_counter() - started))
    return out


def _summary(ms: list[float]) -> dict[str, float]:
    q = statistics.quantiles(ms, n=100)
    return {
        "queries": len(ms),
        "p50_ms": round(q[49], 1),
        "p95_ms": round(q[94], 1),
        "p99_ms": round(q[98], 1),
    }


def main(workdir: str) -> None:
    settings = bench_settings(workdir)
    store = open_radar(settings)
    try:
        started = time.perf_counter()
        scout(store, ScoutQuery("load the index"))
        load_s = round(time.perf_counter() - started, 1)
        _timings(store, True)  # warm the caches once
        fulltext = _summary(_timings(store, False))
        with_semantic = _summary(_timings(store, True))
    finally:
        store.close()
    print(
        json.dumps(
            {
                "peak_rss_mb": peak_rss_mb(),
                "load_s": load_s,
                "target": {"hybrid_with_filters_p95_ms": 100},
                "fulltext_and_filters": fulltext,
                "with_semantic": with_semantic,
                "load_average_at_start": os.getloadavg()[0],
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
