"""Facts per person, made once per build from the resolved mentions and orgs: orgs inferred
from a person's other papers (``inferred_orgs`` and the ``placements`` view), careers
(``observations``, ``person_years``, ``spells``, ``moves``, ``moves_detail``), and
``person_facts`` / ``paper_authors``. Analytics only read these tables."""

from __future__ import annotations

from talentradar.facts.inferred import PLACEMENTS_SQL, inferred_sql
from talentradar.facts.moves import build_careers
from talentradar.facts.persons import build_person_facts
from talentradar.store import Store

FACT_TABLES = (
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
)
"""What :func:`derive_facts` writes (tables and views)."""


def derive_facts(store: Store, top_venues: tuple[str, ...]) -> int:
    """Rebuild every fact table; the number of mentions given an inferred org."""
    store.execute(inferred_sql())
    store.execute(PLACEMENTS_SQL)
    build_careers(store)
    build_person_facts(store, top_venues)
    return int(store.query("SELECT count(DISTINCT mention_id) AS n FROM inferred_orgs")[0]["n"])
