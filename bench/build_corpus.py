"""Benchmark: full build of all the shared data, first into a fresh store, then again over it.

Targets (2 cores): the first build from nothing (``make demo`` on a fresh machine) < 180 s; a
rebuild — every step run again over the radar the first build made, as ``talentradar build``
does after a data update — < 120 s; both < 4 GB peak memory (the whole process tree, measured
by bench.run). The rebuild copies what did not change (talentradar.kept: venue-years with the
same records, affiliation keys resolved with the same registry, embeddings kept by text) and
makes everything else again; its steps are listed with their seconds.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from bench.run import peak_rss_mb
from talentradar.pipeline import build
from talentradar.settings import load_settings


def main(workdir: str) -> None:
    settings = load_settings(
        db_path=Path(workdir) / "bench.duckdb",
        data_dir=os.environ.get("TALENTRADAR_DATA_DIR", "../shared/data"),
    )
    first = _timed(settings)
    again = _timed(settings)
    print(
        json.dumps(
            {
                "peak_rss_mb": peak_rss_mb(),
                "target": {"first_build_seconds": 180, "rebuild_seconds": 120, "peak_rss_mb": 4096},
                "first_build": first,
                "rebuild": again,
                "build_seconds": first["seconds"],
                "rebuild_seconds": again["seconds"],
            }
        )
    )


def _timed(settings: Any) -> dict[str, Any]:
    started = time.perf_counter()
    summary = build(settings)
    seconds = time.perf_counter() - started
    mentions = summary.counts["mentions"]
    return {
        "seconds": round(seconds, 2),
        "files": len(summary.loads),
        "failed_files": len(summary.failed),
        "papers": summary.counts["papers"],
        "mentions": mentions,
        "records": summary.counts["records"],
        "mentions_per_second": round(mentions / seconds),
        "steps": summary.steps,
    }


if __name__ == "__main__":
    main(sys.argv[1])
