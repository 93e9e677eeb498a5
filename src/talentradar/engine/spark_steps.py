"""The build's steps as Spark jobs (pure work in Spark tasks; results written as Parquet).

Each task runs the same pure functions as the DuckDB build (``raw.parse_file``,
``mentions.paper_tables``, ``resolve.orgs.tables.resolve_affiliations``), so both engines give
the same rows; SQL steps run the core's DuckDB SQL transpiled by :mod:`talentradar.engine.sql`.
Tasks write their Parquet files under the lake folder themselves (a shared folder or object
store on a cluster) and return only small summaries to the driver.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import Any

import pyarrow as pa
import pyarrow.parquet as pq

from talentradar.engine.sql import to_spark
from talentradar.errors import SourceError
from talentradar.facts.careers import CAREER_TABLES, careers_sql
from talentradar.mentions import paper_tables
from talentradar.model import SourceFile
from talentradar.resolve.orgs.tables import (
    AFFILIATION_KEYS_SQL,
    AFFILIATION_MATCHES,
    AFFILIATIONS,
    KEY_COLUMNS,
    MENTION_ORGS_SQL,
    resolve_affiliations,
)

PARSED = pa.schema(
    [
        ("index", pa.int64()),
        ("digest", pa.string()),
        ("records", pa.string()),
        ("quarantined", pa.string()),
        ("error", pa.string()),
    ]
)
"""What a parse task returns per file: its records' Parquet path, its quarantine entries
(JSON), or the error that failed it."""

JOINS = pa.schema(
    [
        ("source", pa.string()),
        ("venue", pa.string()),
        ("year", pa.int32()),
        ("joined", pa.int64()),
        ("unjoined", pa.int64()),
    ]
)


def parse_files(
    spark: Any, files: list[tuple[SourceFile, frozenset[str]]], folder: str, now: datetime
) -> list[dict[str, Any]]:
    """Parse every source file in a Spark task of its own (records written as Parquet under
    ``folder``); one PARSED row per file, in order."""
    rows = [
        (i, f.source, f.location, f.venue, f.year, sorted(done))
        for i, (f, done) in enumerate(files)
    ]
    if not rows:
        return []
    frame = spark.sparkContext.parallelize(rows, len(rows))
    out = frame.map(lambda row: _parse_task(row, folder, now)).collect()
    return sorted(out, key=lambda r: r["index"])


def _parse_task(row: tuple[Any, ...], folder: str, now: datetime) -> dict[str, Any]:
    import orjson

    from talentradar.pipeline import all_connectors
    from talentradar.raw import parse_file

    index, source, location, venue, year, done = row
    file = SourceFile(source=source, location=location, venue=venue, year=year)
    try:
        parsed = parse_file(all_connectors()[source], file, now, frozenset(done))
    except SourceError as exc:
        return {
            "index": index,
            "digest": None,
            "records": None,
            "quarantined": "[]",
            "error": str(exc),
        }
    path = None
    if parsed.records is not None:
        Path(folder).mkdir(parents=True, exist_ok=True)
        name = hashlib.sha1(location.encode("utf-8")).hexdigest()[:16]
        path = f"{folder}/{index:06d}-{name}.parquet"
        pq.write_table(parsed.records, path)
    quarantined = [q.__dict__ for q in parsed.quarantined]
    return {
        "index": index,
        "digest": parsed.digest,
        "records": path,
        "quarantined": orjson.dumps(quarantined).decode(),
        "error": None,
    }


def paper_groups(spark: Any, records: str, lake: str) -> list[dict[str, Any]]:
    """``papers`` and ``mentions`` Parquet, one file per venue-year (written by the task that
    reads that venue-year's records); the join report rows."""
    frame = spark.read.parquet(records)
    folder = lake
    result = frame.groupBy("venue", "year").applyInArrow(
        lambda table: _papers_task(table, folder), spark_schema(JOINS)
    )
    return [r.asDict() for r in result.collect()]


def _papers_task(table: pa.Table, folder: str) -> pa.Table:
    table = table.sort_by([("source", "ascending"), ("record_id", "ascending")])
    papers, mentions, report = paper_tables(table)
    venue, year = table.column("venue")[0].as_py(), table.column("year")[0].as_py()
    for name, part in (("papers", papers), ("mentions", mentions)):
        Path(folder, name).mkdir(parents=True, exist_ok=True)
        pq.write_table(part, f"{folder}/{name}/{venue}-{year:04d}.parquet")
    return pa.Table.from_pylist(report.rows(), schema=JOINS)


MATCH = pa.struct([(f.name, f.type) for f in AFFILIATION_MATCHES if f.name not in KEY_COLUMNS])
RESOLVED = pa.schema([*AFFILIATIONS, ("matches", pa.list_(MATCH))])


def resolve_orgs(spark: Any, lake: str, data_dir: str) -> None:
    """``affiliations``, ``affiliation_matches`` and ``mention_orgs`` Parquet under ``lake``
    (which holds ``mentions.parquet`` and ``papers.parquet``): each distinct affiliation key of
    the mentions and of the papers' own lists resolved once, in tasks holding the registry,
    joined back in SQL."""
    for table in ("mentions", "papers"):
        spark.read.parquet(f"{lake}/{table}.parquet").createOrReplaceTempView(table)
    keys = spark.sql(to_spark(AFFILIATION_KEYS_SQL))
    resolved = keys.mapInArrow(
        lambda batches: _resolve_task(batches, data_dir), spark_schema(RESOLVED)
    )
    resolved.write.mode("overwrite").parquet(f"{lake}/resolved")
    resolved = spark.read.parquet(f"{lake}/resolved")
    resolved.drop("matches").write.mode("overwrite").parquet(f"{lake}/affiliations")
    keys_sql = ", ".join(KEY_COLUMNS)
    resolved.createOrReplaceTempView("resolved_view")
    spark.sql(
        f"SELECT {keys_sql}, x.m.* FROM (SELECT {keys_sql}, explode(matches) AS m "
        "FROM resolved_view) AS x"
    ).write.mode("overwrite").parquet(f"{lake}/affiliation_matches")
    spark.read.parquet(f"{lake}/affiliation_matches").createOrReplaceTempView("affiliation_matches")
    spark.sql(to_spark(MENTION_ORGS_SQL, keep_order=True)).write.mode("overwrite").parquet(
        f"{lake}/mention_orgs"
    )


CAREER_INPUTS = ("mention_person", "mentions", "mention_orgs", "orgs")
"""The radar's tables the careers SQL reads."""


def careers(spark: Any, lake: str) -> None:
    """The careers tables (facts.careers.CAREER_TABLES) as Parquet under ``lake`` (which holds
    ``CAREER_INPUTS`` as ``<table>.parquet``): the core's SQL, transpiled, each statement
    reading the tables written before it."""
    for table in CAREER_INPUTS:
        spark.read.parquet(f"{lake}/{table}.parquet").createOrReplaceTempView(table)
    for table, sql in zip(CAREER_TABLES, careers_sql(), strict=True):
        spark.sql(to_spark(sql)).write.mode("overwrite").parquet(f"{lake}/{table}")
        spark.read.parquet(f"{lake}/{table}").createOrReplaceTempView(table)


_REGISTRY: dict[str, Any] = {}


def _resolve_task(batches: Iterator[pa.RecordBatch], data_dir: str) -> Iterator[pa.RecordBatch]:
    from talentradar.resolve.orgs.registry import load_registry

    registry = _REGISTRY.get(data_dir) or _REGISTRY.setdefault(data_dir, load_registry(data_dir))
    for batch in batches:
        keys = batch.to_pylist()
        matches, affiliations = resolve_affiliations(registry, keys)
        by_key: dict[tuple[Any, ...], list[dict[str, Any]]] = {}
        for m in matches:
            by_key.setdefault(tuple(m[c] for c in KEY_COLUMNS), []).append(
                {k: v for k, v in m.items() if k not in KEY_COLUMNS}
            )
        rows = [
            {**a, "matches": by_key.get(tuple(a[c] for c in KEY_COLUMNS), [])} for a in affiliations
        ]
        yield pa.RecordBatch.from_pylist(rows, schema=RESOLVED)


def spark_schema(schema: pa.Schema) -> Any:
    from pyspark.sql.pandas.types import from_arrow_schema

    return from_arrow_schema(schema)
