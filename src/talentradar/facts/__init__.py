"""Facts per person, made once per build from the resolved mentions and orgs: orgs inferred
from a person's other papers (``inferred_orgs`` and the ``placements`` view), careers
(``observations``, ``person_years``, ``spells``, ``moves``, ``moves_detail``), and
``person_facts`` / ``paper_authors``. Analytics only read these tables."""

from __future__ import annotations

from talentradar.facts.cohort_placements import COHORT_PLACEMENTS_SQL
from talentradar.facts.inferred import PLACEMENTS_SQL, inferred_sql
from talentradar.facts.moves import Careers, build_careers, careers_here
from talentradar.facts.persons import build_person_facts
from talentradar.resolve.orgs import paper_level
from talentradar.store import Store

FACT_TABLES = (
    "paper_level_orgs",
    "mention_countries",
    "inferred_orgs",
    "placements",
    "observations",
    "person_years",
    "spells",
    "moves",
    "moves_detail",
    "moves_enriched",
    "person_facts",
    "paper_authors",
    "person_current",
    "person_pipeline",
    "cohort_placements",
)
"""What :func:`derive_facts` writes (tables and views)."""


def derive_facts(store: Store, top_venues: tuple[str, ...], careers: Careers = careers_here) -> int:
    """Rebuild every fact table (the careers tables by ``careers``); the number of mentions
    given an inferred org."""
    for sql in paper_level.AFTER_LINKAGE_SQLS:  # paper-level placements by linked person
        store.execute(sql)
    store.execute(inferred_sql())
    store.execute(PLACEMENTS_SQL)
    build_careers(store, careers)
    build_person_facts(store, top_venues)
    store.execute(COHORT_PLACEMENTS_SQL)  # per-mention rows the tracker reads
    return int(store.query("SELECT count(DISTINCT mention_id) AS n FROM inferred_orgs")[0]["n"])
