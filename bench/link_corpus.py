"""Benchmark: people linkage of the whole shared corpus (features, scoring, clustering), as
`people link` runs it: the people step (``link_seconds``) and everything a relink does
(copying the other steps' tables, facts, the swap: ``relink_seconds``).

Target: under 60 s on 2 cores. Needs a built store (TALENTRADAR_BENCH_DB, else one is built).
"""

from __future__ import annotations

import json
import sys
import time

from bench.run import bench_settings, peak_rss_mb
from talentradar.pipeline import build


def main(workdir: str) -> None:
    settings = bench_settings(workdir)
    started = time.perf_counter()
    summary = build(settings, start="people")  # people and facts, into a new radar
    seconds = time.perf_counter() - started
    steps = {s["step"]: s["seconds"] for s in summary.steps}
    print(
        json.dumps(
            {
                "peak_rss_mb": peak_rss_mb(),
                "target": {"wall_seconds": 60},
                "mentions": summary.counts.get("mentions"),
                "comparisons_scored": summary.counts.get("person_pairs"),
                "persons": summary.counts.get("persons"),
                "link_seconds": steps["people"],
                "relink_seconds": round(seconds, 2),
                "steps_seconds": steps,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
