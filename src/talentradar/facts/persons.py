"""Per person: latest career stage, latest primary org, tier counts and last move (the facts
scout, shortlists and the pages filter on); and the narrow accepted-paper authorship table
scout joins against."""

from __future__ import annotations

from talentradar.facts.careers import stage_sql
from talentradar.store import Store

PERSON_FACTS_SQL = """
CREATE OR REPLACE TABLE person_facts AS
WITH stage_counts AS (
    SELECT mp.person_id, m.year, {stage} AS stage, count(*) AS n
    FROM mention_person mp JOIN mentions m USING (mention_id)
    WHERE m.career_position IS NOT NULL AND m.career_position <> ''
    GROUP BY ALL
),
-- The stage most of the person's latest year's mentions give (one misaligned position on one
-- paper does not make a professor a student); ties go to the more senior stage.
stages AS (
    SELECT person_id, year, stage,
           row_number() OVER (PARTITION BY person_id ORDER BY year DESC, n DESC,
               list_position(['faculty', 'researcher', 'postdoc', 'student', 'intern', 'other'], stage)) AS r
    FROM stage_counts
),
latest_org AS (
    SELECT person_id, org_id, year,
           row_number() OVER (PARTITION BY person_id ORDER BY year DESC, weight DESC, org_id) AS r
    FROM person_years WHERE is_primary
),
tiers AS (
    SELECT mp.person_id, min(p.year) AS first_top_year, count(DISTINCT p.paper_id) AS top_papers,
           count(DISTINCT p.paper_id) FILTER (WHERE p.presentation = 'oral') AS top_orals
    FROM mention_person mp JOIN mentions m USING (mention_id) JOIN papers p USING (paper_id)
    WHERE p.decision = 'accepted' AND list_contains(?, p.venue)
    GROUP BY 1
),
moved AS (SELECT person_id, max(year) AS last_move_year FROM moves GROUP BY 1)
SELECT pe.person_id, pe.name, pe.first_year, pe.last_year, pe.papers,
       s.stage, s.year AS stage_year, lo.org_id, o.name AS org_name, o.hq_country AS country,
       o.sector, o.root_id AS parent_id, t.first_top_year, coalesce(t.top_papers, 0) AS top_papers,
       coalesce(t.top_orals, 0) AS top_orals, mv.last_move_year
FROM persons pe
LEFT JOIN stages s ON s.person_id = pe.person_id AND s.r = 1
LEFT JOIN latest_org lo ON lo.person_id = pe.person_id AND lo.r = 1
LEFT JOIN orgs o ON o.org_id = lo.org_id
LEFT JOIN tiers t ON t.person_id = pe.person_id
LEFT JOIN moved mv ON mv.person_id = pe.person_id
WHERE pe.person_id NOT IN (SELECT person_id FROM suppressed_persons)
"""


PAPER_AUTHORS_SQL = """
CREATE OR REPLACE TABLE paper_authors AS
SELECT p.paper_id, mp.person_id, m.position, m.n_authors, p.year, p.venue, p.title, p.presentation,
       p.citations
FROM papers p JOIN mentions m USING (paper_id) JOIN mention_person mp USING (mention_id)
WHERE p.decision = 'accepted'
ORDER BY p.paper_id
"""


def build_person_facts(store: Store, top_venues: tuple[str, ...]) -> None:
    """``person_facts`` (top tier = accepted papers at ``top_venues``) and ``paper_authors``."""
    store.execute(PERSON_FACTS_SQL.format(stage=stage_sql("m.career_position")), [list(top_venues)])
    store.execute(PAPER_AUTHORS_SQL)
