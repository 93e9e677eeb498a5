"""The store protocol: the core builds SQL (DuckDB dialect), a store runs it."""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import AbstractContextManager
from typing import Any, Protocol

import pyarrow as pa


class Store(Protocol):
    def query(self, sql: str, params: list[Any] | None = None) -> list[dict[str, Any]]: ...

    def stream(
        self, sql: str, params: list[Any] | None = None, size: int = 10_000
    ) -> Iterator[dict[str, Any]]: ...

    def arrow(self, sql: str, params: list[Any] | None = None) -> pa.Table: ...

    def execute(self, sql: str, params: list[Any] | None = None) -> None: ...

    def replace_table(self, name: str, table: pa.Table) -> None: ...

    def append(self, name: str, table: pa.Table) -> None: ...

    def transaction(self) -> AbstractContextManager[None]: ...

    def tables(self) -> list[str]: ...

    def close(self) -> None: ...
