"""The store protocol: the core builds SQL (DuckDB dialect), a store runs it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from pathlib import Path
from typing import Any, Protocol

import pyarrow as pa


class Store(Protocol):
    def query(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]: ...

    def stream(
        self, sql: str, params: list[Any] | None = None, size: int = 10_000
    ) -> Iterator[dict[str, Any]]: ...

    def arrow(self, sql: str, params: list[Any] | None = None) -> pa.Table: ...

    def register(self, name: str, table: pa.Table) -> None: ...

    def unregister(self, name: str) -> None: ...

    def execute(self, sql: str, params: list[Any] | None = None) -> None: ...

    def replace_table(self, name: str, table: pa.Table) -> None: ...

    def append(self, name: str, table: pa.Table) -> None: ...

    def transaction(self) -> AbstractContextManager[None]: ...

    def bulk(self) -> AbstractContextManager[None]:
        """A context for many small transactions (a load), where the store may defer work."""
        ...

    def memory_capped(self, limit: str) -> AbstractContextManager[None]:
        """The store's memory held to ``limit`` while another engine of the process works."""
        ...

    def tables(self) -> list[str]: ...

    def relations(self, database: str = "memory") -> dict[str, str]:
        """Tables and views of an attached database (or this one): name → ``table`` or the
        view's CREATE statement."""
        ...

    def attached(self, path: Path, alias: str) -> AbstractContextManager[str]:
        """Another store file attached read-only as ``alias`` for the duration."""
        ...

    def cursor(self) -> Store:
        """A store over a new connection to the same database (one per thread)."""
        ...

    def close(self) -> None: ...


def like_literal(text: str) -> str:
    """``text`` as a LIKE pattern matching only itself: ``%``, ``_`` and ``\\`` escaped (use
    with ``ESCAPE '\\'``), so that a user's search never acts as a wildcard."""
    return text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
