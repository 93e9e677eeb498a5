"""Parts of a step's tables kept from the previous radar when their inputs have not changed.

The previous radar is attached read-only for the whole build (``BuildContext.previous``).
Three steps use what is here:

- ``papers`` makes its tables one venue-year at a time and records, per venue-year, a digest
  of that part's input rows and of the package's files (``paper_parts``). The next build makes
  again only the venue-years whose digest differs and copies the rows of the others, in the
  order a build from nothing writes them (``unchanged``, ``add_kept``, ``record``).
- ``orgs`` (one resolution per affiliation key) records one digest of its other inputs, the
  registry files, with the code (``record_inputs``); when it is unchanged, only the keys the
  previous radar did not hold are resolved (``same_inputs``).
- ``search`` copies the whole index when every venue-year of papers is unchanged
  (``copy_tables``).

Any change to the code makes everything again; the tables are the same either way
(tests/test_kept.py).
"""

from __future__ import annotations

import hashlib
from functools import cache
from pathlib import Path

import pyarrow as pa

from talentradar.store import Store

Part = tuple[str, int]
"""A venue-year."""

PART_DIGESTS_SQL = """
SELECT venue, year, count(*) AS n,
       md5(string_agg(source || record_id || checksum, ',' ORDER BY source, record_id)) AS digest
FROM records WHERE {where} GROUP BY ALL ORDER BY venue, year
"""
"""Each venue-year's paper records (``where`` picks them): how many, and a digest of which."""

PARTS_SCHEMA = pa.schema([("venue", pa.string()), ("year", pa.int32()), ("digest", pa.string())])


@cache
def code_digest() -> str:
    """A digest of every file of the package (code and packaged data)."""
    root = Path(__file__).parent
    digest = hashlib.sha1()
    for path in sorted(p for p in root.rglob("*") if p.is_file() and "__pycache__" not in p.parts):
        digest.update(str(path.relative_to(root)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()


def unchanged(
    store: Store, previous: str | None, parts_table: str, digests: dict[Part, str]
) -> set[Part]:
    """The parts whose digest (inputs and code) is the one the previous radar (attached as
    ``previous``) recorded."""
    if previous is None or store.relations(previous).get(parts_table) != "table":
        return set()
    rows = store.query(f"SELECT venue, year, digest FROM {previous}.{parts_table}")
    return {
        (r["venue"], r["year"])
        for r in rows
        if (r["venue"], r["year"]) in digests
        and r["digest"] == _with_code(digests[r["venue"], r["year"]])
    }


def add_kept(store: Store, previous: str | None, tables: tuple[str, ...], kept: set[Part]) -> None:
    """Copy the ``kept`` parts' rows of ``tables`` (each with venue and year columns) from the
    previous radar into the new tables, which hold the fresh parts' rows already; the rows end
    in venue-year order, each part's rows in the order they were written. (One CREATE ... AS
    per table: an INSERT from the attached radar into a table made in the same transaction
    is not seen in DuckDB 1.5.5.)"""
    if previous is None or not kept:
        return
    store.register(
        "kept_parts",
        pa.table({"venue": [v for v, _ in sorted(kept)], "year": [y for _, y in sorted(kept)]}),
    )
    try:
        for table in tables:
            store.execute(
                f"CREATE OR REPLACE TABLE {table} AS SELECT * EXCLUDE (kept_row) FROM ("
                f"SELECT *, rowid AS kept_row FROM {table} UNION ALL BY NAME "
                f"SELECT t.*, t.rowid AS kept_row FROM {previous}.{table} t "
                "SEMI JOIN kept_parts k ON k.venue = t.venue AND k.year = t.year) "
                "ORDER BY venue, year, kept_row"
            )
    finally:
        store.unregister("kept_parts")


def record(store: Store, parts_table: str, digests: dict[Part, str]) -> None:
    """Store each part's digest of its inputs and the code."""
    rows = [{"venue": v, "year": y, "digest": _with_code(d)} for (v, y), d in digests.items()]
    store.replace_table(parts_table, pa.Table.from_pylist(rows, schema=PARTS_SCHEMA))


def _with_code(digest: str) -> str:
    return hashlib.sha1(f"{digest}:{code_digest()}".encode()).hexdigest()


def same_inputs(store: Store, previous: str | None, table: str, digest: str) -> bool:
    """Whether a step that records one digest of its inputs (``record_inputs``) sees the same
    inputs and code as at the previous build (attached as ``previous``)."""
    if previous is None or store.relations(previous).get(table) != "table":
        return False
    rows = store.query(f"SELECT digest FROM {previous}.{table}")
    return [r["digest"] for r in rows] == [_with_code(digest)]


def copy_tables(store: Store, previous: str | None, tables: tuple[str, ...]) -> None:
    """Whole tables copied from the previous radar (the step's inputs are unchanged)."""
    for table in tables:
        store.execute(f"CREATE OR REPLACE TABLE {table} AS SELECT * FROM {previous}.{table}")


def record_inputs(store: Store, table: str, digest: str) -> None:
    store.replace_table(table, pa.table({"digest": pa.array([_with_code(digest)], pa.string())}))
