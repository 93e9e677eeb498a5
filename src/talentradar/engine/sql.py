"""The core's SQL (DuckDB dialect) for Spark: transpiled with sqlglot, never written twice.

A ``CREATE [OR REPLACE] TABLE t AS SELECT …`` becomes its ``SELECT`` (Spark writes the result
as Parquet). A Parquet table has no order, so the outer ``ORDER BY`` is dropped; on request its terms
other than DuckDB's ``rowid`` are kept as columns ``_order_0``, ``_order_1``… for the radar
loader, which restores the order (rows by the order of the table they came from, then these).
"""

from __future__ import annotations

from functools import cache

import sqlglot
from sqlglot import exp

ORDER_PREFIX = "_order_"


@cache
def to_spark(duckdb_sql: str, keep_order: bool = False) -> str:
    """The Spark SQL of one DuckDB statement (a query, or the query of a CREATE TABLE AS);
    ``keep_order``: the ORDER BY terms become ``_order_N`` columns instead of going away."""
    tree = sqlglot.parse_one(duckdb_sql, read="duckdb")
    if isinstance(tree, exp.Create) and isinstance(tree.expression, exp.Query):
        tree = tree.expression
    order = tree.args.get("order") if isinstance(tree, exp.Select) else None
    if isinstance(tree, exp.Select) and order is not None:
        tree.set("order", None)
        keys = [o.this for o in order.expressions if keep_order and not _is_rowid(o.this)]
        for i, key in enumerate(keys):
            tree = tree.select(exp.alias_(key.copy(), f"{ORDER_PREFIX}{i}"), copy=False)
    return tree.sql(dialect="spark")


def _is_rowid(node: exp.Expression) -> bool:
    return isinstance(node, exp.Column) and node.name.lower() == "rowid"
