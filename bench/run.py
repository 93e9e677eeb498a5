"""Benchmarks (not tests): ``make bench`` runs them all and writes bench/results/*.json.

Each benchmark runs in a fresh subprocess so that wall time and peak memory
(max RSS of the child) are its own.
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import resource
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).parent / "results"
BENCHMARKS = {
    "build": "bench.build_corpus",
    "link": "bench.link_corpus",
    "flows": "bench.flows_corpus",
    "scout": "bench.scout_latency",
    "link_synthetic": "bench.link_synthetic",
    "api_load": "bench.api_load",
}
# Benchmarks that read a built store reuse the one "build" made (when it ran first).
NEEDS_STORE = {"link", "flows", "scout", "api_load"}


def run_child(module: str, args: list[str]) -> dict[str, Any]:
    """Run ``python -m module args`` and return its JSON stdout plus wall time and peak memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", module, *args], capture_output=True, text=True, check=True
    )
    wall = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result: dict[str, Any] = json.loads(out.stdout.strip().splitlines()[-1])
    result["wall_seconds"] = round(wall, 2)
    result.setdefault("peak_rss_mb", round(max(peak_kb, before) / 1024, 1))
    return result


def peak_rss_mb() -> float:
    """The calling process's own peak resident memory (benchmarks report it themselves)."""
    return round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)


def machine() -> dict[str, Any]:
    return {
        "cpus": os.cpu_count(),
        "python": platform.python_version(),
        "platform": platform.platform(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument(
        "names", nargs="*", default=list(BENCHMARKS), help=f"any of {list(BENCHMARKS)}"
    )
    args = parser.parse_args()
    RESULTS.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory() as shared:
        built = Path(shared) / "bench.duckdb"
        for name in args.names:
            with tempfile.TemporaryDirectory() as tmp:
                if name in NEEDS_STORE and built.exists():
                    os.environ["TALENTRADAR_BENCH_DB"] = str(built)
                result = run_child(BENCHMARKS[name], [shared if name == "build" else tmp])
            result |= {
                "benchmark": name,
                "at": datetime.now(UTC).isoformat(timespec="seconds"),
                "machine": machine(),
            }
            (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")
            print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
