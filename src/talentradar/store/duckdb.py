"""The embedded DuckDB store (the default): one file, opened read-write or read-only.

A read-write holder excludes every other process; read-only holders share a file. The radar
is served read-only and replaced by a new file on each build; the workspace is opened for one
read or write at a time (talentradar.store.workspace), so neither is held for long.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from contextlib import contextmanager
from importlib.resources import files
from pathlib import Path
from typing import Any

import duckdb
import pyarrow as pa

from talentradar.errors import StoreError, StoreLockedError

BULK_CHECKPOINT_THRESHOLD = "1GB"
"""Write-ahead log size at which DuckDB folds the log into the file during a bulk load."""


class DuckDBStore:
    """A DuckDB file. Nothing is ever installed or downloaded (autoinstall off)."""

    def __init__(
        self,
        path: Path | str,
        *,
        read_only: bool = False,
        threads: int = 2,
        memory_limit: str = "4GB",
        schema: tuple[str, ...] = ("raw.sql", "radar.sql"),
    ) -> None:
        self.path = Path(path) if str(path) != ":memory:" else path
        if read_only and isinstance(self.path, Path) and not self.path.exists():
            raise StoreError(f"no store at {self.path}; run `talentradar build` first")
        if isinstance(self.path, Path):
            self.path.parent.mkdir(parents=True, exist_ok=True)
        config: dict[str, str | bool | int | float | list[str]] = {
            "autoinstall_known_extensions": False,
            "autoload_known_extensions": False,
            "threads": threads,
            "memory_limit": memory_limit,
        }
        try:
            self.con = duckdb.connect(str(self.path), read_only=read_only, config=config)
        except duckdb.IOException as exc:
            raise _open_error(self.path, exc) from None
        self.registered: dict[str, pa.Table] = {}
        self.database: str | None = None
        self.memory_limit = memory_limit
        self.con.execute("SET enable_progress_bar = false")
        if not read_only:
            for name in schema:
                self.con.execute(files("talentradar.store").joinpath(name).read_text())

    @classmethod
    def reading(
        cls, path: Path, *, threads: int = 2, memory_limit: str = "4GB", alias: str = "radar"
    ) -> DuckDBStore:
        """A file opened read-only in a database instance of its own (attached to an empty
        in-memory one), so that a file replaced since an earlier open in this process is read
        afresh: DuckDB shares one instance per path within a process, which would keep
        answering from the file as it was when first opened."""
        if not path.exists():
            raise StoreError(f"no store at {path}; run `talentradar build` first")
        con = duckdb.connect(
            ":memory:",
            config={
                "autoinstall_known_extensions": False,
                "autoload_known_extensions": False,
                "threads": threads,
                "memory_limit": memory_limit,
            },
        )
        try:
            con.execute(f"ATTACH '{_quoted(path)}' AS {alias} (READ_ONLY)")
        except duckdb.Error as exc:
            con.close()
            raise _open_error(path, exc) from None
        con.execute(f"USE {alias}")
        con.execute("SET enable_progress_bar = false")
        store = cls._over(con, path, memory_limit)
        store.database = alias
        return store

    @classmethod
    def _over(
        cls, con: duckdb.DuckDBPyConnection, path: Path | str, memory_limit: str
    ) -> DuckDBStore:
        store = cls.__new__(cls)
        store.path, store.con, store.registered, store.database = path, con, {}, None
        store.memory_limit = memory_limit
        return store

    def cursor(self) -> DuckDBStore:
        """A store over a new cursor of the same database: one per thread or request. Tables
        registered on this store are registered on the cursor too."""
        cursor = DuckDBStore._over(self.con.cursor(), self.path, self.memory_limit)
        if self.database:
            cursor.con.execute(f"USE {self.database}")
            cursor.database = self.database
        for name, table in self.registered.items():
            cursor.register(name, table)
        return cursor

    def query(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]:
        cursor = self.con.execute(sql, params or [])
        names = [d[0] for d in cursor.description or []]
        return [dict(zip(names, row, strict=True)) for row in cursor.fetchall()]

    def stream(
        self, sql: str, params: list[Any] | None = None, size: int = 10_000
    ) -> Iterator[dict[str, Any]]:
        """Rows one batch at a time (for scans too large to hold as dicts)."""
        cursor = self.con.cursor()
        try:
            cursor.execute(sql, params or [])
            names = [d[0] for d in cursor.description or []]
            while batch := cursor.fetchmany(size):
                for row in batch:
                    yield dict(zip(names, row, strict=True))
        finally:
            cursor.close()

    def arrow(self, sql: str, params: list[Any] | None = None) -> pa.Table:
        return self.con.execute(sql, params or []).to_arrow_table()

    def register(self, name: str, table: pa.Table) -> None:
        """Make an Arrow table queryable as ``name`` on this connection and its later cursors
        (until unregistered)."""
        self.con.register(name, table)
        self.registered[name] = table

    def unregister(self, name: str) -> None:
        self.con.unregister(name)
        self.registered.pop(name, None)

    def execute(self, sql: str, params: list[Any] | None = None) -> None:
        self.con.execute(sql, params or [])

    def replace_table(self, name: str, table: pa.Table) -> None:
        """Replace a derived table atomically with the given rows."""
        self.con.register("_incoming", table)
        try:
            self.con.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM _incoming")
        finally:
            self.con.unregister("_incoming")

    def append(self, name: str, table: pa.Table) -> None:
        self.con.register("_incoming", table)
        try:
            self.con.execute(f"INSERT INTO {name} BY NAME SELECT * FROM _incoming")
        finally:
            self.con.unregister("_incoming")

    @contextmanager
    def bulk(self) -> Iterator[None]:
        """Many small transactions (a load commits once per file): the log is folded into the
        file once at the end, not every 16 MB (each fold rewrote the records' key index; the
        load of the shared corpus took 20 s instead of 12 s)."""
        self.con.execute(f"SET checkpoint_threshold = '{BULK_CHECKPOINT_THRESHOLD}'")
        try:
            yield
        finally:
            self.con.execute("RESET checkpoint_threshold")
        self.con.execute("CHECKPOINT")

    @contextmanager
    def memory_capped(self, limit: str) -> Iterator[None]:
        """The buffer pool held to ``limit`` for the duration (its cached pages dropped), for
        another engine of this process that needs the memory (the linkage's own DuckDB); then
        the store's own limit again. Left as it is when more than ``limit`` is in use."""
        try:
            self.con.execute(f"SET memory_limit = '{limit}'")
            capped = True
        except duckdb.Error:
            capped = False
        try:
            yield
        finally:
            if capped:
                self.con.execute(f"SET memory_limit = '{self.memory_limit}'")

    @contextmanager
    def transaction(self) -> Iterator[None]:
        self.con.execute("BEGIN TRANSACTION")
        try:
            yield
        except BaseException:
            self.con.execute("ROLLBACK")
            raise
        self.con.execute("COMMIT")

    def tables(self) -> list[str]:
        return [
            r[0]
            for r in self.con.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'main' AND table_catalog = current_database() ORDER BY 1"
            ).fetchall()
        ]

    def relations(self, database: str = "memory") -> dict[str, str]:
        """Tables and views of an attached database (or this one): name → ``table`` or the
        view's CREATE statement."""
        database = database if database != "memory" else self.current_database()
        rows = self.con.execute(
            "SELECT table_name, 'table' FROM duckdb_tables() WHERE database_name = ? "
            "AND schema_name = 'main' UNION ALL SELECT view_name, sql FROM duckdb_views() "
            "WHERE database_name = ? AND schema_name = 'main' AND NOT internal",
            [database, database],
        ).fetchall()
        return dict(rows)

    def current_database(self) -> str:
        return str(self.con.execute("SELECT current_database()").fetchone()[0])  # type: ignore[index]

    @contextmanager
    def attached(self, path: Path, alias: str) -> Iterator[str]:
        """Another DuckDB file attached read-only as ``alias`` for the duration."""
        try:
            self.con.execute(f"ATTACH '{_quoted(path)}' AS {alias} (READ_ONLY)")
        except duckdb.IOException as exc:
            raise _open_error(path, exc) from None
        try:
            yield alias
        finally:
            self.con.execute(f"DETACH {alias}")

    def close(self) -> None:
        self.con.close()


def _quoted(path: Path | str) -> str:
    return str(path).replace("'", "''")


def _open_error(path: Path | str, exc: Exception) -> StoreError:
    """A lock conflict says who holds the file and what to do; anything else says what failed."""
    text = str(exc)
    if "lock" in text.lower():
        holder = re.search(r"PID (\d+)", text)
        who = f"process {holder.group(1)}" if holder else "another process"
        return StoreLockedError(
            f"{path} is in use by {who} (a build, `serve` or another command writing to it); "
            "wait for it to finish and try again, or stop that process"
        )
    return StoreError(f"cannot open store {path}: {text}")
