"""`serve` runs while CLI reads, `token create` and a full build run beside it; the server
answers throughout and then from the new radar, without a restart."""

from __future__ import annotations

import json
import os
import signal
import socket
import subprocess
import sys
import threading
import time
import urllib.request
from pathlib import Path

import pytest

from talentradar.pipeline import build
from talentradar.settings import load_settings
from tests.conftest import make_mirror

pytest.importorskip("uvicorn")


def _cli(settings, *args: str, timeout: float = 300) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable, "-m", "talentradar", "--db", str(settings.db_path),
            "--data-dir", settings.data_dir, *args,
        ],
        capture_output=True, text=True, timeout=timeout,
    )  # fmt: skip


def _port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _get(url: str) -> dict:
    with urllib.request.urlopen(url, timeout=30) as answer:
        return json.loads(answer.read())


@pytest.fixture
def served(tmp_path: Path):
    mirror = make_mirror(tmp_path / "data")
    settings = load_settings(data_dir=str(mirror), db_path=tmp_path / "var" / "tr.duckdb")
    build(settings)
    port = _port()
    server = subprocess.Popen(
        [
            sys.executable, "-m", "talentradar", "--db", str(settings.db_path),
            "--data-dir", settings.data_dir, "serve", "--port", str(port), "--read-only",
        ],
        stderr=subprocess.PIPE, text=True,
    )  # fmt: skip
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while True:
        try:
            _get(url + "/api/stats")
            break
        except OSError:
            if time.monotonic() > deadline or server.poll() is not None:
                server.kill()
                pytest.fail(f"serve did not start: {server.stderr.read() if server.stderr else ''}")
            time.sleep(0.2)
    yield settings, url
    server.send_signal(signal.SIGINT)
    try:
        server.wait(timeout=20)
    except subprocess.TimeoutExpired:
        server.kill()


def test_reads_token_and_a_build_all_succeed_while_serve_runs(served) -> None:
    settings, url = served
    before = _get(url + "/api/stats")["built_at"]
    answers: list[str] = []
    failures: list[str] = []
    stop = threading.Event()

    def poll() -> None:
        while not stop.is_set():
            try:
                answers.append(_get(url + "/api/stats")["built_at"])
            except Exception as exc:  # every failure is a finding
                failures.append(repr(exc))
            time.sleep(0.2)

    poller = threading.Thread(target=poll)
    poller.start()
    try:
        tracker = _cli(
            settings, "tracker", "--venue", "neurips", "--year", "2019", "--format", "json"
        )
        people = _cli(settings, "people", "show", "Alan Turing", "--format", "json")
        token = _cli(settings, "token", "create", "beside-serve")
        rebuilt = _cli(settings, "build")
    finally:
        time.sleep(1.0)
        stop.set()
        poller.join()
    for done in (tracker, people, token, rebuilt):
        assert done.returncode == 0, (done.args, done.stderr)
    assert json.loads(tracker.stdout)["cohorts"]
    assert token.stdout.strip().count(".") == 1
    assert not failures, failures[:3]
    assert answers and answers[0] == before
    after = _get(url + "/api/stats")["built_at"]
    assert after != before  # the new radar answers without a restart


def test_a_killed_build_leaves_the_previous_radar_answering(served) -> None:
    settings, url = served
    before = _get(url + "/api/tracker?venue=neurips&year=2019")
    for delay in (0.5, 2.0, 4.0):
        child = subprocess.Popen(
            [
                sys.executable, "-m", "talentradar", "--db", str(settings.db_path),
                "--data-dir", settings.data_dir, "build",
            ],
            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
        )  # fmt: skip
        time.sleep(delay)
        os.kill(child.pid, signal.SIGKILL)
        child.wait()
        assert _get(url + "/api/tracker?venue=neurips&year=2019") == before
        reads = _cli(
            settings, "tracker", "--venue", "neurips", "--year", "2019", "--format", "json"
        )
        assert reads.returncode == 0, reads.stderr
    clean = _cli(settings, "build")
    assert clean.returncode == 0, clean.stderr
    again = _get(url + "/api/tracker?venue=neurips&year=2019")
    assert again["rows"] == before["rows"] and again["cohorts"] == before["cohorts"]
