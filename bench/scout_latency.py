"""Benchmark: scout query latency over the whole corpus (p50 / p95 / p99).

Target on 2 cores: hybrid (full text + embeddings) with filters p95 < 100 ms; full text
alone is measured too. The first query of a process loads the index (timed apart, as
``load_s``). And a tracker answer over a topic pool (the topics of
tests/data/scout/pool_topics.txt × NeurIPS, ICML, ICLR, all years, by org), each asked once
(nothing cached: the pool is computed for it): target < 1 s. Needs a built store (TALENTRADAR_BENCH_DB, else one is built).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

from bench.run import bench_settings, peak_rss_mb
from talentradar.analytics.cohorts import Selection
from talentradar.analytics.scout import ScoutQuery, scout
from talentradar.analytics.tracker import tracker
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


POOL_TOPICS = (
    (Path(__file__).parents[1] / "tests/data/scout/pool_topics.txt").read_text().split("\n")
)
POOL_VENUES = ("neurips", "icml", "iclr")


def _pool_trackers(store) -> dict[str, float]:
    out = {}
    for topic in filter(None, POOL_TOPICS):
        for venue in POOL_VENUES:
            started = time.perf_counter()
            tracker(store, Selection.of([venue], [], "top", [], topic), by="org")
            out[f"{venue} / {topic}"] = round(1000 * (time.perf_counter() - started), 1)
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
        pools = _pool_trackers(store)
    finally:
        store.close()
    print(
        json.dumps(
            {
                "peak_rss_mb": peak_rss_mb(),
                "load_s": load_s,
                "target": {"hybrid_with_filters_p95_ms": 100, "pool_tracker_max_ms": 1000},
                "fulltext_and_filters": fulltext,
                "with_semantic": with_semantic,
                "pool_tracker_ms": pools,
                "pool_tracker_max_ms": max(pools.values()),
                "load_average_at_start": os.getloadavg()[0],
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
