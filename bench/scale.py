"""Benchmark: the whole build on OpenAlex-shaped synthetic works, by size and engine.

``python -m bench.scale --sizes 1000000,5000000 --engines duckdb,spark1,spark2 --work DIR``
generates each size once (``bench.openalex_synthetic``, in its own process), builds it with
each engine in a fresh process, and merges the results into bench/results/scale.json: wall
time and peak memory (resident memory of the build's whole process tree, Spark's JVM
included) per step, B³ against the generator's persons over every mention, and the counts.
A build that fails or is stopped is recorded with its error. Engines: ``duckdb``,
``sparkN`` (``--engine spark`` on ``local[N]``).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import threading
import time
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from bench.run import RESULTS, machine, run_child, tree_rss_kb

SAMPLE_S = 0.2


class StepClock:
    """A Progress that notes when each step starts and last advances."""

    def __init__(self) -> None:
        self.steps: dict[str, list[float]] = {}
        self.started = time.perf_counter()

    def step(self, description: str, total: int | None = None):
        now = time.perf_counter() - self.started
        self.steps[description] = [now, now]

        def advance(n: int = 1) -> None:
            self.steps[description][1] = time.perf_counter() - self.started

        return advance


def _sampler(series: list[tuple[float, int]], started: float, stop: threading.Event) -> None:
    while not stop.is_set():
        series.append((time.perf_counter() - started, tree_rss_kb(os.getpid())))
        stop.wait(SAMPLE_S)


def one(data: str, engine: str, db: str) -> dict[str, Any]:
    """Build ``data`` into ``db`` with ``engine``; the JSON the harness reads."""
    from talentradar.pipeline import build
    from talentradar.settings import load_settings

    kind = "spark" if engine.startswith("spark") else "duckdb"
    if kind == "spark":
        os.environ["TALENTRADAR_SPARK_MASTER"] = f"local[{engine[5:] or 2}]"
    settings = load_settings(
        data_dir=data,
        db_path=Path(db),
        engine=kind,
        memory_limit=os.environ.get("TALENTRADAR_BENCH_MEMORY", "10GB"),
    )
    clock, series, stop = StepClock(), [], threading.Event()
    sampler = threading.Thread(target=_sampler, args=(series, clock.started, stop), daemon=True)
    sampler.start()
    summary = build(settings, progress=clock)
    end = time.perf_counter() - clock.started
    stop.set()
    sampler.join()
    return {
        "steps": _steps(clock.steps, series, end),
        "counts": {k: summary.counts.get(k) for k in ("papers", "mentions", "persons", "moves")},
        "quality": b_cubed(settings),
        "build_seconds": round(end, 1),
    }


def _steps(steps: dict[str, list[float]], series: list[tuple[float, int]], end: float):
    names = list(steps)
    out = {}
    for i, name in enumerate(names):
        start = steps[name][0]
        stop = max(steps[name][1], steps[names[i + 1]][0] if i + 1 < len(names) else end)
        if name == "index for search":  # runs beside orgs and people: its own last advance
            stop = steps[name][1]
        peak = max((kb for t, kb in series if start <= t <= stop), default=0)
        out[name] = {"seconds": round(stop - start, 1), "peak_rss_mb": round(peak / 1024, 1)}
    tail = max((kb for t, kb in series if t >= steps[names[-1]][1]), default=0) if names else 0
    out["finish (person facts, market, counts)"] = {
        "seconds": round(end - (steps[names[-1]][1] if names else 0), 1),
        "peak_rss_mb": round(tail / 1024, 1),
    }
    return out


B3_SQL = """
WITH m AS (
    SELECT mp.person_id AS c, m.source_person_id AS t
    FROM mentions m JOIN mention_person mp USING (mention_id)
    WHERE m.source_person_id LIKE 'openalex:%'
),
ct AS (SELECT c, t, count(*) AS n FROM m GROUP BY ALL),
cs AS (SELECT c, count(*) AS n FROM m GROUP BY ALL),
ts AS (SELECT t, count(*) AS n FROM m GROUP BY ALL)
SELECT sum(ct.n * ct.n / cs.n) / sum(ct.n) AS precision,
       sum(ct.n * ct.n / ts.n) / sum(ct.n) AS recall,
       sum(ct.n) AS items
FROM ct JOIN cs USING (c) JOIN ts USING (t)
"""


def b_cubed(settings: Any) -> dict[str, float]:
    """B³ of the persons against the generator's (the OpenAlex author ids), every mention."""
    from talentradar.store.radar import open_radar

    store = open_radar(settings)
    try:
        row = store.query(B3_SQL)[0]
    finally:
        store.close()
    p, r = float(row["precision"]), float(row["recall"])
    return {
        "precision": round(p, 5),
        "recall": round(r, 5),
        "f1": round(2 * p * r / (p + r), 5),
        "items": int(row["items"]),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--sizes", default="1000000,5000000,20000000")
    parser.add_argument("--engines", default="duckdb")
    parser.add_argument("--work", default="var/bench-scale")
    parser.add_argument(
        "--registry", default=os.environ.get("TALENTRADAR_DATA_DIR", "../shared/data") + "/registry"
    )
    args = parser.parse_args()
    results_file = RESULTS / "scale.json"
    results = json.loads(results_file.read_text()) if results_file.exists() else {"runs": {}}
    for size in (int(s) for s in args.sizes.split(",")):
        data = Path(args.work) / f"openalex_{size}"
        if not (data / "openalex").exists():
            generated = run_child("bench.openalex_synthetic", [str(data), str(size), args.registry])
            (data / "generated.json").write_text(json.dumps(generated))
        generated = json.loads((data / "generated.json").read_text())
        for engine in args.engines.split(","):
            key = f"{engine}/{size}"
            db = data / f"{engine}.duckdb"
            for stale in data.glob(f"{engine}.duckdb*"):  # files and a Spark lake folder
                if stale.is_dir():
                    shutil.rmtree(stale)
                else:
                    stale.unlink()
            try:
                result = run_child("bench.scale", ["--one", str(data), engine, str(db)])
            except subprocess.CalledProcessError as exc:
                result = {"error": f"build failed (exit {exc.returncode})"}
            results["runs"][key] = {
                "engine": engine,
                "authorships": size,
                "generated": generated,
                **result,
                "at": datetime.now(UTC).isoformat(timespec="seconds"),
                "machine": machine(),
            }
            results_file.write_text(json.dumps(results, indent=2) + "\n")
            print(json.dumps(results["runs"][key], indent=2))


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--one":
        print(json.dumps(one(*sys.argv[2:5])))
    else:
        main()
