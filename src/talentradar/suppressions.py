"""The suppression list: persons (by person id or source person id) removed from every output.

Kept in the workspace, so it survives rebuilds. A person id is renamed or regrouped when the
linkage changes, so each suppression also keeps the *keys* behind its subject when it is made:
the mentions of the person and their source person ids (``suppression_keys``). The radar's
``suppressed_persons`` view hides every person holding the subject or any of its keys, so a
suppression survives ``people link`` and ``build``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from talentradar import audit
from talentradar.errors import TalentRadarError
from talentradar.store import Store

KEYS_SQL = """
SELECT DISTINCT mp.mention_id AS key FROM mention_person mp WHERE mp.person_id = $subject
UNION
SELECT DISTINCT m.mention_id FROM mentions m WHERE m.source_person_id = $subject
UNION
SELECT DISTINCT m.source_person_id FROM mentions m JOIN mention_person mp USING (mention_id)
WHERE mp.person_id = $subject AND m.source_person_id IS NOT NULL
"""


def keys_of(radar: Store, subject: str) -> list[str]:
    """The mention ids and source person ids behind ``subject`` in the current radar."""
    rows = radar.query(KEYS_SQL.replace("$subject", "?"), [subject, subject, subject])
    return sorted({r["key"] for r in rows if r["key"]})


def suppress(
    store: Store,
    subject: str,
    reason: str | None,
    now: datetime,
    keys: list[str] | None = None,
) -> None:
    """Put ``subject`` on the list with the ``keys`` behind it (see :func:`keys_of`)."""
    subject = subject.strip()
    if not subject:
        raise TalentRadarError("a suppression needs a subject: a person id or source person id")
    store.execute("INSERT OR REPLACE INTO suppressions VALUES (?, ?, ?)", [subject, reason, now])
    for key in keys or []:
        store.execute(
            "INSERT INTO suppression_keys VALUES (?, ?) ON CONFLICT DO NOTHING", [subject, key]
        )
    audit.record(store, "suppress", subject, reason, {"keys": len(keys or [])})


def unsuppress(store: Store, subject: str) -> bool:
    found = store.query("SELECT reason FROM suppressions WHERE subject = ?", [subject])
    keys = [
        r["key"]
        for r in store.query("SELECT key FROM suppression_keys WHERE subject = ?", [subject])
    ]
    store.execute("DELETE FROM suppressions WHERE subject = ?", [subject])
    store.execute("DELETE FROM suppression_keys WHERE subject = ?", [subject])
    if found:
        audit.record(
            store, "unsuppress", subject, None, {"reason": found[0]["reason"], "keys": keys}
        )
    return bool(found)


def listing(store: Store) -> list[dict[str, Any]]:
    return store.query(
        "SELECT s.subject, s.reason, s.added_at, count(k.key) AS keys FROM suppressions s "
        "LEFT JOIN suppression_keys k USING (subject) GROUP BY ALL ORDER BY 3, 1"
    )
