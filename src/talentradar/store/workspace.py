"""The workspace: what users create (tokens, shortlists, overrides, suppressions, imported
files), kept apart from the radar so that a rebuild never touches it.

A DuckDB file held read-write excludes every other process, so the workspace is never held
open: each read or write opens it, does its work and closes it, waiting while another process
has it (a build copying imports, a CLI write, ``serve`` answering a write). Readers of the
radar see the user tables as a *snapshot* registered on the radar connection, refreshed when
the workspace changes (every write touches a marker file beside it).
"""

from __future__ import annotations

import os
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import pyarrow as pa

from talentradar.errors import StoreLockedError
from talentradar.store.duckdb import DuckDBStore

USER_TABLES = ("suppressions", "person_overrides", "shortlists", "shortlist_entries", "api_tokens")
"""The workspace tables radar readers see (registered on every radar connection)."""

LOCK_TIMEOUT = 30.0
"""Seconds a read or write waits for another process to release the workspace."""


class Workspace:
    """The workspace file at ``path``; opened for one read or write at a time."""

    def __init__(self, path: Path, timeout: float = LOCK_TIMEOUT) -> None:
        self.path = path
        self.marker = path.with_name(path.name + ".changed")
        self.timeout = timeout
        self._writing = threading.Lock()
        self._snapshot: tuple[tuple[int, int] | None, dict[str, pa.Table]] | None = None
        self._ready = False

    @contextmanager
    def write(self, transaction: bool = True) -> Iterator[DuckDBStore]:
        """The workspace opened read-write for one transaction (or for a caller that makes its
        own, e.g. a load); writers in this process take turns, other processes are waited
        for (up to ``timeout``)."""
        with self._writing:
            store = self._open(read_only=False)
            try:
                if transaction:
                    with store.transaction():
                        yield store
                else:
                    yield store
            finally:
                store.close()
            self._touch()

    @contextmanager
    def read(self) -> Iterator[DuckDBStore]:
        """The workspace opened read-only (created first when there is none, and given the
        current schema when it lacks a table)."""
        if not self._ready:
            self._prepare()
        store = self._open(read_only=True)
        try:
            yield store
        finally:
            store.close()

    def snapshot(self) -> dict[str, pa.Table]:
        """The user tables as Arrow tables, read again only when the workspace has changed."""
        key = self._version()
        if self._snapshot is None or self._snapshot[0] != key or key is None:
            with self.read() as store:
                tables = {t: store.arrow(f"SELECT * FROM {t}") for t in USER_TABLES}
            self._snapshot = (self._version(), tables)
        return self._snapshot[1]

    def _prepare(self) -> None:
        if self.path.exists():
            store = self._open(read_only=True)
            try:
                current = set(store.tables()) >= {*USER_TABLES, "records", "loads", "quarantine"}
            finally:
                store.close()
            if current:
                self._ready = True
                return
        with self.write():
            pass  # the schema is applied when opened for writing
        self._ready = True

    def _open(self, read_only: bool) -> DuckDBStore:
        deadline = time.monotonic() + self.timeout
        pause = 0.02
        while True:
            try:
                return DuckDBStore(
                    self.path,
                    read_only=read_only,
                    threads=1,
                    memory_limit="512MB",
                    schema=("raw.sql", "workspace.sql"),
                )
            except StoreLockedError:
                if time.monotonic() >= deadline:
                    raise
                time.sleep(pause)
                pause = min(pause * 2, 0.5)

    def _version(self) -> tuple[int, int] | None:
        try:
            stat = self.marker.stat()
        except FileNotFoundError:
            return None
        return stat.st_mtime_ns, stat.st_ino

    def _touch(self) -> None:
        fresh = self.marker.with_name(self.marker.name + f".{os.getpid()}")
        fresh.write_text(str(time.time_ns()))
        os.replace(fresh, self.marker)


def register_snapshot(store: DuckDBStore, workspace: Workspace) -> None:
    """Make the workspace's user tables readable on ``store`` (and its cursors)."""
    for name, table in workspace.snapshot().items():
        store.register(name, table)
