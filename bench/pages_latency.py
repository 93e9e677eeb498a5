"""Benchmark: uncached tracker answers for every venue-year, and the first (uncached) view of
every page as the server renders it.

Targets on 2 cores: tracker < 100 ms for any single venue-year (max over all of them);
page first views < 1 s. The tracker is timed through the library (no response cache) on a
warm connection; each page URL is asked once from a new app, so no answer comes from the
cache. Needs a built store (TALENTRADAR_BENCH_DB, else one is built).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from pathlib import Path

from fastapi.testclient import TestClient

from bench.run import peak_rss_mb
from talentradar.analytics.availability import venue_years
from talentradar.analytics.cohorts import Selection
from talentradar.analytics.tracker import tracker
from talentradar.api.app import create_app
from talentradar.pipeline import build
from talentradar.settings import load_settings
from talentradar.store.radar import open_radar

PAGES = [
    "/",
    "/?venue=neurips&year=2019&year=2022",
    "/?venue=neurips&venue=icml&venue=iclr&year=2019&year=2022&year=2025&by=region",
    "/flows",
    "/orgs?q=deepmind",
    "/orgs/google",
    "/people?q=bengio",
    "/scout?q=diffusion+models",
    "/shortlists",
    "/market",
]


def _tracker_ms(store) -> dict[str, float]:
    years = venue_years(store)
    tracker(store, Selection.of(["neurips"], [2019]))  # open the tables once
    out = {}
    for venue, loaded in years.items():
        for year in loaded:
            started = time.perf_counter()
            tracker(store, Selection.of([venue], [year]), by="country")
            out[f"{venue} {year}"] = 1000 * (time.perf_counter() - started)
    return out


def _pages_ms(settings) -> dict[str, float]:
    out = {}
    with TestClient(create_app(settings, read_only=True)) as client:
        client.get("/static/app.css")
        for path in PAGES:
            started = time.perf_counter()
            status = client.get(path).status_code
            out[path] = round(1000 * (time.perf_counter() - started), 1)
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
    return out


def main(workdir: str) -> None:
    db = os.environ.get("TALENTRADAR_BENCH_DB")
    settings = load_settings(
        db_path=Path(db) if db else Path(workdir) / "bench.duckdb",
        data_dir=os.environ.get("TALENTRADAR_DATA_DIR", "../shared/data"),
    )
    if not db:
        build(settings)
    store = open_radar(settings)
    try:
        ms = _tracker_ms(store)
    finally:
        store.close()
    pages = _pages_ms(settings)
    slowest = max(ms, key=ms.get)
    q = statistics.quantiles(ms.values(), n=100)
    print(
        json.dumps(
            {
                "peak_rss_mb": peak_rss_mb(),
                "load_average": os.getloadavg()[0],
                "target": {"tracker_max_ms": 100, "page_first_view_ms": 1000},
                "tracker": {
                    "venue_years": len(ms),
                    "p50_ms": round(q[49], 1),
                    "p95_ms": round(q[94], 1),
                    "max_ms": round(ms[slowest], 1),
                    "slowest": slowest,
                    "over_100_ms": sorted(k for k, v in ms.items() if v > 100),
                },
                "page_first_view_ms": pages,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
