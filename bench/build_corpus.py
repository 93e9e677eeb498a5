"""Benchmark: full build of all the shared data into a fresh store.

Target: the whole corpus (~124k papers, ~530k mentions) in under 2 minutes on
2 cores with under 4 GB peak memory.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from bench.run import peak_rss_mb
from talentradar.pipeline import build
from talentradar.settings import load_settings


def main(workdir: str) -> None:
    settings = load_settings(
        db_path=Path(workdir) / "bench.duckdb",
        data_dir=os.environ.get("TALENTRADAR_DATA_DIR", "../shared/data"),
    )
    started = time.perf_counter()
    summary = build(settings)
    seconds = time.perf_counter() - started
    mentions = summary.counts["mentions"]
    print(
        json.dumps(
            {
                "peak_rss_mb": peak_rss_mb(),
                "target": {"wall_seconds": 120, "peak_rss_mb": 4096},
                "files": len(summary.loads),
                "failed_files": len(summary.failed),
                "papers": summary.counts["papers"],
                "mentions": mentions,
                "records": summary.counts["records"],
                "build_seconds": round(seconds, 2),
                "mentions_per_second": round(mentions / seconds),
                "steps": summary.steps,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
