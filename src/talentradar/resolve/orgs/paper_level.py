"""Placing authors from their paper's org set (SQL over ``paper_orgs`` and ``mention_orgs``).

A paper-level list names the paper's orgs, not each author's. An author with no org from
their own affiliation or e-mail domain is placed (``method = 'paper-level'``) only where the
evidence decides:

1. the paper's list resolves to one org, every string of it resolved (``one org``) — only for
   lists of every author's orgs (CVPR, ICCV, ECCV); an OpenReview list that could not be
   aligned skips the authors without an entry, so its one org says nothing of them;
2. the orgs of the same person's own-paper placements in the same or an adjacent year meet
   the paper's set in exactly one org (``history``): by OpenReview id in the orgs step (rows
   in ``mention_orgs``), by linked person after linkage (rows in ``paper_level_orgs``).

Where the author's org stays unknown but every string of the list either resolved or names
one country, and all of them (orgs and named countries) are in one country, the author's
country is known: a row in ``mention_countries`` (method ``paper-level``) that country shares
can use. Nothing is guessed beyond this.
"""

from __future__ import annotations

ONE_ORG_SQL = """
INSERT INTO mention_orgs BY NAME
WITH single AS (
    SELECT paper_id, any_value(org_id) AS org_id, any_value(site_country) AS site_country,
           any_value(hq_country) AS hq_country, any_value(affiliation) AS affiliation
    FROM paper_orgs
    GROUP BY paper_id
    HAVING count(*) = 1 AND any_value(strings) = any_value(resolved_strings)
)
SELECT m.mention_id, s.org_id, 1.0 AS weight, 'paper-level' AS method,
       'one org: ' || s.affiliation AS matched, s.site_country, s.hq_country
FROM mentions m JOIN single s USING (paper_id)
WHERE m.mention_id NOT IN (SELECT mention_id FROM mention_orgs)
  AND m.paper_id IN (SELECT paper_id FROM papers WHERE unaligned IS NULL)
"""
"""Rule 1: the one org of a paper's list, for its authors with no org of their own."""

HISTORY_SQL = """
INSERT INTO mention_orgs BY NAME
WITH gaps AS (
    SELECT m.mention_id, m.paper_id, m.year, {person} AS person
    FROM mentions m {join}
    WHERE m.paper_id IN (SELECT paper_id FROM paper_orgs)
      AND m.mention_id NOT IN (SELECT mention_id FROM mention_orgs)
      AND {person} IS NOT NULL
),
own AS (
    SELECT {person} AS person, m.year, o.root_id, mo.org_id
    FROM mention_orgs mo JOIN mentions m USING (mention_id) JOIN orgs o USING (org_id) {join}
    WHERE mo.method IN ('exact', 'aligned')
),
hits AS (
    SELECT g.mention_id, po.org_id, any_value(po.site_country) AS site_country,
           any_value(po.hq_country) AS hq_country, any_value(po.affiliation) AS affiliation
    FROM gaps g
    JOIN paper_orgs po ON po.paper_id = g.paper_id
    JOIN orgs pr ON pr.org_id = po.org_id
    JOIN own ON own.person = g.person AND abs(own.year - g.year) <= 1
            AND (own.org_id = po.org_id OR own.root_id = po.org_id OR pr.root_id = own.org_id)
    GROUP BY 1, 2
),
one AS (SELECT * FROM hits QUALIFY count(*) OVER (PARTITION BY mention_id) = 1)
SELECT mention_id, org_id, 1.0 AS weight, 'paper-level' AS method,
       'history: ' || affiliation AS matched, site_country, hq_country
FROM one
"""
"""Rule 2: the one org of the paper's set that the person's own placements nearby name."""

COUNTRIES_SQL = """
CREATE OR REPLACE TABLE mention_countries AS
WITH listed AS (
    SELECT DISTINCT paper_id, unnest(affiliations) AS affiliation
    FROM papers WHERE paper_id IN (SELECT paper_id FROM paper_orgs) AND unaligned IS NULL
),
strings AS (
    SELECT l.paper_id, l.affiliation, a.resolved, a.org_ids, a.named_country
    FROM listed l JOIN affiliations a ON a.affiliation = l.affiliation AND a.email_domain IS NULL
     AND a.affiliation_norm IS NULL AND a.country_hint IS NULL
),
string_countries AS (
    SELECT s.paper_id, s.affiliation, po.site_country AS country
    FROM (SELECT paper_id, affiliation, unnest(org_ids) AS org_id FROM strings WHERE resolved) s
    JOIN paper_orgs po USING (paper_id, org_id)
    UNION ALL
    SELECT paper_id, affiliation, named_country FROM strings WHERE NOT resolved
),
one_country AS (
    SELECT l.paper_id, any_value(sc.country) AS country
    FROM listed l LEFT JOIN string_countries sc USING (paper_id, affiliation)
    GROUP BY l.paper_id
    HAVING count(DISTINCT sc.country) = 1 AND count(sc.country) = count(*)
)
SELECT m.mention_id, c.country, 'paper-level' AS method
FROM mentions m JOIN one_country c USING (paper_id)
WHERE m.mention_id NOT IN (SELECT mention_id FROM mention_orgs)
ORDER BY m.mention_id
"""
"""Country-level placements: the paper's orgs all in one country, the author's org unknown."""


def history_sql() -> str:
    """Rule 2 by OpenReview id, in the orgs step (into ``mention_orgs``)."""
    return HISTORY_SQL.format(person="m.source_person_id", join="")


def person_history_sql() -> str:
    """Rule 2 by linked person, after linkage: the table ``paper_level_orgs`` (the columns of
    ``mention_orgs``), for mentions ``mention_orgs`` does not place; the ``placements`` view
    includes it (not inferred)."""
    sql = HISTORY_SQL.format(
        person="mp.person_id", join="JOIN mention_person mp ON mp.mention_id = m.mention_id"
    )
    return sql.replace(
        "INSERT INTO mention_orgs BY NAME", "CREATE OR REPLACE TABLE paper_level_orgs AS"
    )


PLACEMENT_SQLS = (ONE_ORG_SQL, history_sql())
"""In order, after ``mention_orgs`` and ``paper_orgs`` are made (the orgs step)."""

AFTER_LINKAGE_SQLS = (
    person_history_sql(),
    COUNTRIES_SQL.replace(
        "WHERE m.mention_id NOT IN (SELECT mention_id FROM mention_orgs)",
        "WHERE m.mention_id NOT IN (SELECT mention_id FROM mention_orgs)\n"
        "  AND m.mention_id NOT IN (SELECT mention_id FROM paper_level_orgs)",
    ),
)
"""In order, after linkage (the facts step): ``paper_level_orgs``, then ``mention_countries``."""
