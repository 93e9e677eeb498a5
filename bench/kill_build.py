"""kill -9 of a build at chosen moments: the previous radar answers throughout, no worker
outlives the build, and the next build gives counts identical to a clean one.

    python -m bench.kill_build [--at 10 30 60] [--data-dir ../shared/data]

Writes bench/results/kill_build.json.
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

from talentradar.settings import load_settings
from talentradar.store.radar import open_radar

RESULTS = Path(__file__).parent / "results"


def _counts(settings: Any) -> dict[str, int]:
    store = open_radar(settings)
    try:
        return {
            t: store.query(f"SELECT count(*) AS n FROM {t}")[0]["n"]
            for t in store.tables()
            if t != "build_info"
        }
    finally:
        store.close()


def _answer(settings: Any) -> Any:
    store = open_radar(settings)
    try:
        return store.query(
            "SELECT count(*) AS n, count(DISTINCT person_id) AS p FROM mention_person"
        )[0]
    finally:
        store.close()


def _build(settings: Any) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [
            sys.executable, "-m", "talentradar", "--db", str(settings.db_path),
            "--data-dir", settings.data_dir, "build",
        ],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
    )  # fmt: skip


def _descendants(pid: int) -> list[int]:
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                ppid = int((entry / "stat").read_text().rsplit(")", 1)[1].split()[1])
            except OSError:
                continue
            children.setdefault(ppid, []).append(int(entry.name))
    found, todo = [], [pid]
    while todo:
        for child in children.get(todo.pop(), []):
            found.append(child)
            todo.append(child)
    return found


def _alive(pid: int) -> bool:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] != "Z"
    except OSError:
        return False


def kill_at(settings: Any, seconds: float, reference: Any) -> dict[str, Any]:
    child = _build(settings)
    started = time.monotonic()
    reads, wrong, workers = 0, 0, set()
    while time.monotonic() - started < seconds:
        workers.update(_descendants(child.pid))
        reads += 1
        wrong += _answer(settings) != reference
        time.sleep(1.0)
    workers.update(_descendants(child.pid))
    os.kill(child.pid, signal.SIGKILL)
    child.wait()
    time.sleep(3.0)
    survivors = [w for w in workers if _alive(w)]
    return {
        "killed_at_s": seconds,
        "reads_during_build": reads,
        "reads_with_a_different_answer": wrong,
        "worker_processes_seen": len(workers),
        "workers_alive_3s_after_kill": len(survivors),
        "previous_radar_answers_after_kill": _answer(settings) == reference,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--at", type=float, nargs="+", default=[10, 30, 60])
    parser.add_argument(
        "--data-dir", default=os.environ.get("TALENTRADAR_DATA_DIR", "../shared/data")
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as folder:
        settings = load_settings(data_dir=args.data_dir, db_path=Path(folder) / "tr.duckdb")
        first = _build(settings)
        first.wait()
        clean, reference = _counts(settings), _answer(settings)
        kills = [kill_at(settings, at, reference) for at in args.at]
        last = _build(settings)
        last.wait()
        after = _counts(settings)
    result = {
        "kills": kills,
        "next_build_exit": last.returncode,
        "next_build_counts_equal_clean": after == clean,
        "tables_compared": len(clean),
        "differences": {
            t: (clean.get(t), after.get(t)) for t in clean if clean.get(t) != after.get(t)
        },
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "kill_build.json").write_text(json.dumps(result, indent=2) + "\n")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
