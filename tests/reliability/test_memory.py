"""The radar's buffer pool gives way while the linkage's own DuckDB works."""

from __future__ import annotations

from talentradar.store.duckdb import DuckDBStore


def _limit(store: DuckDBStore) -> str:
    return store.query("SELECT current_setting('memory_limit') AS v")[0]["v"]


def test_memory_is_capped_for_the_duration_and_given_back(tmp_path) -> None:
    store = DuckDBStore(tmp_path / "r.duckdb", memory_limit="3GB")
    try:
        before = _limit(store)
        with store.memory_capped("256MB"):
            capped = _limit(store)
            store.execute("CREATE TABLE t AS SELECT range AS x FROM range(100000)")
        assert capped != before and capped.startswith("244")  # 256 MB in MiB
        assert _limit(store) == before
        assert store.query("SELECT count(*) AS n FROM t")[0]["n"] == 100000
    finally:
        store.close()
