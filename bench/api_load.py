"""Benchmark: 50 concurrent clients for 60 s on the API's main read endpoints (loopback only).

Starts ``talentradar serve --read-only`` on a free loopback port over a built store
(TALENTRADAR_BENCH_DB, else one is built), draws each request at random (seeded)
from a pool of real URLs — tracker for every loaded venue-year, flows, poaching,
org profiles, people search and profiles, scout queries — and reports p50/p95/p99
latency, error count and throughput, overall and per endpoint.

Two phases: ``cold`` asks every URL of the pool once (8 clients), so each answer
is computed from the store; ``load`` then runs 50 clients for 60 s, answers coming
from the app's read cache as in use (the cache is emptied by every write).
The server's start-up warming (``api/warm.py``) is waited for first (its "ready:" line on
stderr; ``warm_s``), so that neither phase shares the CPU with it.
Target on 2 cores (issue 16): load p95 < 50 ms, zero errors.
"""

from __future__ import annotations

import asyncio
import json
import os
import random
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx2

from bench.run import bench_settings

CLIENTS = 50
SECONDS = 60
SCOUT = [
    "diffusion models",
    "graph neural networks",
    "federated learning",
    "speech recognition",
    "reinforcement learning",
    "machine translation",
    "object detection",
    "causal inference",
]


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _pool(client: httpx2.Client) -> list[tuple[str, str]]:
    """(endpoint, url) pairs drawn from what the store holds."""
    pool: list[tuple[str, str]] = []
    for venue in client.get("/api/venues").json()["venues"]:
        for year in venue["years"][-4:]:
            pool.append(("tracker", f"/api/tracker?venue={venue['venue']}&year={year}"))
            pool.append(("tracker", f"/api/tracker?venue={venue['venue']}&year={year}&by=sector"))
    for by in ("country", "sector", "parent"):
        for tier in ("all", "top"):
            pool.append(("flows", f"/api/flows?by={by}&tier={tier}"))
    pool.append(("poaching", "/api/poaching"))
    orgs = client.get("/api/orgs", params={"limit": 40}).json()["orgs"]
    pool += [("org", f"/api/orgs/{o['org_id']}") for o in orgs]
    people: list[str] = []
    for org in orgs[:10]:
        people += [
            p["person_id"]
            for p in client.get(f"/api/orgs/{org['org_id']}").json()["top_researchers"][:5]
        ]
    pool += [("person", f"/api/people/{p}") for p in people]
    names = {
        client.get(f"/api/people/{p}").json()["person"]["name"].split()[-1] for p in people[:25]
    }
    pool += [("people_search", f"/api/people?q={quote(n)}") for n in sorted(names)]
    pool += [("scout", f"/api/scout?q={quote(q)}") for q in SCOUT]
    pool.append(("stats", "/api/stats"))
    return pool


Result = tuple[str, float, bool]


async def _get(client: httpx2.AsyncClient, endpoint: str, url: str, out: list[Result]) -> None:
    started = time.perf_counter()
    try:
        ok = (await client.get(url)).status_code == 200
    except httpx2.HTTPError:
        ok = False
    out.append((endpoint, 1000 * (time.perf_counter() - started), ok))


async def _random_client(
    base: str, pool: list[tuple[str, str]], seed: int, until: float, out: list[Result]
) -> None:
    rng = random.Random(seed)
    async with httpx2.AsyncClient(base_url=base, timeout=30) as client:
        while time.monotonic() < until:
            await _get(client, *rng.choice(pool), out)


async def _each_once(
    base: str, pool: list[tuple[str, str]], clients: int, out: list[Result]
) -> None:
    queue = list(pool)

    async def worker() -> None:
        async with httpx2.AsyncClient(base_url=base, timeout=120) as client:
            while queue:
                await _get(client, *queue.pop(), out)

    await asyncio.gather(*(worker() for _ in range(clients)))


def _report(results: list[Result], elapsed: float) -> dict[str, Any]:
    endpoints = sorted({e for e, _, _ in results})
    return {
        "seconds": round(elapsed, 1),
        "errors": sum(not ok for _, _, ok in results),
        "requests_per_second": round(len(results) / elapsed, 1),
        "overall": _summary([ms for _, ms, _ in results]),
        "by_endpoint": {e: _summary([ms for x, ms, _ in results if x == e]) for e in endpoints},
    }


def _summary(ms: list[float]) -> dict[str, float]:
    q = statistics.quantiles(ms, n=100) if len(ms) > 1 else [ms[0]] * 99
    return {
        "requests": len(ms),
        "p50_ms": round(q[49], 1),
        "p95_ms": round(q[94], 1),
        "p99_ms": round(q[98], 1),
    }


def _peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return round(int(line.split()[1]) / 1024, 1)
    return 0.0


def _watch_stderr(server: subprocess.Popen[str], ready: threading.Event) -> None:
    """Drain the server's stderr; set ``ready`` at its "ready:" line (the warming is done)."""
    assert server.stderr is not None
    for line in server.stderr:
        if line.startswith("ready:"):
            ready.set()


def main(workdir: str) -> None:
    settings = bench_settings(workdir)
    data_dir = str(settings.data_dir)
    port = _free_port()
    base = f"http://127.0.0.1:{port}"
    server = subprocess.Popen(
        [
            sys.executable,
            "-c",
            "from talentradar.cli import main; main()",
            "--data-dir",
            data_dir,
            "--db",
            str(settings.db_path),
            "serve",
            "--host",
            "127.0.0.1",
            "--port",
            str(port),
            "--read-only",
        ],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        text=True,
    )
    started = time.perf_counter()
    ready = threading.Event()
    threading.Thread(target=_watch_stderr, args=(server, ready), daemon=True).start()
    try:
        with httpx2.Client(base_url=base, timeout=60) as client:
            deadline = time.monotonic() + 120
            while True:
                try:
                    if client.get("/api/stats").status_code == 200:
                        break
                except httpx2.HTTPError:
                    pass
                if time.monotonic() > deadline or server.poll() is not None:
                    raise SystemExit("the server did not start")
                time.sleep(0.2)
            if not ready.wait(900):
                raise SystemExit("the server's start-up warming did not finish")
            warm_s = round(time.perf_counter() - started, 1)
            pool = _pool(client)
        cold: list[Result] = []
        started = time.perf_counter()
        asyncio.run(_each_once(base, pool, 8, cold))
        cold_seconds = time.perf_counter() - started

        load: list[Result] = []
        until = time.monotonic() + SECONDS

        async def run() -> None:
            await asyncio.gather(
                *(_random_client(base, pool, i, until, load) for i in range(CLIENTS))
            )

        started = time.perf_counter()
        asyncio.run(run())
        load_seconds = time.perf_counter() - started
        server_rss = _peak_rss_mb(server.pid)
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(
        json.dumps(
            {
                "clients": CLIENTS,
                "distinct_urls": len(set(pool)),
                "target": {"load_p95_ms": 50, "errors": 0},
                "load_average": os.getloadavg()[0],
                "warm_s": warm_s,
                "cold": _report(cold, cold_seconds),
                "load": _report(load, load_seconds),
                "server_peak_rss_mb": server_rss,
            }
        )
    )


if __name__ == "__main__":
    main(sys.argv[1])
