"""Benchmark: uncached tracker answers for every venue-year, and the first (uncached) view of
every page as the server renders it.

Targets on 2 cores: tracker < 100 ms for any single venue-year (max over all of them);
page first views < 1 s. The tracker is timed through the library (no response cache) on a
warm connection. Pages: a new app is started as ``serve`` starts it, its start-up warming
(``api/warm.py``: Scout's index, the Overview's trends) is waited for and timed
(``warm_s``), then each page URL is asked once, so no answer comes from the response
cache. ``page_first_view_ms`` is that first view; ``cold_first_view_ms`` the same URLs from
an app without warming (what a visitor would wait for before the warming existed). Needs a
built store (TALENTRADAR_BENCH_DB, else one is built).
"""

from __future__ import annotations

import json
import os
import statistics
import sys
import time
from typing import Any

from fastapi.testclient import TestClient

from bench.run import bench_settings, peak_rss_mb
from talentradar.analytics.availability import venue_years
from talentradar.analytics.cohorts import Selection
from talentradar.analytics.tracker import tracker
from talentradar.api.app import create_app
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


def _pages_ms(settings, warm: bool = True) -> tuple[dict[str, float], dict[str, float]]:
    """First view of each page (ms), and the warming steps' seconds."""
    out = {}
    app = create_app(settings, read_only=True, warm=warm)
    with TestClient(app) as client:
        if warm:
            app.state.warmer.done.wait()
        client.get("/static/app.css")
        for path in PAGES:
            started = time.perf_counter()
            status = client.get(path).status_code
            out[path] = round(1000 * (time.perf_counter() - started), 1)
            if status != 200:
                raise SystemExit(f"{path} answered {status}")
    return out, dict(app.state.warmer.timings)


def _tracker_summary(ms: dict[str, float]) -> dict[str, Any]:
    slowest = max(ms, key=ms.__getitem__)
    q = statistics.quantiles(ms.values(), n=100)
    return {
        "venue_years": len(ms),
        "p50_ms": round(q[49], 1),
        "p95_ms": round(q[94], 1),
        "max_ms": round(ms[slowest], 1),
        "slowest": slowest,
        "over_100_ms": sorted(k for k, v in ms.items() if v > 100),
    }


def main(workdir: str) -> None:
    settings = bench_settings(workdir)
    store = open_radar(settings)
    try:  # --pages-only: leave the tracker out (the first views alone)
        tracker_ms = None if "--pages-only" in sys.argv else _tracker_summary(_tracker_ms(store))
    finally:
        store.close()
    started = time.perf_counter()
    pages, warm = _pages_ms(settings)
    warm_s = round(time.perf_counter() - started - sum(pages.values()) / 1000, 1)
    cold, _ = _pages_ms(settings, warm=False) if "--cold" in sys.argv else ({}, {})
    print(
        json.dumps(
            {
                "peak_rss_mb": peak_rss_mb(),
                "load_average": os.getloadavg()[0],
                "target": {"tracker_max_ms": 100, "page_first_view_ms": 1000},
                "tracker": tracker_ms,
                "warm_s": warm_s,
                "warm_steps_s": warm,
                "page_first_view_ms": pages,
                "pages_over_1_s": sorted(k for k, v in pages.items() if v > 1000),
                "cold_first_view_ms": cold,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])  # --cold: also the first views without the start-up warming
