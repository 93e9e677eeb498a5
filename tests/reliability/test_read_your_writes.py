"""Read-your-writes across the radar/workspace split: a reader never answers from a workspace
snapshot older than an acknowledged write, even while another write is under way (that was the
shortlist row missing from the page after an add: a second write held the turn, the reader got
the snapshot from before the first write, and the response cache kept that answer)."""

from __future__ import annotations

import threading
from datetime import datetime

from talentradar.store.workspace import Workspace


def _names(workspace: Workspace) -> list[str]:
    return workspace.snapshot()["shortlists"].column("name").to_pylist()


def _write_held(workspace: Workspace) -> tuple[threading.Thread, threading.Event]:
    """A second write that holds the turn until released."""
    started, release = threading.Event(), threading.Event()

    def hold() -> None:
        with workspace.write() as store:
            store.execute("INSERT INTO shortlists VALUES ('held', NULL, ?)", [datetime(2026, 1, 1)])
            started.set()
            release.wait(30)

    thread = threading.Thread(target=hold)
    thread.start()
    assert started.wait(30)
    return thread, release


def _read_in_thread(workspace: Workspace) -> tuple[threading.Thread, dict[str, list[str]]]:
    seen: dict[str, list[str]] = {}
    thread = threading.Thread(target=lambda: seen.update(names=_names(workspace)))
    thread.start()
    return thread, seen


def test_a_reader_behind_an_acknowledged_write_waits_for_the_write_under_way(tmp_path) -> None:
    workspace = Workspace(tmp_path / "workspace.duckdb")
    assert _names(workspace) == []  # a snapshot from before the first write
    with workspace.write() as store:
        store.execute("INSERT INTO shortlists VALUES ('acknowledged', NULL, ?)", [datetime.now()])
    writer, release = _write_held(workspace)
    reader, seen = _read_in_thread(workspace)
    reader.join(1.0)
    release.set()
    writer.join(30)
    reader.join(30)
    assert "acknowledged" in seen["names"]


def test_a_current_reader_does_not_queue_behind_a_write(tmp_path) -> None:
    workspace = Workspace(tmp_path / "workspace.duckdb")
    with workspace.write() as store:
        store.execute("INSERT INTO shortlists VALUES ('acknowledged', NULL, ?)", [datetime.now()])
    assert _names(workspace) == ["acknowledged"]  # current before the next write begins
    writer, release = _write_held(workspace)
    try:
        reader, seen = _read_in_thread(workspace)
        reader.join(10)
        answered_while_held = not reader.is_alive()
    finally:
        release.set()
        writer.join(30)
    assert answered_while_held
    assert seen["names"] == ["acknowledged"]  # the write under way is not acknowledged yet
    assert sorted(_names(workspace)) == ["acknowledged", "held"]
