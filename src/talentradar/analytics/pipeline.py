"""Talent pipeline queries: from a school (org or country) to where its students publish next.

Reads ``person_pipeline`` (facts.pipelines): one row per person with a stated student position
at an academic org, their cohort (last student year) and, when seen 1–5 years later, their
destination. Suppressed persons are left out.
"""

from __future__ import annotations

from typing import Any

from talentradar.errors import UnknownValueError
from talentradar.store import Store

LEVELS = ("country", "sector", "org")
_KEYS = {
    "country": ("pp.school_country", "pp.dest_country", "pp.school_country", "pp.dest_country"),
    "sector": ("pp.school_sector", "pp.dest_sector", "pp.school_sector", "pp.dest_sector"),
    "org": ("pp.school_org", "pp.dest_org", "so.name", "d.name"),
}


def pipeline(
    store: Store,
    by: str = "country",
    school: str | None = None,
    cohort_from: int | None = None,
    cohort_to: int | None = None,
    limit: int = 50,
) -> dict[str, Any]:
    """Persons per cohort, school and destination, with the school's students and shares.

    ``school``: an org id, an org name (exact, any case) or a country code; only its students.
    ``share`` is of the school's students of that cohort seen at a destination (``placed``);
    ``students - placed`` were not seen publishing 1–5 years later."""
    if by not in LEVELS:
        raise UnknownValueError("by", by, list(LEVELS))
    school_key, dest_key, school_label, dest_label = _KEYS[by]
    where, params = _filters(school, cohort_from, cohort_to)
    base = f"""
        SELECT pp.person_id, pp.cohort, pp.dest_org, {school_key} AS school_key,
               {school_label} AS school, {dest_key} AS dest_key, {dest_label} AS destination
        FROM person_pipeline pp JOIN orgs so ON so.org_id = pp.school_org
        LEFT JOIN orgs d ON d.org_id = pp.dest_org
        WHERE {where} AND pp.person_id NOT IN (SELECT person_id FROM suppressed_persons)
    """
    rows = store.query(
        f"""
        WITH b AS ({base}),
        totals AS (SELECT cohort, school_key, count(*) AS students, count(dest_org) AS placed
                   FROM b GROUP BY 1, 2)
        SELECT b.cohort, b.school_key, any_value(b.school) AS school, b.dest_key,
               any_value(b.destination) AS destination, count(*) AS persons,
               any_value(t.students) AS students, any_value(t.placed) AS placed,
               round(count(*) / any_value(t.placed), 4) AS share,
               list(b.person_id ORDER BY b.person_id)[1:10] AS example_persons
        FROM b JOIN totals t ON t.cohort = b.cohort AND t.school_key IS NOT DISTINCT FROM b.school_key
        WHERE b.dest_org IS NOT NULL
        GROUP BY b.cohort, b.school_key, b.dest_key
        ORDER BY b.cohort, any_value(t.students) DESC, persons DESC, b.dest_key
        LIMIT ?
        """,
        [*params, limit],
    )
    summary = store.query(
        "SELECT count(*) AS students, count(dest_org) AS placed, min(cohort) AS first_cohort, "
        f"max(cohort) AS last_cohort FROM ({base})",
        params,
    )[0]
    return {"by": by, "school": school, "summary": summary, "flows": rows}


def _filters(
    school: str | None, cohort_from: int | None, cohort_to: int | None
) -> tuple[str, list[Any]]:
    clauses: list[str] = ["true"]
    params: list[Any] = []
    if school:
        clauses.append(
            "(pp.school_org = ? OR lower(so.name) = lower(?) OR upper(pp.school_country) = upper(?))"
        )
        params += [school, school, school]
    if cohort_from is not None:
        clauses.append("pp.cohort >= ?")
        params.append(cohort_from)
    if cohort_to is not None:
        clauses.append("pp.cohort <= ?")
        params.append(cohort_to)
    return " AND ".join(clauses), params


def person_pipeline(store: Store, person_id: str) -> dict[str, Any] | None:
    """One person's school, cohort and destination with the evidence mention ids."""
    rows = store.query(
        "SELECT * FROM person_pipeline WHERE person_id = ? "
        "AND person_id NOT IN (SELECT person_id FROM suppressed_persons)",
        [person_id],
    )
    return rows[0] if rows else None


def pipeline_totals(
    store: Store,
    by: str = "country",
    cohort_from: int | None = None,
    cohort_to: int | None = None,
    top: int = 15,
) -> dict[str, Any]:
    """The largest school → destination pairs over all cohorts in range (for the Flows page)."""
    result = pipeline(store, by, None, cohort_from, cohort_to, limit=1_000_000)
    totals: dict[tuple[Any, Any], dict[str, Any]] = {}
    placed: dict[Any, int] = {}
    for row in result["flows"]:
        key = (row["school_key"], row["dest_key"])
        cell = totals.setdefault(
            key, {"school": row["school"], "destination": row["destination"], "persons": 0}
        )
        cell["persons"] += row["persons"]
    for row in {(r["cohort"], r["school_key"]): r for r in result["flows"]}.values():
        placed[row["school_key"]] = placed.get(row["school_key"], 0) + row["placed"]
    rows = [
        {**cell, "placed": placed[s], "share": round(cell["persons"] / placed[s], 4)}
        for (s, _), cell in totals.items()
    ]
    rows.sort(key=lambda r: (-r["persons"], str(r["school"]), str(r["destination"])))
    return {"summary": result["summary"], "rows": rows[:top]}
