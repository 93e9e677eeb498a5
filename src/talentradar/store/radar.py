"""The radar: every derived table, in one DuckDB file that readers open read-only.

A build never writes the served file. It takes the build lock, writes a new file beside it
(``<radar>.new``), copies in what it does not rebuild from the previous radar, and only when
every step has succeeded folds the log into the file and renames it over the old one
(``os.replace``). Readers that had the old file open keep reading it; every new connection
sees the new one. A failed or killed build leaves the previous radar as it was; the next
build removes the unfinished file.
"""

from __future__ import annotations

import fcntl
import os
import threading
from collections.abc import Callable, Iterable, Iterator
from contextlib import ExitStack, contextmanager
from pathlib import Path
from typing import Any

import duckdb

from talentradar.errors import StoreError, StoreLockedError
from talentradar.settings import Settings
from talentradar.store.duckdb import DuckDBStore
from talentradar.store.workspace import Workspace, register_snapshot

UNBUILT = "no radar at {path}; run `talentradar build` first"


def workspace_of(settings: Settings) -> Workspace:
    return Workspace(settings.workspace_file)


def open_radar(settings: Settings, workspace: Workspace | None = None) -> DuckDBStore:
    """The radar, read-only, with the workspace's user tables registered on it. A missing or
    unfinished radar says how to make one."""
    path = settings.db_path
    if not path.exists():
        raise StoreError(UNBUILT.format(path=path))
    store = DuckDBStore.reading(path, threads=settings.threads, memory_limit=settings.memory_limit)
    try:
        if "build_info" not in store.tables() or not store.query(
            "SELECT 1 FROM build_info WHERE key = 'built_at'"
        ):
            raise StoreError(UNBUILT.format(path=path))
        register_snapshot(store, workspace or workspace_of(settings))
    except BaseException:
        store.close()
        raise
    return store


@contextmanager
def reading(settings: Settings) -> Iterator[DuckDBStore]:
    """``with reading(settings) as store:`` — the radar for one command."""
    store = open_radar(settings)
    try:
        yield store
    finally:
        store.close()


class RadarBuild:
    """A new radar being written beside the served one (see the module docstring)."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.path = settings.db_path
        self.new_path = self.path.with_name(self.path.name + ".new")
        self.store: DuckDBStore
        self.previous_name: str | None = None
        """The previous radar, attached read-only for the whole build: its name in SQL."""
        self._lock: int | None = None
        self._attached = ExitStack()

    @property
    def previous(self) -> Path | None:
        """The radar being replaced, when there is one."""
        return self.path if self.path.exists() else None

    def __enter__(self) -> RadarBuild:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = _take_lock(self.path.with_name(self.path.name + ".lock"))
        _remove(self.new_path)
        self.store = DuckDBStore(
            self.new_path,
            threads=self.settings.threads,
            memory_limit=self.settings.memory_limit,
        )
        if self.previous is not None:
            self.previous_name = self._attached.enter_context(
                self.store.attached(self.previous, "previous")
            )
        return self

    def carry(self, names: Iterable[str]) -> list[str]:
        """Copy tables and views of the previous radar into the new one (the ones a partial
        rebuild does not make again); the names copied."""
        alias = self.previous_name
        wanted = set(names)
        if alias is None or not wanted:
            return []
        copied = []
        existing = self.store.relations()
        found = self.store.relations(alias)
        for name in sorted(wanted & {n for n, kind in found.items() if kind == "table"}):
            if existing.get(name) == "table":  # made by the schema: keep its keys
                self.store.execute(f"INSERT INTO {name} SELECT * FROM {alias}.{name}")
            else:
                self.store.execute(f"CREATE TABLE {name} AS SELECT * FROM {alias}.{name}")
            copied.append(name)
        views = {n: sql for n, sql in found.items() if sql != "table" and n in wanted}
        copied.extend(self._create_views(views))
        return copied

    def _create_views(self, views: dict[str, str]) -> list[str]:
        """Create views in an order that puts each after the views it reads (a view that
        cannot be made yet is tried again once others exist)."""
        made, pending = [], dict(sorted(views.items()))
        while pending:
            failed: dict[str, str] = {}
            for name, sql in pending.items():
                try:
                    self.store.execute(sql.replace("CREATE VIEW", "CREATE OR REPLACE VIEW", 1))
                    made.append(name)
                except duckdb.CatalogException:
                    failed[name] = sql
            if len(failed) == len(pending):  # no progress: the error is real
                name, sql = next(iter(failed.items()))
                self.store.execute(sql)
            pending = failed
        return made

    def commit(self) -> None:
        """Fold the log into the new file and put it in place of the served one."""
        self._attached.close()
        self.store.execute("CHECKPOINT")
        self.store.close()
        os.replace(self.new_path, self.path)

    def __exit__(self, kind: object, exc: object, tb: object) -> None:
        try:
            if exc is not None:
                self._attached.close()
                self.store.close()
                _remove(self.new_path)
        finally:
            if self._lock is not None:
                os.close(self._lock)


def _take_lock(path: Path) -> int:
    handle = os.open(path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
    except BlockingIOError:
        holder = os.pread(handle, 32, 0).decode(errors="replace").strip() or "another process"
        os.close(handle)
        raise StoreLockedError(
            f"another build (process {holder}) is writing the radar {path.with_suffix('')}; "
            "wait for it to finish, or stop it"
        ) from None
    os.ftruncate(handle, 0)
    os.pwrite(handle, str(os.getpid()).encode(), 0)
    return handle


def _remove(path: Path) -> None:
    for name in (path, path.with_name(path.name + ".wal")):
        name.unlink(missing_ok=True)


class RadarReader:
    """The radar for a long-running reader (``serve``): one read-only connection, reopened when
    a build has swapped a new radar in, with the workspace's user tables registered afresh
    whenever the workspace changes. ``cursor()`` is safe to call from many threads."""

    def __init__(self, settings: Settings, on_change: Callable[[], None] = lambda: None) -> None:
        self.settings = settings
        self.workspace = workspace_of(settings)
        self.on_change = on_change
        self._guard = threading.Lock()
        self._store: DuckDBStore | None = None
        self._retired: list[DuckDBStore] = []
        self._file: tuple[int, int] | None = None
        self._users: dict[str, Any] | None = None
        self.cursor().close()  # fails now, not at the first request, when there is no radar

    def cursor(self) -> DuckDBStore:
        with self._guard:
            return self._current().cursor()

    def check(self) -> None:
        """Reopen the radar if a build has replaced it, and take the workspace's changes
        (``on_change`` is called when either happened)."""
        with self._guard:
            self._current()

    def _current(self) -> DuckDBStore:
        file = _file_id(self.settings.db_path)
        if self._store is None or file != self._file:
            self._reopen(file)
        assert self._store is not None
        users = self.workspace.snapshot()
        if users is not self._users:
            register_snapshot(self._store, self.workspace)
            self._users = users
            self.on_change()
        return self._store

    def _reopen(self, file: tuple[int, int] | None) -> None:
        fresh = open_radar(self.settings, self.workspace)
        if self._store is not None:
            # Requests still reading the old radar keep their cursors; it is closed at the next
            # swap (or at the end).
            for old in self._retired:
                old.close()
            self._retired = [self._store]
        self._store, self._file, self._users = fresh, file, None
        self.on_change()

    def close(self) -> None:
        with self._guard:
            for store in [*self._retired, *([self._store] if self._store else [])]:
                store.close()
            self._store, self._retired = None, []


def _file_id(path: Path) -> tuple[int, int] | None:
    try:
        stat = path.stat()
    except FileNotFoundError:
        return None
    return stat.st_ino, stat.st_mtime_ns
