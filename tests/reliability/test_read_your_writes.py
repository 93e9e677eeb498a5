"""Read-your-writes across the radar/workspace split: a reader never answers from a workspace
snapshot older than an acknowledged write, even while another write is under way, and never
waits for that write (that was the shortlist row missing from the page after an add: a second
write held the turn, the reader got the snapshot from before the first write, and the response
cache kept that answer)."""

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


def _answered_while_held(workspace: Workspace) -> list[str]:
    """What a reader answers while another write holds the turn (it must not wait: ``serve``
    asks on its event loop, which the writer needs to finish)."""
    writer, release = _write_held(workspace)
    try:
        reader, seen = _read_in_thread(workspace)
        reader.join(10)
        assert not reader.is_alive(), "the reader waited for the write under way"
    finally:
        release.set()
        writer.join(30)
    return seen["names"]


def test_a_reader_behind_an_acknowledged_write_sees_it_while_another_write_runs(
    tmp_path,
) -> None:
    workspace = Workspace(tmp_path / "workspace.duckdb")
    assert _names(workspace) == []  # a snapshot from before the first write
    with workspace.write() as store:
        store.execute("INSERT INTO shortlists VALUES ('acknowledged', NULL, ?)", [datetime.now()])
    assert _answered_while_held(workspace) == ["acknowledged"]  # not 'held': not acknowledged


def test_a_write_of_another_process_is_seen_while_a_write_of_this_one_runs(tmp_path) -> None:
    workspace = Workspace(tmp_path / "workspace.duckdb")
    assert _names(workspace) == []
    other = Workspace(tmp_path / "workspace.duckdb")  # as a CLI command in another process
    with other.write() as store:
        store.execute("INSERT INTO shortlists VALUES ('from the CLI', NULL, ?)", [datetime.now()])
    assert _answered_while_held(workspace) == ["from the CLI"]


def test_a_current_reader_does_not_queue_behind_a_write(tmp_path) -> None:
    workspace = Workspace(tmp_path / "workspace.duckdb")
    with workspace.write() as store:
        store.execute("INSERT INTO shortlists VALUES ('acknowledged', NULL, ?)", [datetime.now()])
    assert _names(workspace) == ["acknowledged"]  # current before the next write begins
    assert _answered_while_held(workspace) == ["acknowledged"]
    assert sorted(_names(workspace)) == ["acknowledged", "held"]
