"""Moves with both ends described (names, countries, sectors, parents, career stages): a table
made once per build, and a view that leaves suppressed persons out when it is read."""

from __future__ import annotations

from collections.abc import Callable

from talentradar.facts.careers import careers_sql, current_sql, stage_sql
from talentradar.facts.pipelines import pipelines_sql
from talentradar.store import Store

# Moves with both orgs' names, countries, sectors and parents, and the career stage at each
# end: a table built once per build; the view on top leaves suppressed persons out at read time.
MOVES_TABLE = """
CREATE OR REPLACE TABLE moves_detail AS
SELECT mv.*, fo.name AS from_name, t.name AS to_name,
       fo.hq_country AS from_country, t.hq_country AS to_country,
       fo.sector AS from_sector, t.sector AS to_sector,
       fo.root_id AS from_parent, t.root_id AS to_parent,
       fp.name AS from_parent_name, tp.name AS to_parent_name,
       fo.root_id = t.root_id AS internal,
       fo.sector || ' → ' || t.sector AS sector_change,
       p.name AS person_name,
       (SELECT {stage} FROM mentions m WHERE m.mention_id = mv.from_mentions[1]) AS from_stage,
       (SELECT {stage2} FROM mentions m2 WHERE m2.mention_id = mv.to_mentions[1]) AS to_stage
FROM moves mv
JOIN orgs fo ON fo.org_id = mv.from_org JOIN orgs t ON t.org_id = mv.to_org
JOIN orgs fp ON fp.org_id = fo.root_id JOIN orgs tp ON tp.org_id = t.root_id
LEFT JOIN persons p ON p.person_id = mv.person_id
"""
MOVES_VIEW = """
CREATE OR REPLACE VIEW moves_enriched AS
SELECT * FROM moves_detail WHERE person_id NOT IN (SELECT person_id FROM suppressed_persons)
"""


Careers = Callable[[Store], None]
"""What makes the careers tables (facts.careers.CAREER_TABLES) in a store."""


def careers_here(store: Store) -> None:
    """The careers tables made by the store itself."""
    for sql in careers_sql():
        store.execute(sql)


def build_careers(store: Store, careers: Careers = careers_here) -> None:
    """(Re)build observations, person-years, spells and moves (by ``careers``), then the
    described moves, each person's current org and stage, and the talent pipelines
    (facts.pipelines)."""
    careers(store)
    store.execute(current_sql())
    store.execute(
        MOVES_TABLE.format(
            stage=stage_sql("m.career_position"), stage2=stage_sql("m2.career_position")
        )
    )
    store.execute(MOVES_VIEW)
    store.execute(pipelines_sql())
