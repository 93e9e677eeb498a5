"""Uncached tracker answers over every venue-year of the radar (target: < 100 ms each).

Usage: python -m bench.tracker_latency [WORKDIR] [--db PATH] [--by country,region,org]
(the radar: --db, else TALENTRADAR_BENCH_DB, else one built here). One JSON line on stdout:
p50/p95/max in ms per dimension and overall, the slowest venue-year. Each answer is a call of
``analytics.tracker.tracker`` (rows and cohort lines) on one venue-year; nothing is cached
between calls. The first call (DuckDB warming its caches) is timed apart as ``first_ms``.
``cpu_*_ms``: the process's CPU time per answer (DuckDB's threads included), which a busy
shared machine inflates less than wall time; ``load_average`` at the end says how busy it was.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from pathlib import Path
from typing import Any

from bench.run import bench_settings, peak_rss_mb


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def measure(db: Path | None, dims: list[str], workdir: str | None = None) -> dict[str, Any]:
    from talentradar.analytics.cohorts import Selection
    from talentradar.analytics.tracker import tracker
    from talentradar.settings import load_settings
    from talentradar.store.radar import open_radar

    with tempfile.TemporaryDirectory(dir=workdir) as tmp:
        settings = load_settings(db_path=db) if db else bench_settings(tmp)
        store = open_radar(settings)
        try:
            cohorts = store.query(
                "SELECT DISTINCT venue, year FROM papers WHERE decision = 'accepted' ORDER BY 1, 2"
            )
            t = time.perf_counter()
            tracker(store, Selection.of([cohorts[0]["venue"]], [cohorts[0]["year"]]))
            first = (time.perf_counter() - t) * 1000
            times: dict[str, list[tuple[float, str]]] = {d: [] for d in dims}
            cpu: list[float] = []
            for c in cohorts:
                for by in dims:
                    t, p = time.perf_counter(), time.process_time()
                    tracker(store, Selection.of([c["venue"]], [c["year"]]), by=by)
                    cpu.append((time.process_time() - p) * 1000)
                    times[by].append(
                        ((time.perf_counter() - t) * 1000, f"{c['venue']} {c['year']}")
                    )
        finally:
            store.close()
    every = [ms for runs in times.values() for ms, _ in runs]
    return {
        "venue_years": len(cohorts),
        "answers": len(every),
        "first_ms": round(first, 1),
        "p50_ms": round(statistics.median(every), 1),
        "p95_ms": round(percentile(every, 0.95), 1),
        "max_ms": round(max(every), 1),
        "slowest": max(r for runs in times.values() for r in runs)[1],
        "cpu_p50_ms": round(statistics.median(cpu), 1),
        "cpu_p95_ms": round(percentile(cpu, 0.95), 1),
        "load_average": [round(x, 2) for x in os.getloadavg()],
        "by_dimension": {
            by: {
                "p50_ms": round(statistics.median([ms for ms, _ in runs]), 1),
                "p95_ms": round(percentile([ms for ms, _ in runs], 0.95), 1),
            }
            for by, runs in times.items()
        },
        "target_ms": 100,
        "peak_rss_mb": peak_rss_mb(),
    }


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("workdir", nargs="?", help="where to build a radar when none is given")
    parser.add_argument("--db", type=Path)
    parser.add_argument("--by", default="country,region,org")
    args = parser.parse_args()
    print(json.dumps(measure(args.db, args.by.split(","), args.workdir)))


if __name__ == "__main__":
    main()
