"""The radar DuckDB file loaded from the Spark build's Parquet tables, in the DuckDB build's
row order (so that everything computed over it next is the same)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import sqlglot

from talentradar.engine.sql import ORDER_PREFIX
from talentradar.mentions import MENTIONS, PAPERS
from talentradar.resolve.orgs.registry import Registry
from talentradar.resolve.orgs.tables import AFFILIATION_KEYS_SQL, ORGS, org_rows
from talentradar.store import Store

_KEYS_ORDER = sqlglot.parse_one(AFFILIATION_KEYS_SQL, read="duckdb").args["order"].sql("duckdb")


def load_radar(store: Store, lake: str, registry: Registry) -> None:
    """``papers``, ``mentions`` (venue-year by venue-year), ``affiliations``, ``mention_orgs``
    (in mention order, then match rank), ``orgs`` and ``countries``."""
    from talentradar.pipeline import COUNTRIES, _countries

    with store.transaction():
        for name, schema in (("papers", PAPERS), ("mentions", MENTIONS)):
            files = sorted(Path(lake, name).glob("*.parquet"))
            if files:
                store.execute(f"CREATE OR REPLACE TABLE {name} AS SELECT * FROM read_parquet(?)",
                              [[str(f) for f in files]])
            else:
                store.replace_table(name, schema.empty_table())
        _load_orgs(store, lake, registry)
        store.replace_table("countries", pa.Table.from_pylist(_countries(), schema=COUNTRIES))


def _load_orgs(store: Store, lake: str, registry: Registry) -> None:
    parquet = f"read_parquet('{lake}/{{}}/*.parquet')"
    store.execute(
        "CREATE OR REPLACE TABLE affiliations AS SELECT * FROM "
        f"{parquet.format('affiliations')} ORDER BY {_KEYS_ORDER.removeprefix('ORDER BY ')}"
    )
    store.execute(
        f"CREATE OR REPLACE TABLE mention_orgs AS SELECT mo.* EXCLUDE ({ORDER_PREFIX}0) "
        f"FROM {parquet.format('mention_orgs')} mo "
        "JOIN (SELECT mention_id, rowid AS _row FROM mentions) r USING (mention_id) "
        f"ORDER BY r._row, mo.{ORDER_PREFIX}0"
    )
    used = {r["org_id"] for r in store.query("SELECT DISTINCT org_id FROM mention_orgs")}
    store.replace_table("orgs", pa.Table.from_pylist(org_rows(registry, used), schema=ORGS))
