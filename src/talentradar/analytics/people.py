"""Person queries: find persons, one person's mentions, orgs, years and venues."""

from __future__ import annotations

from typing import Any

from talentradar.errors import NotFoundError
from talentradar.store import Store


def find_persons(store: Store, query: str, limit: int = 20) -> list[dict[str, Any]]:
    """Persons whose id, source id or name matches ``query``, most mentions first."""
    sql = """
        SELECT p.person_id, p.name, p.mentions, p.papers, p.first_year, p.last_year, p.venues,
               p.source_person_ids
        FROM persons p
        WHERE (p.person_id = ? OR list_contains(p.source_person_ids, ?) OR p.name ILIKE '%' || ? || '%')
          AND p.person_id NOT IN (SELECT person_id FROM suppressed_persons)
        ORDER BY (p.person_id = ?) DESC, p.mentions DESC, p.person_id LIMIT ?
    """
    return store.query(sql, [query, query, query, query, limit])


def person_profile(store: Store, person_id: str) -> dict[str, Any]:
    """One person with every mention (the evidence), their orgs by year, and venues."""
    person = visible_person(store, person_id)
    mentions = store.query(
        """
        SELECT m.mention_id, m.year, m.venue, p.title, p.status, m.position, m.n_authors, m.name,
               m.affiliation, m.email_domain, m.career_position, m.source_person_id,
               list(o.name ORDER BY o.name) FILTER (WHERE o.name IS NOT NULL) AS orgs,
               bool_or(mo.inferred) AS org_inferred
        FROM mention_person mp JOIN mentions m USING (mention_id) JOIN papers p USING (paper_id)
        LEFT JOIN placements mo USING (mention_id) LEFT JOIN orgs o USING (org_id)
        WHERE mp.person_id = ?
        GROUP BY ALL ORDER BY m.year, m.venue, p.title
        """,
        [person_id],
    )
    orgs = store.query(
        """
        SELECT o.org_id, o.name, o.hq_country, min(m.year) AS first_year, max(m.year) AS last_year,
               count(*) AS mentions, bool_and(mo.inferred) AS inferred_only
        FROM mention_person mp JOIN mentions m USING (mention_id)
        JOIN placements mo USING (mention_id) JOIN orgs o USING (org_id)
        WHERE mp.person_id = ? GROUP BY ALL ORDER BY first_year, o.name
        """,
        [person_id],
    )
    return {"person": person, "orgs": orgs, "mentions": mentions}


def visible_person(store: Store, person_id: str) -> dict[str, Any]:
    """The person row; NotFoundError when there is none or the person is suppressed."""
    if store.query("SELECT 1 FROM suppressed_persons WHERE person_id = ?", [person_id]):
        raise NotFoundError(f"person {person_id} is suppressed")
    person = store.query("SELECT * FROM persons WHERE person_id = ?", [person_id])
    if not person:
        raise NotFoundError(
            f"no person {person_id!r}; find one with `talentradar people show NAME`"
        )
    return person[0]
