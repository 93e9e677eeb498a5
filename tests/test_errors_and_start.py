"""Errors people can act on, safe settings, a quick CLI, and workers that end with their
parent."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from talentradar.errors import ConfigError
from talentradar.pipeline import build
from talentradar.settings import load_settings
from tests.conftest import copy_radar, make_mirror

HEAVY = ("pyarrow", "numpy", "duckdb", "splink", "pandas", "fastapi", "talentradar.pipeline")


def _cli(*args: str, env: dict[str, str] | None = None) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-m", "talentradar", *args],
        capture_output=True,
        text=True,
        timeout=300,
        env={**os.environ, **(env or {})},
    )


def test_the_cli_starts_without_heavy_imports() -> None:
    code = (
        "import sys; from talentradar.cli import cli\n"
        "try:\n    cli.main(['--help'], standalone_mode=False)\nexcept SystemExit:\n    pass\n"
        f"print([m for m in sys.modules if m.split('.')[0] in {HEAVY!r} or m in {HEAVY!r}])"
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    assert "build" in done.stdout and "tracker" in done.stdout
    assert done.stdout.strip().splitlines()[-1] == "[]"


def test_a_missing_radar_says_run_build_without_a_traceback(tmp_path: Path) -> None:
    done = _cli("--db", str(tmp_path / "none.duckdb"), "tracker", "--venue", "neurips")
    assert done.returncode == 2
    assert "run `talentradar build`" in done.stderr and "Traceback" not in done.stderr


def test_a_build_with_a_skipped_file_exits_nonzero_and_names_it(tmp_path: Path) -> None:
    mirror = make_mirror(tmp_path / "data")
    odd = mirror / "paperlists" / "nope" / "nope2020.json"
    odd.parent.mkdir()
    odd.write_text("[]")
    done = _cli("--db", str(tmp_path / "tr.duckdb"), "--data-dir", str(mirror), "build")
    assert done.returncode == 1, done.stderr
    assert "nope2020.json" in done.stderr and "unknown venue" in done.stderr
    assert (tmp_path / "tr.duckdb").exists()  # everything else was built
    stats = _cli("--db", str(tmp_path / "tr.duckdb"), "stats", "--format", "json")
    assert json.loads(stats.stdout)["tables"]["papers"] > 0


@pytest.mark.parametrize(
    ("value", "says"),
    [
        ("nuerips", "did you mean 'neurips'"),
        ("neurips'); drop table x; --", "unknown venue"),
        ("neurips,", None),
    ],
)
def test_top_venues_are_checked_against_the_catalogue(value: str, says: str | None) -> None:
    if says is None:
        assert load_settings(top_venues=value).top_venues == ("neurips",)
        return
    with pytest.raises(ConfigError, match=says.replace("(", r"\(").replace(")", r"\)")):
        load_settings(top_venues=value)


def test_top_venues_from_the_environment_never_reach_sql() -> None:
    done = _cli("stats", env={"TALENTRADAR_TOP_VENUES": "neurips'); drop table x; --"})
    assert done.returncode == 2 and "top_venues" in done.stderr and "Traceback" not in done.stderr


def test_an_unexpected_api_error_is_a_500_in_the_error_shape(fixture_settings, tmp_path) -> None:
    from talentradar.api.app import create_app

    app = create_app(copy_radar(fixture_settings, tmp_path))

    @app.get("/api/boom")
    def boom() -> None:
        raise RuntimeError(f"secret detail at {tmp_path}/private.py")

    with TestClient(app, raise_server_exceptions=False) as client:
        answer = client.get("/api/boom")
    assert answer.status_code == 500
    assert answer.headers["content-type"].startswith("application/json")
    body = answer.json()
    assert set(body) == {"error"} and body["error"]["status"] == 500
    assert len(body["error"]["detail"]["error_id"]) == 12
    assert str(tmp_path) not in answer.text and "Traceback" not in answer.text


def test_api_stats_shows_no_server_paths(tmp_path: Path) -> None:
    from talentradar.api.app import create_app

    mirror = make_mirror(tmp_path / "data")
    (mirror / "paperlists" / "nips" / "nips2021.json").write_text("{ broken")
    settings = load_settings(data_dir=str(mirror.resolve()), db_path=tmp_path / "tr.duckdb")
    build(settings)
    with TestClient(create_app(settings)) as client:
        failed = client.get("/api/stats").json()["failed_files"]
    assert failed and "nips2021.json" in json.dumps(failed)
    assert str(tmp_path) not in json.dumps(failed)


SLEEPER = """
import sys, time
from talentradar.workers import map_in_order
for future in map_in_order(time.sleep, [(120,), (120,)], in_workers=True):
    future.result()
"""


def _children(pid: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                fields = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry.name))
    return found


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="reads /proc")
def test_workers_end_when_their_parent_is_killed() -> None:
    parent = subprocess.Popen([sys.executable, "-c", SLEEPER])
    deadline = time.monotonic() + 60
    while len(_children(parent.pid)) < 3 and time.monotonic() < deadline:  # 2 workers + tracker
        time.sleep(0.2)
    workers = _children(parent.pid)
    assert len(workers) >= 2
    os.kill(parent.pid, signal.SIGKILL)
    parent.wait()
    deadline = time.monotonic() + 15
    while any(Path(f"/proc/{w}").exists() for w in workers) and time.monotonic() < deadline:
        time.sleep(0.2)
    alive = [w for w in workers if Path(f"/proc/{w}").exists() and "Z" not in _state(w)]
    assert not alive, f"workers still running after their parent was killed: {alive}"


def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return "Z"
