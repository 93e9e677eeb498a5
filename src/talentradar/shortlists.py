"""Shortlists: named lists of persons with notes and a hiring stage, kept in the store.

Suppressed persons never appear in a shortlist's output, even when listed.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from talentradar.errors import TalentRadarError, UnknownValueError
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
    if not radar.query("SELECT 1 FROM persons WHERE person_id = ?", [person_id]):
        raise TalentRadarError(
            f"no person {person_id!r}; find ids with `talentradar people show NAME`"
        )
    if radar.query("SELECT 1 FROM suppressed_persons WHERE person_id = ?", [person_id]):
        raise TalentRadarError(f"person {person_id} is suppressed and cannot be shortlisted")
    workspace.execute(
        "INSERT INTO shortlists VALUES (?, NULL, ?) ON CONFLICT DO NOTHING", [shortlist, now]
    )
    workspace.execute(
        "INSERT INTO shortlist_entries VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (shortlist, person_id) "
        "DO UPDATE SET stage = excluded.stage, note = coalesce(excluded.note, shortlist_entries.note), "
        "updated_at = excluded.updated_at",
        [shortlist, person_id, stage, note, now, now],
    )
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
