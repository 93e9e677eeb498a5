"""Shortlists: named lists of persons with notes and a hiring stage, kept in the store.

Suppressed persons never appear in a shortlist's output, even when listed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from talentradar import audit
from talentradar.errors import NotFoundError, TalentRadarError, UnknownValueError
from talentradar.store import Store

STAGES = ("sourced", "contacted", "interviewing", "offer", "hired", "declined")


def add(
    radar: Store,
    workspace: Store,
    shortlist: str,
    person_id: str,
    now: datetime,
    stage: str = "sourced",
    note: str | None = None,
) -> dict[str, Any]:
    """Add a person (or update their stage and note); creates the shortlist when new. The person
    is looked up in the ``radar``; the entry is written to the ``workspace``."""
    if stage not in STAGES:
        raise UnknownValueError("stage", stage, list(STAGES))
    if not shortlist.strip():
        raise TalentRadarError("a shortlist needs a name")
    # a suppressed person answers exactly as an unknown one
    if not radar.query("SELECT 1 FROM persons WHERE person_id = ?", [person_id]) or radar.query(
        "SELECT 1 FROM suppressed_persons WHERE person_id = ?", [person_id]
    ):
        raise TalentRadarError(
            f"no person {person_id!r}; find ids with `talentradar people show NAME`"
        )
    workspace.execute(
        "INSERT INTO shortlists VALUES (?, NULL, ?) ON CONFLICT DO NOTHING", [shortlist, now]
    )
    workspace.execute(
        "INSERT INTO shortlist_entries VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (shortlist, person_id) "
        "DO UPDATE SET stage = excluded.stage, note = coalesce(excluded.note, shortlist_entries.note), "
        "updated_at = excluded.updated_at",
        [shortlist, person_id, stage, note, now, now],
    )
    audit.record(workspace, "shortlist.add", f"{shortlist}/{person_id}", note, {"stage": stage})
    return {"shortlist": shortlist, "person_id": person_id, "stage": stage, "note": note}


def remove(store: Store, shortlist: str, person_id: str) -> bool:
    found = store.query(
        "SELECT 1 FROM shortlist_entries WHERE shortlist = ? AND person_id = ?",
        [shortlist, person_id],
    )
    store.execute(
        "DELETE FROM shortlist_entries WHERE shortlist = ? AND person_id = ?",
        [shortlist, person_id],
    )
    if found:
        audit.record(store, "shortlist.remove", f"{shortlist}/{person_id}")
    return bool(found)


def lists(store: Store) -> list[dict[str, Any]]:
    return store.query(
        "SELECT s.name, s.created_at, count(e.person_id) AS persons FROM shortlists s "
        "LEFT JOIN shortlist_entries e ON e.shortlist = s.name GROUP BY ALL ORDER BY s.name"
    )


def show(store: Store, shortlist: str) -> list[dict[str, Any]]:
    """The entries with each person's name, latest org, country and stage; suppressed left out."""
    if not store.query("SELECT 1 FROM shortlists WHERE name = ?", [shortlist]):
        known = [r["name"] for r in lists(store)]
        raise UnknownValueError("shortlist", shortlist, known)
    return store.query(
        """
        SELECT e.person_id, p.name, f.org_name AS org, f.country, f.stage AS career_stage,
               f.top_papers, f.top_orals, e.stage, e.note, e.added_at, e.updated_at
        FROM shortlist_entries e JOIN persons p USING (person_id)
        LEFT JOIN person_facts f USING (person_id)
        WHERE e.shortlist = ? AND e.person_id NOT IN (SELECT person_id FROM suppressed_persons)
        ORDER BY e.added_at, p.name
        """,
        [shortlist],
    )


def create(store: Store, shortlist: str, now: datetime, note: str | None = None) -> dict[str, Any]:
    """A new, empty shortlist; refused when the name is taken."""
    name = _name(shortlist)
    if store.query("SELECT 1 FROM shortlists WHERE name = ?", [name]):
        raise TalentRadarError(f"name: a shortlist named {name!r} exists already")
    store.execute("INSERT INTO shortlists VALUES (?, ?, ?)", [name, note, now])
    audit.record(store, "shortlist.create", name, note)
    return {"shortlist": name, "created": True}


def rename(store: Store, shortlist: str, new_name: str) -> dict[str, Any]:
    """Rename a shortlist, keeping its entries (and any watch on it)."""
    _known(store, shortlist)
    new = _name(new_name)
    if new == shortlist:  # the same name (perhaps with spaces around it): nothing to change
        return {"shortlist": new, "renamed_from": shortlist}
    if store.query("SELECT 1 FROM shortlists WHERE name = ?", [new]):
        raise TalentRadarError(f"name: a shortlist named {new!r} exists already")
    rows = store.query("SELECT note, created_at FROM shortlists WHERE name = ?", [shortlist])
    store.execute(
        "INSERT INTO shortlists VALUES (?, ?, ?)", [new, rows[0]["note"], rows[0]["created_at"]]
    )
    store.execute(
        "UPDATE shortlist_entries SET shortlist = ? WHERE shortlist = ?", [new, shortlist]
    )
    store.execute(
        "UPDATE watches SET target = ? WHERE kind = 'shortlist' AND target = ?", [new, shortlist]
    )
    store.execute("DELETE FROM shortlists WHERE name = ?", [shortlist])
    audit.record(store, "shortlist.rename", shortlist, None, {"to": new})
    return {"shortlist": new, "renamed_from": shortlist}


def delete(store: Store, shortlist: str) -> dict[str, Any]:
    """Remove a shortlist and its entries."""
    _known(store, shortlist)
    entries = store.query(
        "SELECT count(*) AS n FROM shortlist_entries WHERE shortlist = ?", [shortlist]
    )[0]["n"]
    store.execute("DELETE FROM shortlist_entries WHERE shortlist = ?", [shortlist])
    store.execute("DELETE FROM watches WHERE kind = 'shortlist' AND target = ?", [shortlist])
    store.execute("DELETE FROM shortlists WHERE name = ?", [shortlist])
    audit.record(store, "shortlist.delete", shortlist, None, {"entries": entries})
    return {"shortlist": shortlist, "deleted": True, "entries": entries}


def update(
    store: Store,
    shortlist: str,
    person_id: str,
    now: datetime,
    stage: str | None = None,
    note: str | None = None,
) -> dict[str, Any]:
    """Change an entry's hiring stage and/or note (an empty note clears it)."""
    if stage is not None and stage not in STAGES:
        raise UnknownValueError("stage", stage, list(STAGES))
    found = store.query(
        "SELECT stage, note FROM shortlist_entries WHERE shortlist = ? AND person_id = ?",
        [shortlist, person_id],
    )
    if not found:
        raise NotFoundError(f"{person_id} is not on shortlist {shortlist!r}")
    stage = stage or found[0]["stage"]
    note = found[0]["note"] if note is None else (note.strip() or None)
    store.execute(
        "UPDATE shortlist_entries SET stage = ?, note = ?, updated_at = ? "
        "WHERE shortlist = ? AND person_id = ?",
        [stage, note, now, shortlist, person_id],
    )
    audit.record(store, "shortlist.update", f"{shortlist}/{person_id}", note, {"stage": stage})
    return {"shortlist": shortlist, "person_id": person_id, "stage": stage, "note": note}


def _name(name: str) -> str:
    name = name.strip()
    if not name or len(name) > 100:
        raise TalentRadarError(
            "name: a shortlist needs a name of 1 to 100 characters, not only spaces"
        )
    return name


def _known(store: Store, shortlist: str) -> None:
    if not store.query("SELECT 1 FROM shortlists WHERE name = ?", [shortlist]):
        known = [r["name"] for r in lists(store)]
        raise NotFoundError(f"no shortlist {shortlist!r}; known: {', '.join(known) or 'none yet'}")
