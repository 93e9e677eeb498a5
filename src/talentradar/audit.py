"""The audit log: every write to the workspace, who (the token's name, or ``cli:<user>``),
when, what and why, in the workspace table ``audit_log``; an override or a suppression can be
undone from it.

Writers call :func:`record` in the same transaction as their write, so a write and its audit
line are stored together or not at all. The actor is carried by the workspace store of the
write (``Workspace.write(actor=…)``).
"""

from __future__ import annotations

import getpass
import json
import secrets
from datetime import UTC, datetime
from typing import Any

from talentradar.errors import NotFoundError, TalentRadarError
from talentradar.store import Store

UNDOABLE = ("suppress", "unsuppress", "override.add", "override.remove")


def cli_actor() -> str:
    try:
        return "cli:" + getpass.getuser()
    except Exception:  # no user name in this environment
        return "cli"


def record(
    store: Store,
    action: str,
    subject: str,
    note: str | None = None,
    detail: dict[str, Any] | None = None,
) -> str:
    """One audit line for the write being made on ``store``; returns its id."""
    audit_id = secrets.token_hex(6)
    actor = getattr(store, "actor", None) or cli_actor()
    store.execute(
        "INSERT INTO audit_log VALUES (?, ?, ?, ?, ?, ?, ?)",
        [
            audit_id,
            datetime.now(UTC).replace(tzinfo=None),
            actor,
            action,
            subject,
            note,
            json.dumps(detail or {}, sort_keys=True),
        ],
    )
    return audit_id


def entries(
    store: Store, action: str | None = None, subject: str | None = None, limit: int = 200
) -> list[dict[str, Any]]:
    """The newest ``limit`` lines, optionally of one action or subject."""
    clauses, params = [], []
    if action:
        clauses.append("action = ?")
        params.append(action)
    if subject:
        clauses.append("subject = ?")
        params.append(subject)
    where = ("WHERE " + " AND ".join(clauses)) if clauses else ""
    rows = store.query(
        f"SELECT audit_id, written_at, actor, action, subject, note, detail FROM audit_log {where} "
        "ORDER BY written_at DESC, audit_id LIMIT ?",
        [*params, limit],
    )
    for row in rows:
        row["detail"] = json.loads(row["detail"]) if row["detail"] else {}
    return rows


def undo(store: Store, audit_id: str, now: datetime) -> dict[str, Any]:
    """Reverse the override or suppression of line ``audit_id`` (itself audited)."""
    from talentradar import suppressions
    from talentradar.resolve.people.overrides import remove_override

    rows = store.query("SELECT * FROM audit_log WHERE audit_id = ?", [audit_id])
    if not rows:
        raise NotFoundError(f"no audit line {audit_id}; list them with `talentradar audit`")
    line = rows[0]
    detail = json.loads(line["detail"] or "{}")
    action = line["action"]
    if action not in UNDOABLE:
        raise TalentRadarError(
            f"audit line {audit_id} ({action}) cannot be undone; undoable: {', '.join(UNDOABLE)}"
        )
    if action == "suppress":
        suppressions.unsuppress(store, line["subject"])
    elif action == "unsuppress":
        suppressions.suppress(
            store, line["subject"], detail.get("reason"), now, detail.get("keys") or []
        )
    elif action == "override.add":
        remove_override(store, detail["kind"], detail["a"], detail["b"])
    else:
        store.execute(
            "INSERT OR REPLACE INTO person_overrides VALUES (?, ?, ?, ?, ?)",
            [detail["kind"], detail["a"], detail["b"], detail.get("note"), now],
        )
    record(store, "undo", line["subject"], f"undo of {audit_id} ({action})", {"undone": audit_id})
    return {"undone": audit_id, "action": action, "subject": line["subject"]}
