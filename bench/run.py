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
import threading
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
    "cli_startup": "bench.cli_startup",
    "pages": "bench.pages_latency",
    "tracker": "bench.tracker_latency",
}
# Benchmarks that read a built store reuse the one "build" made (when it ran first).
NEEDS_STORE = {"link", "flows", "scout", "api_load", "cli_startup", "pages", "tracker"}


def run_child(module: str, args: list[str]) -> dict[str, Any]:
    """Run ``python -m module args`` and return its JSON stdout plus wall time and peak memory.

    ``peak_rss_mb`` is the peak of the whole process tree (the build's worker processes
    included): the larger of the RSS sum sampled every 0.1 s and the peak the benchmark
    reports of its own process; ``peak_rss_mb_self`` is the latter alone (when reported)."""
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-m", module, *args], stdout=subprocess.PIPE, text=True
    )
    peak = [0]

    def sample() -> None:
        while child.poll() is None:
            peak[0] = max(peak[0], tree_rss_kb(child.pid))
            time.sleep(0.1)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, _ = child.communicate()
    sampler.join()
    wall = time.perf_counter() - started
    if child.returncode:
        raise subprocess.CalledProcessError(child.returncode, module)
    result: dict[str, Any] = json.loads(out.strip().splitlines()[-1])
    result["wall_seconds"] = round(wall, 2)
    own = result.pop("peak_rss_mb", None)
    result["peak_rss_mb"] = round(max(peak[0] / 1024, own or 0.0), 1)
    if own is not None:
        result["peak_rss_mb_self"] = own
    return result


def tree_rss_kb(pid: int) -> int:
    """Resident memory of a process and all its descendants, in kB (0 once it is gone)."""
    children: dict[int, list[int]] = {}
    rss: dict[int, int] = {}
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            status = (entry / "status").read_text()
        except OSError:
            continue
        fields = dict(line.split(":", 1) for line in status.splitlines() if ":" in line)
        ppid = int(fields.get("PPid", "0").strip())
        children.setdefault(ppid, []).append(int(entry.name))
        rss[int(entry.name)] = int(fields.get("VmRSS", "0 kB").split()[0] or 0)
    total, todo = 0, [pid]
    while todo:
        current = todo.pop()
        total += rss.get(current, 0)
        todo.extend(children.get(current, []))
    return total


def bench_settings(workdir: str) -> Any:
    """Settings over the store a benchmark reads: the one ``build`` made
    (TALENTRADAR_BENCH_DB), else a store built here in ``workdir``."""
    from talentradar.pipeline import build
    from talentradar.settings import load_settings

    db = os.environ.get("TALENTRADAR_BENCH_DB")
    settings = load_settings(
        db_path=Path(db) if db else Path(workdir) / "bench.duckdb",
        data_dir=os.environ.get("TALENTRADAR_DATA_DIR", "../shared/data"),
    )
    if not db:
        build(settings)
    return settings


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
