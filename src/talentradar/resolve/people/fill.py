"""Filling gaps: a mention with no affiliation takes its person's org from the same or an
adjacent year, marked as inferred (SQL over ``mention_person`` and ``mention_orgs``).

For each mention with no observed org, the person's observed mentions in the
nearest year (same year first, then one year before or after) give the orgs,
weighted by how often each appears there; the site country is the one of the first of those
mentions (by mention id), the one a row's ``matched`` names. Inferred rows carry ``inferred =
true`` and ``method = 'inferred'``; every output shows them as such.
"""

from __future__ import annotations

FILL_SQL = """
INSERT INTO mention_orgs BY NAME
WITH observed AS (
    SELECT mp.person_id, m.year, mo.org_id, mo.site_country, mo.hq_country, mo.mention_id
    FROM mention_orgs mo
    JOIN mention_person mp USING (mention_id)
    JOIN mentions m USING (mention_id)
    WHERE NOT mo.inferred
),
gaps AS (
    SELECT m.mention_id, mp.person_id, m.year
    FROM mentions m JOIN mention_person mp USING (mention_id)
    WHERE m.mention_id NOT IN (SELECT mention_id FROM mention_orgs)
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
       'inferred' AS method, 'from ' || source_mention AS matched, site_country, hq_country,
       true AS inferred
FROM weighted
"""


def fill_sql(window: int = 1) -> str:
    return FILL_SQL.format(window=window)
