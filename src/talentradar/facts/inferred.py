"""Orgs inferred from a person's other papers, and the placements analytics read.

A mention whose own paper places it at no org takes its person's orgs from the nearest year
(the same year first, then one year before or after) in which the person's own papers place
them, weighted by how often each org appears there. The site country is the one of the first
of those mentions (by mention id), the one a row's ``matched`` names. These rows live in
``inferred_orgs``, never in ``mention_orgs``.

``placements`` is every placement of a mention at an org: the ones from its own paper
(``mention_orgs``, ``inferred = false``) and the inferred ones (``inferred = true``,
``method = 'inferred'``). Every output that uses inferred orgs says so.
"""

from __future__ import annotations

INFERRED_SQL = """
CREATE OR REPLACE TABLE inferred_orgs AS
WITH observed AS (
    SELECT mp.person_id, m.year, mo.org_id, mo.site_country, mo.hq_country, mo.mention_id
    FROM mention_orgs mo
    JOIN mention_person mp USING (mention_id)
    JOIN mentions m USING (mention_id)
),
gaps AS (
    SELECT m.mention_id, mp.person_id, m.year
    FROM mentions m JOIN mention_person mp USING (mention_id)
    WHERE m.mention_id NOT IN (SELECT mention_id FROM mention_orgs)
      AND m.mention_id NOT IN (SELECT mention_id FROM paper_level_orgs)
),
candidates AS (
    SELECT g.mention_id, o.org_id, o.site_country, o.hq_country, abs(o.year - g.year) AS gap,
           o.mention_id AS source_mention
    FROM gaps g JOIN observed o ON o.person_id = g.person_id AND abs(o.year - g.year) <= {window}
),
nearest AS (
    SELECT * FROM candidates
    QUALIFY gap = min(gap) OVER (PARTITION BY mention_id)
),
weighted AS (
    SELECT mention_id, org_id, arg_min(site_country, source_mention) AS site_country,
           arg_min(hq_country, source_mention) AS hq_country, count(*) AS n,
           min(source_mention) AS source_mention
    FROM nearest GROUP BY 1, 2
)
SELECT mention_id, org_id, n / sum(n) OVER (PARTITION BY mention_id) AS weight,
       'inferred' AS method, 'from ' || source_mention AS matched, site_country, hq_country
FROM weighted
ORDER BY mention_id, org_id
"""

PLACEMENTS_SQL = """
CREATE OR REPLACE VIEW placements AS
SELECT mention_id, org_id, weight, method, matched, site_country, hq_country, false AS inferred
FROM mention_orgs
UNION ALL
SELECT mention_id, org_id, weight, method, matched, site_country, hq_country, false AS inferred
FROM paper_level_orgs
UNION ALL
SELECT mention_id, org_id, weight, method, matched, site_country, hq_country, true AS inferred
FROM inferred_orgs
"""


def inferred_sql(window: int = 1) -> str:
    """The statement making ``inferred_orgs`` (orgs from papers up to ``window`` years away)."""
    return INFERRED_SQL.format(window=window)
