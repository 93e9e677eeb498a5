"""kill -9 of `people link` (a build step) and of a workspace write (`shortlist add` via the CLI)
at several moments: nothing stored is lost or duplicated, the previous radar keeps answering,
the locks are released, and the next run gives what a clean run gives."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time

import duckdb
import pytest

from tests.conftest import copy_radar, make_token

pytestmark = pytest.mark.reliability

LINK_KILLS = (0.5, 1.5, 3.0, 5.0)
"""Seconds after the start of `people link` (the fixture link takes several seconds)."""
WRITE_KILLS = (0.5, 1.5, 2.5, 3.5, 4.5, 6.0, 8.0)
"""Seconds after the start of one `shortlist add` of ``ADDS`` persons (one transaction)."""
ADDS = 170


def _command(settings, *args: str) -> list[str]:
    return [
        sys.executable, "-m", "talentradar", "--db", str(settings.db_path),
        "--data-dir", settings.data_dir, *args,
    ]  # fmt: skip


def _run(settings, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(_command(settings, *args), capture_output=True, text=True, timeout=600)


def _killed_after(settings, seconds: float, *args: str) -> bool:
    """Run the command, kill -9 it after ``seconds``; True when it was still running."""
    child = subprocess.Popen(
        _command(settings, *args), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
    )
    time.sleep(seconds)
    running = child.poll() is None  # a finished child is reaped here: nothing left to kill
    if running:
        os.kill(child.pid, signal.SIGKILL)
    child.wait()
    return running


def _radar_state(path) -> dict[str, object]:
    """Row counts of every radar table and the person of every mention."""
    con = duckdb.connect(str(path), read_only=True)
    try:
        tables = [
            r[0]
            for r in con.execute(
                "SELECT table_name FROM information_schema.tables WHERE table_type = 'BASE TABLE'"
            ).fetchall()
        ]
        state: dict[str, object] = {
            t: con.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0]  # type: ignore[index]
            for t in tables
            if t != "loads"  # the load log gains a row per file and build by design
        }
        state["mention_person"] = con.execute(
            "SELECT mention_id, person_id FROM mention_person ORDER BY ALL"
        ).fetchall()
        return state
    finally:
        con.close()


def _entries(settings, name: str) -> tuple[list[tuple[str, int]], int]:
    """(person id, times listed) of the shortlist, and its number of audit lines."""
    con = duckdb.connect(str(settings.workspace_file), read_only=True)
    try:
        rows = con.execute(
            "SELECT person_id, count(*) FROM shortlist_entries WHERE shortlist = ? "
            "GROUP BY ALL ORDER BY 1",
            [name],
        ).fetchall()
        audit = con.execute(
            "SELECT count(*) FROM audit_log WHERE action = 'shortlist.add' AND subject LIKE ?",
            [name + "/%"],
        ).fetchone()[0]  # type: ignore[index]
        return [(r[0], r[1]) for r in rows], audit
    finally:
        con.close()


def test_a_killed_people_link_keeps_the_radar_and_the_next_link_is_clean(
    fixture_settings, tmp_path
) -> None:
    settings = copy_radar(fixture_settings, tmp_path / "var")
    before = _radar_state(settings.db_path)
    running = [_killed_after(settings, s, "people", "link") for s in LINK_KILLS]
    assert any(running), "no kill landed while `people link` ran; lengthen LINK_KILLS"
    assert _radar_state(settings.db_path) == before  # the radar as it was, nothing half-made
    reads = _run(settings, "tracker", "--venue", "neurips", "--year", "2019", "--format", "json")
    assert reads.returncode == 0, reads.stderr
    again = _run(settings, "people", "link")  # the build lock was released by each kill
    assert again.returncode == 0, again.stderr
    assert _radar_state(settings.db_path) == before  # the same as the clean link gave
    assert not settings.db_path.with_name(settings.db_path.name + ".new").exists()


def test_a_killed_shortlist_add_stores_all_or_nothing_and_the_next_run_is_clean(
    fixture_settings, tmp_path
) -> None:
    settings = copy_radar(fixture_settings, tmp_path / "var")
    con = duckdb.connect(str(settings.db_path), read_only=True)
    persons = [r[0] for r in con.execute("SELECT person_id FROM persons ORDER BY 1").fetchall()]
    con.close()
    make_token(settings, "before the kills")  # the workspace exists (with a row) beforehand
    adds = persons * (ADDS // len(persons))  # each person many times: a write of seconds
    outcomes = []
    for i, seconds in enumerate(WRITE_KILLS):
        name = f"killed {i}"
        running = _killed_after(settings, seconds, "shortlist", "add", name, *adds)
        entries, audit = _entries(settings, name)
        # one transaction: every person once and an audit line per add, or nothing at all
        assert (entries, audit) in (([], 0), ([(p, 1) for p in persons], len(adds))), seconds
        outcomes.append((running, bool(entries)))
        done = _run(settings, "shortlist", "add", name, *adds)  # the workspace is free
        assert done.returncode == 0, done.stderr
        listed, lines = _entries(settings, name)
        assert listed == [(p, 1) for p in persons]  # never twice
        assert lines == len(adds) * (2 if entries else 1)
    assert any(running and not stored for running, stored in outcomes), (
        f"no kill landed before the commit: {outcomes}"
    )
