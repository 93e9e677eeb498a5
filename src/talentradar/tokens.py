"""API tokens: created by `talentradar token create`, stored as salted SHA-256 hashes.

A token is ``<token_id>.<secret>``; only the id, a random salt and the hash of
salt + secret are stored, so a copy of the store reveals no token.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
from datetime import datetime

from talentradar import audit
from talentradar.store import Store


def create(store: Store, name: str, now: datetime) -> str:
    token_id = secrets.token_hex(4)
    secret = secrets.token_urlsafe(24)
    salt = secrets.token_hex(8)
    store.execute(
        "INSERT INTO api_tokens VALUES (?, ?, ?, ?, ?)",
        [token_id, name, salt, _hash(salt, secret), now],
    )
    audit.record(store, "token.create", token_id, name)
    return f"{token_id}.{secret}"


def verify(store: Store, token: str) -> bool:
    token_id, _, secret = token.partition(".")
    rows = store.query("SELECT salt, hash FROM api_tokens WHERE token_id = ?", [token_id])
    return (
        bool(rows)
        and bool(secret)
        and hmac.compare_digest(rows[0]["hash"], _hash(rows[0]["salt"], secret))
    )


def name_of(store: Store, token: str) -> str | None:
    """The name of a valid ``token``, else None."""
    if not verify(store, token):
        return None
    rows = store.query("SELECT name FROM api_tokens WHERE token_id = ?", [token.partition(".")[0]])
    return rows[0]["name"] if rows else None


def revoke(store: Store, token_id: str) -> bool:
    found = store.query("SELECT 1 FROM api_tokens WHERE token_id = ?", [token_id])
    store.execute("DELETE FROM api_tokens WHERE token_id = ?", [token_id])
    if found:
        audit.record(store, "token.revoke", token_id)
    return bool(found)


def listing(store: Store) -> list[dict[str, object]]:
    return store.query("SELECT token_id, name, created_at FROM api_tokens ORDER BY created_at")


def _hash(salt: str, secret: str) -> str:
    return hashlib.sha256(f"{salt}:{secret}".encode()).hexdigest()
