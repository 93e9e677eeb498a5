"""Rising stars: the early-career rule and the evidence for it (table ``rising_facts``).

A person is early-career when all of these hold:

1. their first paper at any venue of the corpus (any decision: a submission counts) is at
   most ``CAREER_YEARS`` years before the reference year (the latest year of accepted papers);
2. they have an accepted paper at a top venue of a field (settings ``rising_fields``: ML
   NeurIPS/ICML/ICLR, CV CVPR/ICCV/ECCV, NLP ACL/EMNLP/NAACL by default);
3. none of the positions they stated in their latest year with a stated position is a faculty
   or senior one (``SENIOR_WORDS``: professor, lecturer, principal, director, head, senior…).

Each result of a rising-stars search carries this evidence (``early_career``).
"""

from __future__ import annotations

from typing import Any

from talentradar.store import Store
from talentradar.venues import get_venue

CAREER_YEARS = 5
SENIOR_WORDS = (
    "professor",
    "lecturer",
    "faculty",
    "reader",
    "principal",
    "director",
    "manager",
    "founder",
    "staff",
    "senior",
    "lead",
    "head",
    "chief",
    "vice president",
    "partner",
    "distinguished",
    "dean",
    "chair",
)
RULE = (
    f"first paper at most {CAREER_YEARS} years before the reference year; an accepted paper at a "
    "top venue of a field; no faculty or senior position stated in the latest year with a position"
)

RISING_FACTS_SQL = """
CREATE OR REPLACE TABLE rising_facts AS
WITH firsts AS (
    SELECT mp.person_id, p.year, p.venue, p.title,
           row_number() OVER (PARTITION BY mp.person_id ORDER BY p.year, p.venue, p.paper_id) AS r
    FROM mention_person mp JOIN mentions m USING (mention_id) JOIN papers p USING (paper_id)
),
field_firsts AS (
    SELECT mp.person_id, p.year, p.venue, p.title, {field_case} AS field,
           row_number() OVER (PARTITION BY mp.person_id ORDER BY p.year, p.venue, p.paper_id) AS r
    FROM mention_person mp JOIN mentions m USING (mention_id) JOIN papers p USING (paper_id)
    WHERE p.decision = 'accepted' AND p.venue IN ({field_venues})
),
stated AS (
    SELECT mp.person_id, m.year, list(DISTINCT m.career_position ORDER BY m.career_position) AS positions,
           bool_or(regexp_matches(lower(m.career_position), '{senior}')) AS senior
    FROM mention_person mp JOIN mentions m USING (mention_id)
    WHERE m.career_position IS NOT NULL AND trim(m.career_position) <> ''
    GROUP BY mp.person_id, m.year
),
positions AS (
    SELECT * FROM stated
    QUALIFY row_number() OVER (PARTITION BY person_id ORDER BY year DESC) = 1
)
SELECT f.person_id, f.year AS career_start, f.venue AS first_venue, f.title AS first_title,
       ff.field AS first_top_field, ff.venue AS first_top_venue, ff.year AS first_top_year,
       ff.title AS first_top_title, po.year AS positions_year, po.positions,
       coalesce(po.senior, false) AS senior
FROM firsts f
LEFT JOIN field_firsts ff ON ff.person_id = f.person_id AND ff.r = 1
LEFT JOIN positions po ON po.person_id = f.person_id
WHERE f.r = 1
"""


def parse_fields(specs: tuple[str, ...]) -> dict[str, tuple[str, ...]]:
    """``("ml:neurips+icml", …)`` → {"ml": ("neurips", "icml"), …} (venue ids checked)."""
    out: dict[str, tuple[str, ...]] = {}
    for spec in specs:
        field, venues = spec.split(":", 1)
        out[field.strip()] = tuple(
            get_venue(v.strip()).venue_id for v in venues.split("+") if v.strip()
        )
    return out


def build_rising_facts(store: Store, fields: dict[str, tuple[str, ...]]) -> None:
    venues = sorted({v for vs in fields.values() for v in vs})
    case = " ".join(
        f"WHEN p.venue IN ({', '.join(repr(v) for v in vs)}) THEN '{name}'"
        for name, vs in fields.items()
    )
    store.execute(
        RISING_FACTS_SQL.format(
            field_case=f"CASE {case} END",
            field_venues=", ".join(repr(v) for v in venues),
            senior="|".join(SENIOR_WORDS),
        )
    )


def rising_clause(ref_year: int) -> str:
    """The early-career rule over ``rising_facts`` aliased ``r`` and ``person_facts`` ``f``."""
    return (
        f"(r.career_start >= {int(ref_year) - CAREER_YEARS} AND r.first_top_year IS NOT NULL "
        "AND NOT r.senior AND coalesce(f.stage, '') <> 'faculty')"
    )


def rising_mask(facts: dict[str, Any], ref_year: int) -> Any:
    """``rising_clause`` over in-memory person facts (``analytics.scoring``: missing years are
    a large negative number, flags are booleans)."""
    return (
        (facts["career_start"] >= ref_year - CAREER_YEARS)
        & (facts["field_first_top_year"] > 0)
        & ~facts["senior"]
        & (facts["stage"] != "faculty")
    )


def evidence(row: dict[str, Any], ref_year: int) -> dict[str, Any]:
    return {
        "rule": RULE,
        "career_years": ref_year - row["career_start"] if row.get("career_start") else None,
        "first_paper": {
            "year": row.get("career_start"),
            "venue": row.get("first_venue"),
            "title": row.get("first_title"),
        },
        "first_top_paper": {
            "field": row.get("first_top_field"),
            "venue": row.get("first_top_venue"),
            "year": row.get("first_top_year"),
            "title": row.get("first_top_title"),
        },
        "positions_year": row.get("positions_year"),
        "positions": row.get("positions") or [],
    }
