"""Drill-down: the persons behind one number of a chart, with the evidence.

- ``cohort_people``: the persons of a tracker share (one key of one dimension in a
  selection), each with the paper and the affiliation as written that placed them there.
- ``flow_people``: the persons behind one (from, to) cell of the flows, with the years and
  orgs of the move.
"""

from __future__ import annotations

from typing import Any

from talentradar.analytics.cohorts import Selection, cohort_sql
from talentradar.analytics.flows import _filters, _node
from talentradar.analytics.tracker import _key_sql
from talentradar.errors import UnknownValueError
from talentradar.store import Store

LIMIT = 500


def cohort_people(
    store: Store, selection: Selection, by: str, rule: str, key: str, limit: int = LIMIT
) -> dict[str, Any]:
    """Persons of ``selection`` placed at ``key`` of dimension ``by`` (their weight is the part
    of them counted there), most papers first, with one piece of evidence each."""
    from talentradar.analytics.tracker import DIMENSIONS, RULES

    if by not in DIMENSIONS:
        raise UnknownValueError("dimension (by)", by, list(DIMENSIONS))
    if rule not in RULES:
        raise UnknownValueError("country rule", rule, list(RULES))
    cohort, params = cohort_sql(selection)
    key_sql, label_sql, join = _key_sql(by, rule)
    rows = store.query(
        f"""
        WITH cohort AS ({cohort}),
        placed AS (
            SELECT c.venue, c.year, c.person_id, c.mention_id, c.paper_id, o.name AS org,
                   mo.inferred, {key_sql} AS key, {label_sql} AS label
            FROM cohort c JOIN placements mo USING (mention_id) JOIN orgs o USING (org_id) {join}
        )
        SELECT pl.person_id, pe.name,
               list_sort(list(DISTINCT pl.venue || ' ' || pl.year)) AS cohorts,
               count(DISTINCT pl.paper_id) AS papers, list(DISTINCT pl.org ORDER BY pl.org) AS orgs,
               bool_and(pl.inferred) AS inferred_only, any_value(pl.label) AS label,
               arg_min(pa.title, pa.year) AS evidence_title,
               arg_min(coalesce(m.affiliation, m.email_domain), pa.year) AS evidence_affiliation
        FROM placed pl JOIN persons pe USING (person_id) JOIN papers pa USING (paper_id)
        JOIN mentions m ON m.mention_id = pl.mention_id
        WHERE CAST(pl.key AS VARCHAR) = ?
        GROUP BY pl.person_id, pe.name ORDER BY papers DESC, pe.name, pl.person_id LIMIT ?
        """,
        [*params, key, limit],
    )
    return {
        "query": selection.describe() | {"by": by, "rule": rule, "key": key},
        "label": rows[0]["label"] if rows else key,
        "persons": rows,
        "truncated": len(rows) == limit,
    }


def flow_people(
    store: Store,
    by: str,
    from_key: str,
    to_key: str,
    start: int | None = None,
    end: int | None = None,
    tier: str = "all",
    top_venues: tuple[str, ...] = ("neurips", "icml", "iclr"),
    limit: int = LIMIT,
) -> dict[str, Any]:
    """The moves of one (from, to) flow cell: who, when, from which org to which."""
    fk, _ = _node(by, "from")
    tk, _ = _node(by, "to")
    where, params = _filters(start, end, tier, top_venues)
    rows = store.query(
        f"""
        SELECT person_id, person_name AS name, from_name, to_name, from_year, year, confidence,
               from_mentions, to_mentions
        FROM moves_enriched
        WHERE {where} AND CAST({fk} AS VARCHAR) = ? AND CAST({tk} AS VARCHAR) = ?
        ORDER BY year, person_name, person_id LIMIT ?
        """,
        [*params, from_key, to_key, limit],
    )
    return {
        "query": {
            "by": by,
            "from_key": from_key,
            "to_key": to_key,
            "from": start,
            "to": end,
            "tier": tier,
        },
        "moves": rows,
        "truncated": len(rows) == limit,
    }


def org_people_moves(
    store: Store, org_id: str, since: int | None = None, limit: int = 100
) -> dict[str, list[dict[str, Any]]]:
    """Who joined the org (or its children) and who left, newest first, with both orgs."""
    members = "(SELECT org_id FROM orgs WHERE org_id = ? OR root_id = ? OR parent_id = ?)"
    out = {}
    for direction, here in (("joined", "to"), ("left", "from")):
        out[direction] = store.query(
            f"""
            SELECT person_id, person_name AS name, from_org, from_name, to_org, to_name,
                   from_year, year, confidence
            FROM moves_enriched
            WHERE {here}_org IN {members} AND NOT internal AND (year >= ? OR ? IS NULL)
            ORDER BY year DESC, person_name, person_id LIMIT ?
            """,
            [org_id, org_id, org_id, since, since, limit],
        )
    return out
