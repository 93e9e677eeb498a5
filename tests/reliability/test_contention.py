"""Concurrent writers and readers against a real server (uvicorn, over HTTP): every write is
acknowledged (201) or refused in the error shape (4xx/503), never a 500 or a dropped
connection, and every acknowledged write is stored."""

from __future__ import annotations

import json
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from tests.conftest import copy_radar, make_token

pytest.importorskip("uvicorn")


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture
def server(fixture_settings, tmp_path: Path):
    settings = copy_radar(fixture_settings, tmp_path / "var")
    token = make_token(settings, "contention")
    port = _port()
    process = subprocess.Popen(
        [
            sys.executable, "-m", "talentradar", "--db", str(settings.db_path),
            "--data-dir", settings.data_dir, "serve", "--port", str(port),
        ],
        stderr=(tmp_path / "serve.log").open("w"), text=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    for _ in range(300):
        try:
            urllib.request.urlopen(url + "/api/venues", timeout=5)
            break
        except OSError:
            time.sleep(0.2)
    from talentradar.store.radar import reading

    with reading(settings) as radar:
        rows = radar.query("SELECT person_id FROM persons ORDER BY person_id LIMIT 200")
    persons = [r["person_id"] for r in rows]
    yield url, token, persons
    process.terminate()
    process.wait(timeout=30)


def _call(url: str, method: str, path: str, token: str | None = None, body=None):
    """(status, JSON body); a dropped connection raises."""
    data = None if body is None else json.dumps(body).encode()
    request = urllib.request.Request(url + path, data=data, method=method)
    request.add_header("Content-Type", "application/json")
    if token:
        request.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(request, timeout=120) as answer:
            return answer.status, json.loads(answer.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


def _add(url, token, shortlist, person):
    return _call(url, "POST", f"/api/shortlists/{shortlist}/entries", token, {"person_id": person})


def _check(results) -> None:
    for status, body in results:
        assert status == 201 or (400 <= status < 500 or status == 503), (status, body)
        if status != 201:
            assert set(body) == {"error"} and body["error"]["status"] == status


def _stored(url, shortlist) -> set[str]:
    status, body = _call(url, "GET", f"/api/shortlists/{shortlist}")
    assert status == 200, body
    return {e["person_id"] for e in body["entries"]}


def test_twenty_concurrent_adds_to_one_list_and_to_new_lists(server) -> None:
    url, token, persons = server
    assert len(persons) >= 5
    chosen = [persons[i % len(persons)] for i in range(20)]
    with ThreadPoolExecutor(40) as pool:
        one = list(pool.map(lambda p: _add(url, token, "together", p), chosen))
        new = list(pool.map(lambda i: _add(url, token, f"list-{i}", chosen[i]), range(20)))
    _check(one + new)
    # one process: writers take turns, none is refused
    assert [status for status, _ in one + new] == [201] * 40
    assert _stored(url, "together") == set(chosen)
    for i in range(20):
        assert _stored(url, f"list-{i}") == {chosen[i]}
    log = _call(url, "GET", "/api/audit?action=shortlist.add&limit=1000", token)[1]["audit"]
    assert len(log) == 40 and {line["actor"] for line in log} == {"token:contention"}


@pytest.mark.reliability
def test_fifty_readers_and_twenty_writers_for_a_minute(server, capsys) -> None:
    url, token, persons = server
    deadline = time.monotonic() + 60
    reads: list[float] = []
    writes: list[tuple[str, int]] = []

    def reader(i: int) -> list[tuple[int, dict]]:
        out = []
        paths = (
            "/api/shortlists/contended",
            "/api/stats",
            f"/api/people?q={'an' if i % 2 else 'li'}",
        )
        while time.monotonic() < deadline:
            started = time.perf_counter()
            status, body = _call(url, "GET", paths[i % 3])
            reads.append(time.perf_counter() - started)
            out.append((status, body))
        return out

    def writer(i: int) -> list[tuple[int, dict]]:
        out, n = [], 0
        while time.monotonic() < deadline:
            person = persons[(i * 7 + n) % len(persons)]
            status, body = _add(url, token, "contended", person)
            if status == 201:
                writes.append((person, status))
            out.append((status, body))
            n += 1
        return out

    with ThreadPoolExecutor(70) as pool:
        futures = [pool.submit(reader, i) for i in range(50)]
        futures += [pool.submit(writer, i) for i in range(20)]
        results = [r for f in futures for r in f.result()]
    statuses = [s for s, _ in results]
    _check([r for r in results if r[0] != 200])
    assert not [s for s in statuses if s >= 500 and s != 503]
    reads.sort()
    p95 = reads[int(0.95 * (len(reads) - 1))]
    with capsys.disabled():
        print(
            f"\ncontention 60 s: {len(reads)} reads (p95 {p95 * 1000:.0f} ms), "
            f"{len(writes)} acknowledged writes, "
            f"{sum(1 for s in statuses if s == 503)} × 503, "
            f"{sum(1 for s in statuses if s >= 500 and s != 503)} × 5xx"
        )
    assert writes and {p for p, _ in writes} <= _stored(url, "contended")
    assert {p for p, _ in writes} == _stored(url, "contended")
