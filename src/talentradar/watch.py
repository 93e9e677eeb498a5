"""Watches: a shortlist or an org is watched; each build records what changed for it.

A change is a fact present in the new radar and absent from the previous one: a new paper of
a watched person (or of an org), a new org of a watched person, a move into or out of a
watched org (or of a watched person). ``record_changes`` compares the two radars; the watch
list and the recorded changes are user data.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime
from typing import Any, Literal

from talentradar.errors import NotFoundError, StoreError, UnknownValueError
from talentradar.settings import Settings
from talentradar.store import Store
from talentradar.store.workspace import Workspace

KINDS = ("shortlist", "org")
Kind = Literal["shortlist", "org"]
Fact = tuple[str, str | None, str, str]  # (change, person_id, subject, detail)


@dataclass(frozen=True)
class WatchState:
    """The facts of every watched item in one radar, keyed by (kind, target)."""

    facts: dict[tuple[str, str], set[Fact]] = field(default_factory=dict)


def add_watch(
    radar: Store, workspace: Store, kind: str, target: str, now: datetime
) -> dict[str, Any]:
    """Watch a shortlist (by name, in the ``workspace``) or an org (by id, in the ``radar``)."""
    if kind not in KINDS:
        raise UnknownValueError("watch kind", kind, list(KINDS))
    if kind == "shortlist":
        found = workspace.query("SELECT 1 FROM shortlists WHERE name = ?", [target])
    else:
        found = radar.query("SELECT 1 FROM orgs WHERE org_id = ?", [target])
    if not found:
        raise NotFoundError(f"no {kind} {target!r} to watch")
    workspace.execute(
        "INSERT INTO watches VALUES (?, ?, ?) ON CONFLICT DO NOTHING", [kind, target, now]
    )
    return {"kind": kind, "target": target, "watched": True}


def remove_watch(store: Store, kind: str, target: str) -> bool:
    found = store.query("SELECT 1 FROM watches WHERE kind = ? AND target = ?", [kind, target])
    store.execute("DELETE FROM watches WHERE kind = ? AND target = ?", [kind, target])
    return bool(found)


def watches(store: Store) -> list[dict[str, Any]]:
    return store.query("SELECT kind, target, created_at FROM watches ORDER BY kind, target")


def watch_state(radar: Store, workspace: Store) -> WatchState:
    """The facts of each watched item in ``radar`` (watch list and shortlists from ``workspace``)."""
    state = WatchState()
    if "moves_detail" not in radar.tables():  # no radar built yet
        return state
    for w in watches(workspace):
        if w["kind"] == "shortlist":
            persons = [
                r["person_id"]
                for r in workspace.query(
                    "SELECT person_id FROM shortlist_entries WHERE shortlist = ?", [w["target"]]
                )
            ]
            facts = _person_facts(radar, persons)
        else:
            facts = _org_facts(radar, w["target"])
        state.facts[(w["kind"], w["target"])] = facts
    return state


def record_changes(
    previous: Store | WatchState, current: Store, workspace: Store, now: datetime
) -> list[dict[str, Any]]:
    """Record (in ``workspace``) what is new for each watched item in ``current`` compared with
    ``previous`` (the previous radar, or its state taken before the build); returns the rows."""
    before = previous if isinstance(previous, WatchState) else watch_state(previous, workspace)
    after = watch_state(current, workspace)
    rows = []
    for key, facts in after.facts.items():
        if key not in before.facts:
            continue  # watched since the previous build: nothing to compare with
        for change, person_id, subject, detail in sorted(facts - before.facts[key], key=str):
            rows.append(
                {
                    "recorded_at": now,
                    "kind": key[0],
                    "target": key[1],
                    "change": change,
                    "person_id": person_id,
                    "subject": subject,
                    "detail": detail,
                }
            )
    for r in rows:
        workspace.execute(
            "INSERT INTO watch_changes VALUES (?, ?, ?, ?, ?, ?, ?)", list(r.values())
        )
    return rows


def changes(
    store: Store, kind: str | None = None, target: str | None = None, limit: int = 200
) -> list[dict[str, Any]]:
    """Recorded changes, newest first, optionally for one watched item (on a radar connection,
    where the workspace tables are registered)."""
    return store.query(
        """
        SELECT c.recorded_at, c.kind, c.target, c.change, c.person_id, p.name AS person_name,
               c.subject, c.detail
        FROM watch_changes c LEFT JOIN persons p USING (person_id)
        WHERE (c.kind = ? OR ? IS NULL) AND (c.target = ? OR ? IS NULL)
          AND (c.person_id IS NULL OR c.person_id NOT IN (SELECT person_id FROM suppressed_persons))
        ORDER BY c.recorded_at DESC, c.kind, c.target, c.change, c.subject LIMIT ?
        """,
        [kind, kind, target, target, limit],
    )


def _person_facts(radar: Store, persons: list[str]) -> set[Fact]:
    if not persons:
        return set()
    marks = ", ".join("?" for _ in persons)
    papers = radar.query(
        f"""SELECT DISTINCT mp.person_id, m.paper_id, p.venue || ' ' || p.year || ': ' || p.title AS d
        FROM mention_person mp JOIN mentions m USING (mention_id) JOIN papers p USING (paper_id)
        WHERE mp.person_id IN ({marks})""",
        persons,
    )
    orgs = radar.query(
        f"""SELECT DISTINCT py.person_id, py.org_id, o.name AS d FROM person_years py
        JOIN orgs o USING (org_id) WHERE py.person_id IN ({marks})""",
        persons,
    )
    moves = radar.query(
        f"""SELECT person_id, from_org || '→' || to_org || '@' || year AS s,
        from_name || ' → ' || to_name || ' (' || year || ')' AS d
        FROM moves_detail WHERE person_id IN ({marks})""",
        persons,
    )
    return (
        {("new_paper", r["person_id"], r["paper_id"], r["d"]) for r in papers}
        | {("new_org", r["person_id"], r["org_id"], r["d"]) for r in orgs}
        | {("move", r["person_id"], r["s"], r["d"]) for r in moves}
    )


def _org_facts(radar: Store, org_id: str) -> set[Fact]:
    members = "(SELECT org_id FROM orgs WHERE org_id = ? OR root_id = ?)"
    moves = radar.query(
        f"""SELECT person_id, from_org, to_org, year,
        from_name || ' → ' || to_name || ' (' || year || ')' AS d,
        to_org IN {members} AS arriving
        FROM moves_detail WHERE NOT internal AND (to_org IN {members} OR from_org IN {members})""",
        [org_id, org_id, org_id, org_id, org_id, org_id],
    )
    return {
        (
            "move_in" if r["arriving"] else "move_out",
            r["person_id"],
            f"{r['from_org']}→{r['to_org']}@{r['year']}",
            r["d"],
        )
        for r in moves
    }


def state_before_build(settings: Settings) -> WatchState | None:
    """The watched items' facts in the radar a build is about to replace (None: no radar yet,
    or nothing watched)."""
    from talentradar.store.radar import reading

    if not settings.db_path.exists():
        return None
    try:
        with reading(settings) as radar:
            state = watch_state(radar, radar)  # the workspace tables are registered on it
    except StoreError:
        return None
    return state if state.facts else None


def record_after_build(
    before: WatchState | None, radar: Store, workspace: Workspace, now: datetime
) -> list[dict[str, Any]]:
    """The build's hook: record what is new in ``radar`` (the new one) for watched items."""
    if before is None:
        return []
    with workspace.write() as store:
        return record_changes(before, radar, store, now)
