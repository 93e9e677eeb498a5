"""Benchmark: how fast the command line starts.

``talentradar --help`` and a read command (``talentradar tracker``, radar in the page
cache) from process start to exit, best and median of several runs; and the import time
the interpreter reports (``python -X importtime``) for ``--help``. Target: < 0.3 s each.
Needs a built store for the read (TALENTRADAR_BENCH_DB, else one is built).
"""

from __future__ import annotations

import json
import re
import statistics
import subprocess
import sys
import time

from bench.run import bench_settings, peak_rss_mb

RUNS = 7


def _seconds(args: list[str]) -> list[float]:
    times = []
    for _ in range(RUNS):
        started = time.perf_counter()
        subprocess.run(args, check=True, capture_output=True)
        times.append(time.perf_counter() - started)
    return times


def _import_seconds(args: list[str]) -> float:
    """Total import time: the cumulative times of the top-level imports ``-X importtime`` lists."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", *args], capture_output=True, text=True, check=True
    )
    top = re.findall(r"^import time:\s+\d+ \|\s+(\d+) \| (?! )", done.stderr, re.M)
    return round(sum(int(us) for us in top) / 1e6, 3)


def main(workdir: str) -> None:
    settings = bench_settings(workdir)
    cli = [sys.executable, "-m", "talentradar", "--db", str(settings.db_path)]
    helps = _seconds([*cli, "--help"])
    reads = _seconds([*cli, "tracker", "--venue", "neurips", "--year", "2019", "--format", "json"])
    print(
        json.dumps(
            {
                "peak_rss_mb": peak_rss_mb(),
                "target": {"help_seconds": 0.3, "read_seconds": 0.3},
                "runs": RUNS,
                "help_seconds": {
                    "best": round(min(helps), 3),
                    "median": round(statistics.median(helps), 3),
                },
                "read_seconds": {
                    "best": round(min(reads), 3),
                    "median": round(statistics.median(reads), 3),
                },
                "help_import_seconds": _import_seconds(["-m", "talentradar", "--help"]),
                "python_start_seconds": round(min(_seconds([sys.executable, "-c", "pass"])), 3),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
