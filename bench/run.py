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
    "link_synthetic": "bench.link_synthetic",
}


def run_child(module: str, args: list[str]) -> dict[str, Any]:
    """Run ``python -m module args`` and return its JSON stdout plus wall time and peak memory."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    started = time.perf_counter()
    out = subprocess.run(
        [sys.executable, "-m", module, *args], capture_output=True, text=True, check=True
    )
    wall = time.perf_counter() - started
    peak_kb = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss
    result: dict[str, Any] = json.loads(out.stdout)
    result["wall_seconds"] = round(wall, 2)
    result["peak_rss_mb"] = round(max(peak_kb, before) / 1024, 1)
    return result


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
    for name in args.names:
        with tempfile.TemporaryDirectory() as tmp:
            result = run_child(BENCHMARKS[name], [tmp])
        result |= {
            "benchmark": name,
            "at": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": machine(),
        }
        (RESULTS / f"{name}.json").write_text(json.dumps(result, indent=2) + "\n")
        print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
