"""Tracker: where do top-tier AI researchers work?

For a selection of venue-years and a tier, shares of authors by country of
work (HQ rule or site rule), region, sector, org or parent org. Two measures,
always labelled:

- **persons**: each person once per cohort (venue-year); a person with several
  orgs in the cohort is split fractionally across them.
- **papers**: 1/N credit per author of an N-author paper, split across the
  author's orgs on that paper.

Shares are of the authors whose org is resolved; the unresolved part is
reported per cohort, never hidden. Orgs inferred from a person's other papers
(a mention with no affiliation) count unless ``inferred=False``; each cohort
line says how many persons have an observed org. See docs/methodology.md.
"""

from __future__ import annotations

from typing import Any

from talentradar.analytics import pools
from talentradar.analytics.cohorts import Selection, cohort_sql
from talentradar.errors import UnknownValueError
from talentradar.store import Store

DIMENSIONS = ("country", "region", "sector", "org", "parent")
RULES = ("hq", "site")
MEASURES = {
    "persons": "person count: each person once per cohort, split fractionally across their orgs",
    "papers": "paper count: 1/N credit per author of an N-author paper, split across the author's orgs",
}


def _key_sql(by: str, rule: str) -> tuple[str, str, str]:
    """(key expression, label expression, extra join) for a dimension."""
    country = "mo.hq_country" if rule == "hq" else "mo.site_country"
    if by == "country":
        return (
            country,
            "coalesce(cn.name, " + country + ")",
            f"LEFT JOIN countries cn ON cn.code = {country}",
        )
    if by == "region":
        return (
            "coalesce(cn.region, 'Other')",
            "coalesce(cn.region, 'Other')",
            f"LEFT JOIN countries cn ON cn.code = {country}",
        )
    if by == "sector":
        return "o.sector", "o.sector", ""
    if by == "org":
        return "o.org_id", "o.name", ""
    return "o.root_id", "r.name", "JOIN orgs r ON r.org_id = o.root_id"


def tracker(
    store: Store,
    selection: Selection,
    by: str = "country",
    rule: str = "hq",
    top: int | None = None,
    inferred: bool = True,
) -> dict[str, Any]:
    """Shares of the selection's authors by ``by``; JSON-ready and stable (docs/cli.md)."""
    if by not in DIMENSIONS:
        raise UnknownValueError("dimension (--by)", by, list(DIMENSIONS))
    if rule not in RULES:
        raise UnknownValueError("country rule (--rule)", rule, list(RULES))
    with pools.registered(store, selection.topic) as pool:
        return _tracker(store, selection, by, rule, top, inferred) | (
            {"pool": pool} if pool else {}
        )


def _tracker(
    store: Store, selection: Selection, by: str, rule: str, top: int | None, inferred: bool
) -> dict[str, Any]:
    cohort, params = cohort_sql(selection)
    key, label, join = _key_sql(by, rule)
    sql = f"""
    WITH cohort AS ({cohort}),
    links AS (
        SELECT c.venue, c.year, c.person_id, c.n_authors, mo.weight, {key} AS key, {label} AS label
        FROM cohort c
        JOIN placements mo USING (mention_id)
        JOIN orgs o USING (org_id)
        {join}
        WHERE {"true" if inferred else "NOT mo.inferred"}
    ),
    person_key AS (SELECT venue, year, person_id, key, any_value(label) AS label, sum(weight) AS w
                   FROM links GROUP BY ALL),
    person_tot AS (SELECT venue, year, person_id, sum(w) AS tot FROM person_key GROUP BY ALL),
    persons AS (SELECT venue, year, key, any_value(label) AS label, sum(w / tot) AS persons
                FROM person_key JOIN person_tot USING (venue, year, person_id) GROUP BY ALL),
    papers AS (SELECT venue, year, key, sum(weight / n_authors) AS papers FROM links GROUP BY ALL)
    SELECT venue, year, key, label, persons, papers,
           persons / sum(persons) OVER (PARTITION BY venue, year) AS person_share,
           papers / sum(papers) OVER (PARTITION BY venue, year) AS paper_share
    FROM persons JOIN papers USING (venue, year, key)
    ORDER BY venue, year, persons DESC, key
    """
    rows = store.query(sql, params)
    if top:
        rows = _top(rows, top)
    return {
        "query": selection.describe() | {"by": by, "rule": rule, "inferred": inferred},
        "measures": MEASURES,
        "cohorts": cohorts(store, selection, inferred),
        "rows": [_clean(r) for r in rows],
    }


def cohorts(store: Store, selection: Selection, inferred: bool = True) -> list[dict[str, Any]]:
    """Per venue-year: persons and papers in the cohort, how many have a resolved org, and how
    many of those have only orgs inferred from their other papers."""
    cohort, params = cohort_sql(selection)
    sql = f"""
    WITH cohort AS ({cohort}),
    resolved AS (SELECT mo.mention_id, bool_and(mo.inferred) AS inferred
                 FROM placements mo SEMI JOIN cohort c ON c.mention_id = mo.mention_id
                 WHERE {"true" if inferred else "NOT mo.inferred"} GROUP BY 1)
    SELECT c.venue, c.year,
           count(DISTINCT c.person_id) AS persons,
           count(DISTINCT c.person_id) FILTER (WHERE r.mention_id IS NOT NULL) AS persons_resolved,
           count(DISTINCT c.person_id) FILTER (WHERE r.mention_id IS NOT NULL AND NOT r.inferred)
               AS persons_observed,
           count(DISTINCT c.paper_id) AS papers,
           coalesce(sum(1.0 / c.n_authors) FILTER (WHERE r.mention_id IS NOT NULL), 0) AS papers_resolved
    FROM cohort c LEFT JOIN resolved r USING (mention_id)
    GROUP BY ALL ORDER BY 1, 2
    """
    return [_clean(r) for r in store.query(sql, params)]


def _top(rows: list[dict[str, Any]], top: int) -> list[dict[str, Any]]:
    seen: dict[tuple[str, int], int] = {}
    out = []
    for row in rows:
        cohort = (row["venue"], row["year"])
        seen[cohort] = seen.get(cohort, 0) + 1
        if seen[cohort] <= top:
            out.append(row)
    return out


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (round(v, 6) if isinstance(v, float) else v) for k, v in row.items()}
