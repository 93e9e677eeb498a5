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

USER_TABLES = (
    "suppressions",
    "suppression_keys",
    "audit_log",
    "person_overrides",
    "shortlists",
    "shortlist_entries",
    "api_tokens",
    "watches",
    "watch_changes",
)
"""The workspace tables radar readers see (registered on every radar connection)."""

LOCK_TIMEOUT = 30.0
"""Seconds a read or write waits for another process to release the workspace."""


class Workspace:
    """The workspace file at ``path``; opened for one read or write at a time."""

    def __init__(self, path: Path, timeout: float = LOCK_TIMEOUT) -> None:
        self.path = path
        self.marker = path.with_name(path.name + ".changed")
        self.timeout = timeout
        # every open in this process takes turns: DuckDB refuses a read-write connection
        # beside a read-only one to the same file in one process (and vice versa); a plain
        # lock, since an API write is released by the thread that ends its request
        self._writing = threading.Lock()
        self._snapshot: tuple[tuple[int, int] | None, dict[str, pa.Table]] | None = None
        self._ready = False

    @contextmanager
    def write(self, transaction: bool = True, actor: str | None = None) -> Iterator[DuckDBStore]:
        """The workspace opened read-write for one transaction (or for a caller that makes its
        own, e.g. a load); writers in this process take turns, other processes are waited
        for (up to ``timeout``). ``actor`` names the writer in the audit log (default
        ``cli:<user>``)."""
        with self._writing:
            store = self._open(read_only=False, schema=not self._ready)
            self._ready = True
            store.actor = actor  # type: ignore[attr-defined]
            try:
                if self._snapshot is not None and self._snapshot[0] != self._version():
                    self._keep(store)  # another process wrote since: the state this one starts from
                if transaction:
                    with store.transaction():
                        yield store
                else:
                    yield store
                self._touch()  # while the file is held: no other process writes in between
                if self._snapshot is not None:
                    self._keep(store)
            finally:
                store.close()

    def _keep(self, store: DuckDBStore) -> None:
        """The snapshot readers get while this process writes: the acknowledged state."""
        tables = {t: store.arrow(f"SELECT * FROM {t}") for t in USER_TABLES}
        self._snapshot = (self._version(), tables)

    @contextmanager
    def read(self) -> Iterator[DuckDBStore]:
        """The workspace opened read-only (created first when there is none, and given the
        current schema when it lacks a table)."""
        if not self._ready:
            self._prepare()
        with self._writing:
            store = self._open(read_only=True)
            try:
                yield store
            finally:
                store.close()

    def snapshot(self) -> dict[str, pa.Table]:
        """The user tables as Arrow tables, read again only when the workspace has changed.
        While a write of this process is under way, the kept snapshot is answered: every write
        of this process keeps the state it acknowledged (and, when another process wrote
        before it, the state it started from), so that snapshot holds every acknowledged
        write and not the one under way. Readers never wait for a writer (``serve`` asks on
        its event loop, which the writer needs to finish)."""
        key = self._version()
        if self._snapshot is not None and self._snapshot[0] == key and key is not None:
            return self._snapshot[1]
        if self._snapshot is not None and self._ready:
            if not self._writing.acquire(blocking=False):
                return self._snapshot[1]
            self._writing.release()
        with self.read() as store:
            version = self._version()  # taken under the turn: no write can land in between
            tables = {t: store.arrow(f"SELECT * FROM {t}") for t in USER_TABLES}
        self._snapshot = (version, tables)
        return self._snapshot[1]

    def _prepare(self) -> None:
        if self.path.exists():
            with self._writing:
                store = self._open(read_only=True)
                try:
                    current = set(store.tables()) >= {
                        *USER_TABLES,
                        "records",
                        "loads",
                        "quarantine",
                    }
                finally:
                    store.close()
            if current:
                self._ready = True
                return
        with self.write():
            pass  # the schema is applied when opened for writing
        self._ready = True

    def _open(self, read_only: bool, schema: bool = True) -> DuckDBStore:
        deadline = time.monotonic() + self.timeout
        pause = 0.02
        while True:
            try:
                return DuckDBStore(
                    self.path,
                    read_only=read_only,
                    threads=1,
                    memory_limit="512MB",
                    schema=("raw.sql", "workspace.sql") if schema else (),
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
