"""API tokens: shown once, stored as salted hashes, verified and revoked."""

from __future__ import annotations

from datetime import datetime

from talentradar import tokens
from talentradar.store.duckdb import DuckDBStore


def test_tokens_are_stored_hashed_and_verify(tmp_path) -> None:
    store = DuckDBStore(tmp_path / "t.duckdb", schema=("raw.sql", "workspace.sql"))
    try:
        token = tokens.create(store, "laptop", datetime(2026, 1, 1))
        other = tokens.create(store, "ci", datetime(2026, 1, 2))
        token_id, secret = token.split(".")
        stored = store.query("SELECT * FROM api_tokens")
        assert len(stored) == 2
        assert all(secret not in str(v) for row in stored for v in row.values())
        assert tokens.verify(store, token) and tokens.verify(store, other)
        assert not tokens.verify(store, token_id + ".wrong")
        assert not tokens.verify(store, token_id)
        assert not tokens.verify(store, "")
        assert [t["name"] for t in tokens.listing(store)] == ["laptop", "ci"]
        assert tokens.revoke(store, token_id)
        assert not tokens.verify(store, token) and tokens.verify(store, other)
        assert not tokens.revoke(store, token_id)
    finally:
        store.close()
