"""DuckDB's ordered list aggregates transpiled to Spark keep their order and their NULLs (the
form the careers and pipelines SQL uses, a FILTER included): the same query gives the same rows
on both engines."""

from __future__ import annotations

import duckdb
import pytest

from talentradar.engine.sql import to_spark

pytestmark = [pytest.mark.spark, pytest.mark.xdist_group("spark")]

ROWS = [
    ("a", 3, "m3", 2021, None),
    ("a", 1, "m1", 2019, "MIT"),
    ("a", 2, "m2", None, "CMU"),
    ("a", 1, "m1", 2020, "MIT"),
    ("b", 5, None, 2018, "Oxford"),
    ("b", 4, "m4", 2017, None),
    ("c", 6, "m6", 2016, None),
]
COLUMNS = "p STRING, n INT, mention_id STRING, year INT, affiliation STRING"

QUERY = """
SELECT p,
       list(DISTINCT mention_id ORDER BY mention_id) AS ids,
       list(DISTINCT affiliation ORDER BY affiliation) AS affiliations,
       list(mention_id ORDER BY year) AS by_year,
       list(n ORDER BY year, n) AS by_year_n,
       list(DISTINCT affiliation ORDER BY affiliation) FILTER (WHERE affiliation IS NOT NULL)
           AS stated
FROM t GROUP BY p ORDER BY p
"""


def test_the_spark_form_names_no_bare_collect_list() -> None:
    spark_sql = to_spark(QUERY)
    assert "ARRAY_SORT" in spark_sql
    assert "COLLECT_LIST(mention_id)" not in spark_sql.replace("DISTINCT ", "")


def test_a_filter_goes_on_the_collected_list() -> None:
    spark_sql = to_spark(QUERY)
    assert ")) FILTER(WHERE NOT affiliation IS NULL)" in spark_sql
    assert "NULLIF(" in spark_sql


def test_a_descending_list_order_is_refused() -> None:
    with pytest.raises(ValueError, match="descending"):
        to_spark("SELECT list(x ORDER BY y DESC) FROM t")


def test_same_rows_on_both_engines() -> None:
    pytest.importorskip("pyspark")
    from talentradar.engine.spark_build import session

    con = duckdb.connect()
    con.execute(
        "CREATE TABLE t (p VARCHAR, n INTEGER, mention_id VARCHAR, year INTEGER, "
        "affiliation VARCHAR)"
    )
    con.executemany("INSERT INTO t VALUES (?, ?, ?, ?, ?)", ROWS)
    duck = [tuple(r) for r in con.execute(QUERY).fetchall()]
    assert duck[0][1] == ["m1", "m2", "m3"] and duck[0][2] == ["CMU", "MIT", None]
    assert duck[0][5] == ["CMU", "MIT"] and duck[2][5] is None  # filtered empty: NULL
    spark = session()
    spark.createDataFrame(ROWS, COLUMNS).createOrReplaceTempView("t")
    rows = spark.sql(to_spark(QUERY)).orderBy("p").collect()
    assert [tuple(r) for r in rows] == duck
