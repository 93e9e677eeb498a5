"""The radar's tables loaded from the Spark steps' Parquet tables, in the DuckDB build's row
order (so that everything computed over the radar next is the same)."""

from __future__ import annotations

from pathlib import Path

import pyarrow as pa
import sqlglot

from talentradar.engine.sql import ORDER_PREFIX
from talentradar.mentions import MENTIONS, PAPERS
from talentradar.resolve.orgs.registry import Registry
from talentradar.resolve.orgs.tables import AFFILIATION_KEYS_SQL, ORGS, org_rows
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
    """``affiliations`` (in the keys' order), ``mention_orgs`` (in mention order, then match
    rank), ``orgs`` (every curated org and every org matched) and ``countries``."""
    from talentradar.pipeline import COUNTRIES, _countries

    def parquet(name: str) -> str:
        return f"read_parquet('{lake}/{name}/*.parquet')"

    with store.transaction():
        store.execute(
            f"CREATE OR REPLACE TABLE affiliations AS SELECT * FROM {parquet('affiliations')} "
            f"ORDER BY {_ORDER}"
        )
        store.execute(
            f"CREATE OR REPLACE TABLE mention_orgs AS SELECT mo.* EXCLUDE ({ORDER_PREFIX}0) "
            f"FROM {parquet('mention_orgs')} mo "
            "JOIN (SELECT mention_id, rowid AS _row FROM mentions) r USING (mention_id) "
            f"ORDER BY r._row, mo.{ORDER_PREFIX}0"
        )
        used = {r["org_id"] for r in store.query("SELECT DISTINCT org_id FROM mention_orgs")}
        store.replace_table("orgs", pa.Table.from_pylist(org_rows(registry, used), schema=ORGS))
        store.replace_table("countries", pa.Table.from_pylist(_countries(), schema=COUNTRIES))
