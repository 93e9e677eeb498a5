"""The suppression list: persons (by person id or source person id) removed from every output.

Kept in the store's durable ``suppressions`` table, so it survives rebuilds; the
``suppressed_persons`` view maps each subject to the persons it hides.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from talentradar.errors import TalentRadarError
from talentradar.store import Store


def suppress(store: Store, subject: str, reason: str | None, now: datetime) -> None:
    if not subject.strip():
        raise TalentRadarError("a suppression needs a subject: a person id or source person id")
    store.execute("INSERT OR REPLACE INTO suppressions VALUES (?, ?, ?)", [subject, reason, now])


def unsuppress(store: Store, subject: str) -> bool:
    found = store.query("SELECT 1 FROM suppressions WHERE subject = ?", [subject])
    store.execute("DELETE FROM suppressions WHERE subject = ?", [subject])
    return bool(found)


def listing(store: Store) -> list[dict[str, Any]]:
    return store.query("SELECT * FROM suppressions ORDER BY 3, 1")
