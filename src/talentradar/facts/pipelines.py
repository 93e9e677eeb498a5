"""Talent pipelines: where students publish from after their last student year (SQL builder).

From explicit records only. A **student year** is a person-year with a mention whose stated
career position reads as a student (PhD, master's, undergraduate) and whose own paper places it
at an academic org (observed, not inferred; a student's internship is not a school); at least
two mentions must say so (one misaligned position on one paper does not make a student). The person's **school** is the org of their last student
year (the cohort year); when that year has several, the one with the most student mentions.
Their **destination** is where they publish from in the first year 1–5 years after the cohort
year in which no mention states a student or intern position: the primary org of that year (facts.careers);
the school itself only when a non-student position is stated that year.
Countries are the stated site country of the affiliation, else the org's headquarters country.
Nothing about origin or nationality is inferred: a school's country is where the school is.
"""

from __future__ import annotations

from talentradar.facts.careers import stage_sql

MAX_YEARS_AFTER = 5

PIPELINES_SQL = """
CREATE OR REPLACE TABLE person_pipeline AS
WITH stated AS (
    SELECT mp.person_id, m.year, m.mention_id, {stage} AS stage, mo.org_id,
           coalesce(mo.site_country, o.hq_country) AS country
    FROM mention_person mp JOIN mentions m USING (mention_id)
    LEFT JOIN mention_orgs mo ON mo.mention_id = m.mention_id
    LEFT JOIN orgs o ON o.org_id = mo.org_id
    WHERE m.career_position IS NOT NULL AND m.career_position <> ''
),
school_years AS (
    SELECT person_id, year, org_id, any_value(stated.country) AS country, count(*) AS n,
           list(DISTINCT mention_id ORDER BY mention_id) AS mention_ids
    FROM stated JOIN orgs USING (org_id)
    WHERE stage = 'student' AND orgs.sector = 'academia'
    GROUP BY 1, 2, 3
),
school AS (  -- at least two mentions (papers) say the person was a student at the school
    SELECT * FROM school_years
    QUALIFY sum(n) OVER (PARTITION BY person_id, org_id) >= 2
        AND row_number() OVER (PARTITION BY person_id ORDER BY year DESC, n DESC, org_id) = 1
),
student_years AS (  -- years still a student, or an intern (an internship is not a destination)
    SELECT DISTINCT person_id, year FROM stated WHERE stage IN ('student', 'intern')
),
destination AS (
    SELECT py.person_id, py.year, py.org_id, py.mention_ids
    FROM person_years py JOIN school s USING (person_id)
    WHERE py.is_primary AND py.year BETWEEN s.year + 1 AND s.year + {max_after}
      AND NOT EXISTS (SELECT 1 FROM student_years y
                      WHERE y.person_id = py.person_id AND y.year = py.year)
      -- staying at the school counts only with a stated non-student position that year
      -- (a student whose later papers state nothing is most likely still a student)
      AND (py.org_id <> s.org_id OR EXISTS (
          SELECT 1 FROM stated t WHERE t.person_id = py.person_id AND t.year = py.year
            AND t.stage NOT IN ('student', 'intern')))
    QUALIFY row_number() OVER (PARTITION BY py.person_id ORDER BY py.year) = 1
),
destination_country AS (
    SELECT d.person_id, mode(coalesce(mo.site_country, o.hq_country)) AS country
    FROM destination d, unnest(d.mention_ids) AS u(mention_id)
    JOIN mention_orgs mo ON mo.mention_id = u.mention_id AND mo.org_id = d.org_id
    JOIN orgs o ON o.org_id = d.org_id
    GROUP BY 1
)
SELECT s.person_id, s.year AS cohort, s.org_id AS school_org, so.sector AS school_sector,
       s.country AS school_country, s.mention_ids AS school_mentions,
       d.year AS dest_year, d.org_id AS dest_org, dn.sector AS dest_sector,
       dc.country AS dest_country, d.mention_ids AS dest_mentions
FROM school s JOIN orgs so ON so.org_id = s.org_id
LEFT JOIN destination d USING (person_id)
LEFT JOIN orgs dn ON dn.org_id = d.org_id
LEFT JOIN destination_country dc USING (person_id)
"""


def pipelines_sql() -> str:
    """The statement creating ``person_pipeline`` (after the careers facts)."""
    return PIPELINES_SQL.format(stage=stage_sql("m.career_position"), max_after=MAX_YEARS_AFTER)
