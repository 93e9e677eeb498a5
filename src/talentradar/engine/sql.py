"""The core's SQL (DuckDB dialect) for Spark: transpiled with sqlglot, never written twice.

A ``CREATE [OR REPLACE] TABLE t AS SELECT …`` becomes its ``SELECT`` (Spark writes the result
as Parquet). A Parquet table has no order, so the outer ``ORDER BY`` is dropped; on request its terms
other than DuckDB's ``rowid`` are kept as columns ``_order_0``, ``_order_1``… for the radar
loader, which restores the order (rows by the order of the table they came from, then these).

DuckDB's ordered list aggregates (``list(x ORDER BY k)``, ``list(DISTINCT x ORDER BY x)``) have
no Spark form that sqlglot writes (it drops the ORDER BY); they are rewritten into one that
keeps it: the values collected as structs led by the order keys, sorted, and projected back
(``transform(array_sort(collect_list(struct(k IS NULL, k, x))), s -> s.v)``), the ``IS NULL``
flags keeping DuckDB's NULLS LAST. A ``FILTER (WHERE …)`` on such a list goes inside, on the
``collect_list``, and a list that the filter leaves empty is NULL, as in DuckDB.
"""

from __future__ import annotations

from functools import cache
from typing import cast

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
    tree = tree.transform(_ordered_list)
    order = tree.args.get("order") if isinstance(tree, exp.Select) else None
    if isinstance(tree, exp.Select) and order is not None:
        tree.set("order", None)
        keys = [o.this for o in order.expressions if keep_order and not _is_rowid(o.this)]
        for i, key in enumerate(keys):
            tree = tree.select(exp.alias_(key.copy(), f"{ORDER_PREFIX}{i}"), copy=False)
    return tree.sql(dialect="spark")


def _is_rowid(node: exp.Expression) -> bool:
    return isinstance(node, exp.Column) and node.name.lower() == "rowid"


def _ordered_list(node: exp.Expression) -> exp.Expression:
    """``list(x ORDER BY k…)`` (an ArrayAgg over an Order, perhaps under a FILTER) in a Spark
    form that keeps the order; other nodes unchanged."""
    where = None
    if isinstance(node, exp.Filter) and isinstance(node.this, exp.ArrayAgg):
        if not isinstance(node.this.this, exp.Order):
            return node
        node, where = node.this, node.expression
    if not (isinstance(node, exp.ArrayAgg) and isinstance(node.this, exp.Order)):
        return node
    order: exp.Order = node.this
    value, distinct = order.this, isinstance(order.this, exp.Distinct)
    if distinct:
        value = value.expressions[0]
    keys = [o.this for o in order.expressions]
    if any(o.args.get("desc") or o.args.get("nulls_first") for o in order.expressions):
        raise ValueError(f"no Spark form for a descending or NULLS FIRST list order: {node.sql()}")
    if distinct and [k.sql() for k in keys] != [value.sql()]:
        raise ValueError(f"DISTINCT list ordered by another expression: {node.sql()}")
    fields = [
        f"({k.sql('spark')}) IS NULL AS _n{i}, {k.sql('spark')} AS _k{i}"
        for i, k in enumerate(keys)
    ]
    if not distinct:
        fields.append(f"{value.sql('spark')} AS _v")
    items = f"COLLECT_LIST(STRUCT({', '.join(fields)}))"
    if where is not None:
        items += f" FILTER ({where.sql('spark')})"
    if distinct:
        items = f"ARRAY_DISTINCT({items})"
    picked = "_k0" if distinct else "_v"
    spark_form = f"TRANSFORM(ARRAY_SORT({items}), s -> s.{picked})"
    if where is not None:
        spark_form = f"NULLIF({spark_form}, ARRAY())"
    return cast(exp.Expression, sqlglot.parse_one(spark_form, read="spark"))
