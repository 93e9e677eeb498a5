"""Benchmark: people linkage of N synthetic mentions on DuckDB (default 5,000,000).

Target: completes on one 24 GB machine. Reports time per phase, peak memory
(by the harness) and B³ against the generator's true persons.
"""

from __future__ import annotations

import json
import os
import sys
import time
from pathlib import Path

from bench.run import peak_rss_mb
from bench.synthetic import generate
from talentradar.resolve.people.link import link_people
from talentradar.resolve.people.metrics import b_cubed
from talentradar.store.duckdb import DuckDBStore


def main(workdir: str) -> None:
    n = int(os.environ.get("TALENTRADAR_BENCH_MENTIONS", "5000000"))
    store = DuckDBStore(Path(workdir) / "synthetic.duckdb", memory_limit="16GB")
    started = time.perf_counter()
    written = generate(store, n)
    generated = time.perf_counter() - started
    started = time.perf_counter()
    summary = link_people(store, data_dir=workdir)
    seconds = time.perf_counter() - started
    truth = {
        r["mention_id"]: r["source_person_id"]
        for r in store.stream(
            "SELECT mention_id, source_person_id FROM mentions USING SAMPLE 200000 ROWS"
        )
    }
    found = {
        r["mention_id"]: r["person_id"]
        for r in store.stream(
            "SELECT mention_id, person_id FROM mention_person WHERE mention_id IN (SELECT unnest(?))",
            [list(truth)],
        )
    }
    store.close()
    print(
        json.dumps(
            {
                "peak_rss_mb": peak_rss_mb(),
                "target": {"mentions": 5_000_000, "memory_gb": 24},
                "mentions": written,
                "comparisons_scored": summary.pairs,
                "persons": summary.persons,
                "generate_seconds": round(generated, 1),
                "link_seconds": round(seconds, 1),
                "phases_seconds": {k: round(v, 1) for k, v in summary.seconds.items()},
                "b3_on_sample": b_cubed(found, truth).as_dict(),
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
