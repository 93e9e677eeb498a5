"""The radar's tables loaded from the Spark steps' Parquet tables, in the DuckDB build's row
order (so that everything computed over the radar next is the same)."""

from __future__ import annotations

from pathlib import Path

import sqlglot

from talentradar.engine.sql import ORDER_PREFIX
from talentradar.facts.careers import CAREER_TABLES, careers_sql
from talentradar.mentions import MENTIONS, PAPERS
from talentradar.resolve.orgs.registry import Registry
from talentradar.resolve.orgs.tables import (
    AFFILIATION_KEYS_SQL,
    AFFILIATION_MATCHES,
    KEY_COLUMNS,
)
from talentradar.store import Store

_KEYS_ORDER = sqlglot.parse_one(AFFILIATION_KEYS_SQL, read="duckdb").args["order"]
_ORDER = ", ".join(o.sql("duckdb") for o in _KEYS_ORDER.expressions)


def load_papers(store: Store, lake: str) -> None:
    """``papers`` and ``mentions``, venue-year by venue-year (their files' name order)."""
    with store.transaction():
        for name, schema in (("papers", PAPERS), ("mentions", MENTIONS)):
            files = sorted(Path(lake, name).glob("*.parquet"))
            if files:
                store.execute(
                    f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM read_parquet(?)",
                    [[str(f) for f in files]],
                )
            else:
                store.replace_table(name, schema.empty_table())


def load_orgs(store: Store, lake: str, registry: Registry) -> None:
    """``affiliations`` (in the keys' order), ``affiliation_matches`` (in key order, then match
    rank), ``mention_orgs`` (in mention order, then match rank) from the Spark job; then the
    step's DuckDB-only part, as the DuckDB build runs it: ``orgs`` (every curated org and every
    org matched), ``paper_orgs``, ``countries``, the aligned short lists and the placements."""
    from talentradar.pipeline import place_orgs

    with store.transaction():
        _load_resolved(store, lake)
        place_orgs(store, registry)


def _parquet(lake: str, name: str) -> str:
    return f"read_parquet('{lake}/{name}/*.parquet')"


def _load_resolved(store: Store, lake: str) -> None:
    store.execute(
        f"CREATE OR REPLACE TABLE affiliations AS SELECT * FROM {_parquet(lake, 'affiliations')} "
        f"ORDER BY {_ORDER}"
    )
    on = " AND ".join(f"m.{c} IS NOT DISTINCT FROM a.{c}" for c in KEY_COLUMNS)
    store.replace_table("affiliation_matches", AFFILIATION_MATCHES.empty_table())
    store.execute(
        f"INSERT INTO affiliation_matches SELECT {', '.join(AFFILIATION_MATCHES.names)} FROM ("
        f"SELECT m.*, a._row FROM {_parquet(lake, 'affiliation_matches')} m "
        f"JOIN (SELECT *, rowid AS _row FROM affiliations) a ON {on}) "
        "ORDER BY _row, rank"
    )
    store.execute(
        f"CREATE OR REPLACE TABLE mention_orgs AS SELECT mo.* EXCLUDE ({ORDER_PREFIX}0) "
        f"FROM {_parquet(lake, 'mention_orgs')} mo "
        "JOIN (SELECT mention_id, rowid AS _row FROM mentions) r USING (mention_id) "
        f"ORDER BY r._row, mo.{ORDER_PREFIX}0"
    )


CAREER_ORDER = {
    "observations": "person_id, year, org_id",
    "person_years": "person_id, year, org_id",
    "spells": "person_id, spell_no",
    "moves": "person_id, year, from_org, to_org",
}
"""Each careers table's key, the order its rows are loaded in."""


def load_careers(store: Store, lake: str) -> None:
    """The careers tables from the Spark job, with the column types the DuckDB build gives them
    (each table created empty by its own statement, then filled by name)."""
    with store.transaction():
        for table, sql in zip(CAREER_TABLES, careers_sql(), strict=True):
            store.execute(f"{sql} LIMIT 0")
            store.execute(
                f"INSERT INTO {table} BY NAME SELECT * FROM {_parquet(lake, table)} "
                f"ORDER BY {CAREER_ORDER[table]}"
            )
