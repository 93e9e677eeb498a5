"""Tracker: where do top-tier AI researchers work?

For a selection of venue-years and a tier, shares of authors by country of
work (HQ rule or site rule), region, sector, org or parent org. Two measures,
always labelled:

- **persons**: each person once per cohort (venue-year); a person with several
  orgs in the cohort is split fractionally across them.
- **papers**: 1/N credit per author of an N-author paper, split across the
  author's orgs on that paper; a paper with a paper-level list of orgs (CVPR, ICCV, ECCV)
  gives 1/N credit to each of its N orgs instead.

Shares are of the authors whose org is resolved; the unresolved part is
reported per cohort, never hidden. Orgs inferred from a person's other papers
(a mention with no affiliation) count unless ``inferred=False``; each cohort
line says how many persons have an observed org. See docs/methodology.md.
"""

from __future__ import annotations

from typing import Any

from talentradar.analytics import pools
from talentradar.analytics.cohorts import Selection
from talentradar.analytics.coverage import PLACEMENT_CLASSES
from talentradar.errors import UnknownValueError
from talentradar.store import Store

DIMENSIONS = ("country", "region", "sector", "org", "parent")
RULES = ("hq", "site")
MEASURES = {
    "persons": "person count: each person once per cohort, split fractionally across their orgs",
    "papers": "paper count: 1/N credit per author of an N-author paper, split across the author's "
    "orgs; a paper with a paper-level org list gives 1/N credit to each of its N orgs",
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


COUNTRY_DIMENSIONS = ("country", "region")
"""Dimensions that use country-level placements (the country known, the org not)."""


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


def suppressed_persons(store: Store) -> list[str]:
    """The persons suppressed now (read once per answer, passed to both queries)."""
    return [r["person_id"] for r in store.query("SELECT person_id FROM suppressed_persons")]


def cohort_rows_sql(
    selection: Selection, suppressed: list[str] | None = None, columns: str = "*"
) -> tuple[str, list[Any]]:
    """The selection's rows of ``cohort_placements`` (one venue-year's rows are stored
    together), suppressed persons removed (``suppressed``: their ids, else read in the query)."""
    where, params = selection.where("p")
    if suppressed is None:
        removed = "p.person_id NOT IN (SELECT person_id FROM suppressed_persons)"
    else:
        removed, params = "NOT list_contains(?::VARCHAR[], p.person_id)", [*params, suppressed]
    sql = f"""
        SELECT {columns} FROM cohort_placements p
        WHERE {where}
          AND {removed}
          {"AND p.person_id IN (SELECT person_id FROM topic_pool)" if selection.topic else ""}
    """
    return sql, params


LINK_COLUMNS = (
    "venue, year, person_id, paper_id, n_authors, listed, kind, org_id, weight, inferred, "
    "hq_country, site_country, has_country, has_hq_country"
)
"""The columns of ``cohort_placements`` the tracker's rows read."""


def _links_filter(by: str, rule: str, inferred: bool) -> str:
    """Which rows place a mention for dimension ``by``: its orgs; for country and region also
    its country-level placement where the rule's country is known, which then stands instead
    of an inferred org."""
    org = "mo.kind = 'org'" + ("" if inferred else " AND NOT mo.inferred")
    if by not in COUNTRY_DIMENSIONS:
        return org
    country = "mo.hq_country" if rule == "hq" else "mo.site_country"
    has = "mo.has_hq_country" if rule == "hq" else "mo.has_country"
    return (
        f"(({org} AND NOT (mo.inferred AND {has})) "
        f"OR (mo.kind = 'country' AND {country} IS NOT NULL))"
    )


def _tracker(
    store: Store, selection: Selection, by: str, rule: str, top: int | None, inferred: bool
) -> dict[str, Any]:
    suppressed = suppressed_persons(store)
    cohort, params = cohort_rows_sql(selection, suppressed, LINK_COLUMNS)
    key, label, join = _key_sql(by, rule)
    sql = f"""
    WITH mo AS ({cohort}),
    links AS (
        SELECT mo.venue, mo.year, mo.person_id, mo.listed, mo.n_authors, mo.weight,
               {key} AS key, {label} AS label
        FROM mo
        LEFT JOIN orgs o USING (org_id)
        {join}
        WHERE {_links_filter(by, rule, inferred)}
    ),
    person_key AS (SELECT venue, year, person_id, key, any_value(label) AS label, sum(weight) AS w
                   FROM links GROUP BY ALL),
    person_tot AS (SELECT venue, year, person_id, sum(w) AS tot FROM person_key GROUP BY ALL),
    persons AS (SELECT venue, year, key, any_value(label) AS label, sum(w / tot) AS persons
                FROM person_key JOIN person_tot USING (venue, year, person_id) GROUP BY ALL),
    listed AS (SELECT DISTINCT venue, year, paper_id FROM mo WHERE listed),
    paper_links AS (
        SELECT c.venue, c.year, mo.weight, {key} AS key, {label} AS label
        FROM listed c
        JOIN paper_orgs mo USING (paper_id)
        JOIN orgs o USING (org_id)
        {join}
    ),
    papers AS (SELECT venue, year, key, any_value(label) AS paper_label, sum(papers) AS papers
               FROM (SELECT venue, year, key, label, weight / n_authors AS papers FROM links
                     WHERE NOT listed
                     UNION ALL
                     SELECT venue, year, key, label, weight FROM paper_links)
               GROUP BY venue, year, key)
    SELECT venue, year, key, coalesce(label, paper_label) AS label,
           coalesce(persons, 0) AS persons, coalesce(papers, 0) AS papers,
           coalesce(persons, 0) / sum(persons) OVER (PARTITION BY venue, year) AS person_share,
           coalesce(papers, 0) / sum(papers) OVER (PARTITION BY venue, year) AS paper_share
    FROM persons FULL JOIN papers USING (venue, year, key)
    ORDER BY venue, year, persons DESC, papers DESC, key
    """
    rows = store.query(sql, params)
    if top:
        rows = _top(rows, top)
    return {
        "query": selection.describe()
        | {
            "by": by,
            "rule": rule,
            "inferred": inferred,
            "country_level": by in COUNTRY_DIMENSIONS,
        },
        "measures": MEASURES,
        "cohorts": cohorts(store, selection, inferred, suppressed),
        "rows": [_clean(r) for r in rows],
    }


COHORT_COLUMNS = (
    "venue, year, person_id, paper_id, n_authors, placement, m_first, m_resolved, m_observed, "
    "m_country_level"
)
"""The columns of ``cohort_placements`` the cohort lines read."""


def cohorts(
    store: Store,
    selection: Selection,
    inferred: bool = True,
    suppressed: list[str] | None = None,
) -> list[dict[str, Any]]:
    """Per venue-year: persons and papers in the cohort, how many have a resolved org, how many
    an org from their own paper (exact, aligned or paper-level), how many at least a country
    from their own paper (``persons_country_level``), and ``coverage``: the shares of the
    cohort's accepted mentions (``mentions``) in each placement class."""
    cohort, params = cohort_rows_sql(selection, suppressed, COHORT_COLUMNS)
    resolved = "m_resolved" if inferred else "m_observed"
    classes = ", ".join(
        f"count(*) FILTER (WHERE placement = '{c}') / count(*) AS cov_{c}"
        for c in PLACEMENT_CLASSES
    )
    sql = f"""
    WITH c AS ({cohort}),
    per_person AS (SELECT venue, year, person_id, bool_or({resolved}) AS resolved,
                          bool_or(m_observed) AS observed, bool_or(m_country_level) AS country
                   FROM c GROUP BY ALL),
    persons AS (SELECT venue, year, count(*) AS persons,
                       count(*) FILTER (WHERE resolved) AS persons_resolved,
                       count(*) FILTER (WHERE observed) AS persons_observed,
                       count(*) FILTER (WHERE country) AS persons_country_level
                FROM per_person GROUP BY ALL),
    mentions AS (SELECT venue, year, count(DISTINCT paper_id) AS papers,
                        coalesce(sum(1.0 / n_authors) FILTER (WHERE {resolved}), 0)
                            AS papers_resolved,
                        count(*) AS mentions, {classes}
                 FROM c WHERE m_first GROUP BY ALL)
    SELECT venue, year, persons, persons_resolved, persons_observed, persons_country_level,
           papers, papers_resolved, mentions, {", ".join(f"cov_{c}" for c in PLACEMENT_CLASSES)}
    FROM persons JOIN mentions USING (venue, year)
    ORDER BY 1, 2
    """
    out = []
    for row in store.query(sql, params):
        cov = {c: row.pop(f"cov_{c}") for c in PLACEMENT_CLASSES}
        row["coverage"] = cov
        out.append(_clean(row))
    return out


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
    return {
        k: (round(v, 6) if isinstance(v, float) else _clean(v) if isinstance(v, dict) else v)
        for k, v in row.items()
    }
