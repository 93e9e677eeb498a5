"""``cohort_placements``: every mention with its paper's cohort columns, its person, its
placement class and each org (or country) it is placed at — made once per build so that a
tracker answer reads one venue-year's rows instead of joining every mention per request.

One row per (mention, placed org) from ``placements``; one row (``kind = 'country'``, no org)
per country-level placement (``mention_countries``); one row with ``kind`` NULL for a mention
placed nowhere. ``hq_country`` of a country-level row is that country only when every string
of the paper's list resolved and every org of the paper has its headquarters there (else
NULL: the HQ rule cannot use it); ``site_country`` is the country. ``has_country`` /
``has_hq_country``: the mention has a country-level row (with a known HQ country): its own
paper names the country, so an org inferred from the person's other papers is not used for
its country under the site (HQ) rule. Per mention (the same on each of its rows):
``m_first`` marks one row, ``m_resolved`` any org, ``m_observed`` an org from its own paper,
``m_country_level`` at least the country from its own paper; ``listed``: the paper has a
paper-level org list (``paper_orgs``).
"""

from __future__ import annotations

# How each accepted mention is placed, one class per mention, the first that applies:
# own_paper (an org from its own affiliation or e-mail domain: exact or aligned), paper_level (an
# org from its paper's list), inferred (only orgs from the person's other papers),
# country_only (the country from its paper's list, no org), none.
PLACEMENT_CLASSES = ("own_paper", "paper_level", "inferred", "country_only", "none")

MENTION_CLASS_SQL = """
SELECT m.mention_id, m.paper_id,
       CASE WHEN o.own THEN 'own_paper' WHEN o.paper_level THEN 'paper_level'
            WHEN o.inferred THEN 'inferred' WHEN c.mention_id IS NOT NULL THEN 'country_only'
            ELSE 'none' END AS placement
FROM mentions m
LEFT JOIN (SELECT mention_id,
                  bool_or(NOT inferred AND method IN ('exact', 'aligned')) AS own,
                  bool_or(NOT inferred AND method = 'paper-level') AS paper_level,
                  bool_or(inferred) AS inferred
           FROM placements GROUP BY 1) o USING (mention_id)
LEFT JOIN (SELECT DISTINCT mention_id FROM mention_countries) c USING (mention_id)
"""
"""One placement class per mention (PLACEMENT_CLASSES)."""

COHORT_PLACEMENTS_SQL = f"""
CREATE OR REPLACE TABLE cohort_placements AS
WITH cls AS ({MENTION_CLASS_SQL}),
paper_hq AS (
    SELECT paper_id, any_value(hq_country) AS hq_country
    FROM paper_orgs GROUP BY 1
    HAVING count(DISTINCT hq_country) = 1 AND count(hq_country) = count(*)
       AND bool_and(strings = resolved_strings)
),
rows AS (
    SELECT mention_id, org_id, weight, inferred, hq_country, site_country, 'org' AS kind
    FROM placements
    UNION ALL
    SELECT c.mention_id, NULL, 1.0, false,
           CASE WHEN h.hq_country = c.country THEN c.country END, c.country, 'country'
    FROM mention_countries c JOIN mentions m USING (mention_id)
    LEFT JOIN paper_hq h ON h.paper_id = m.paper_id
)
SELECT p.venue, p.year, p.paper_id, p.track, p.decision, p.presentation,
       m.mention_id, m.n_authors, mp.person_id, cls.placement,
       r.kind, r.org_id, r.weight, r.inferred, r.hq_country, r.site_country,
       row_number() OVER w = 1 AS m_first,
       coalesce(bool_or(r.kind = 'org') OVER w, false) AS m_resolved,
       coalesce(bool_or(r.kind = 'org' AND NOT r.inferred) OVER w, false) AS m_observed,
       coalesce(bool_or((r.kind = 'org' AND NOT r.inferred) OR r.kind = 'country') OVER w, false)
           AS m_country_level,
       p.paper_id IN (SELECT paper_id FROM paper_orgs) AS listed,
       m.mention_id IN (SELECT mention_id FROM rows WHERE kind = 'country') AS has_country,
       m.mention_id IN (SELECT mention_id FROM rows WHERE kind = 'country'
                        AND hq_country IS NOT NULL) AS has_hq_country
FROM papers p
JOIN mentions m USING (paper_id)
JOIN mention_person mp USING (mention_id)
JOIN cls USING (mention_id)
LEFT JOIN rows r USING (mention_id)
WINDOW w AS (PARTITION BY m.mention_id ORDER BY r.kind, r.org_id
             ROWS BETWEEN UNBOUNDED PRECEDING AND UNBOUNDED FOLLOWING)
ORDER BY p.venue, p.year, m.mention_id, r.kind, r.org_id
"""
"""Run after ``placements`` and ``mention_countries`` exist (the facts step)."""
