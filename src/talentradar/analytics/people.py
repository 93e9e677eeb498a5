"""Person queries: find persons, one person's mentions, orgs, years and venues."""

from __future__ import annotations

from typing import Any

from talentradar.errors import NotFoundError
from talentradar.normalise import name_tokens, translit_key
from talentradar.store import Store


def find_persons(store: Store, query: str, limit: int = 20) -> list[dict[str, Any]]:
    """Persons matching ``query``: a person id or source id, else a name in any word order,
    with or without diacritics, middle names or initials, or a known nickname of a given name.

    Ranked by evidence: how closely one of the person's name variants matches (``match``:
    "exact" — the same words; "initials" — extra initials; "partial" — extra words), then
    papers. Each candidate carries the org and year of their latest affiliation."""
    by_id = _query_persons(
        store, "(p.person_id = ? OR list_contains(p.source_person_ids, ?))", [query, query], limit
    )
    if by_id:
        return by_id
    words, initials = query_keys(query)
    if words and "person_names" in store.tables():
        found = _by_name(store, words, initials, limit)
        if found:
            return found
    return _query_persons(store, "p.name ILIKE '%' || ? || '%'", [query.strip()], limit)


def query_keys(query: str) -> tuple[list[str], list[str]]:
    """A searched name as folded word keys (umlauts folded) and initials."""
    keys = [translit_key(k) for k in name_tokens(query)]
    words = [k for k in keys if len(k) > 1]
    return words, [k for k in keys if len(k) == 1]


_SELECT = """
    SELECT p.person_id, p.name, p.mentions, p.papers, p.first_year, p.last_year, p.venues,
           p.source_person_ids, c.org_id, o.name AS org, c.org_year, c.stage, c.stage_year{extra}
    FROM persons p
    LEFT JOIN person_current c USING (person_id) LEFT JOIN orgs o USING (org_id)
"""


def _query_persons(store: Store, where: str, params: list[Any], limit: int) -> list[dict[str, Any]]:
    sql = f"""{_SELECT.format(extra="")}
        WHERE {where} AND p.person_id NOT IN (SELECT person_id FROM suppressed_persons)
        ORDER BY p.mentions DESC, p.person_id LIMIT ?"""
    return store.query(sql, [*params, limit])


def _by_name(
    store: Store, words: list[str], initials: list[str], limit: int
) -> list[dict[str, Any]]:
    """Persons with a name variant holding every searched word (or a nickname of it) and
    every searched initial; ranked by the closest variant, then papers."""
    alternatives = _nicknames(store, words)
    sql = f"""
        WITH hits AS (
            SELECT n.person_id,
                   min(len(list_filter(n.words, w -> length(w) > 1
                       AND NOT list_contains(flatten(?::VARCHAR[][]), w)))) AS extra,
                   min(len(list_filter(n.words, w -> length(w) = 1))) AS extra_initials
            FROM person_names n
            WHERE list_bool_and(list_transform(?::VARCHAR[][], a -> len(list_intersect(a, n.keys)) > 0))
              AND list_has_all(list_transform(n.words, w -> left(w, 1)), ?::VARCHAR[])
            GROUP BY 1
        )
        {
        _SELECT.format(
            extra=", CASE WHEN h.extra > 0 THEN 'partial' WHEN h.extra_initials > 0 "
            "THEN 'initials' ELSE 'exact' END AS match"
        )
    }
        JOIN hits h USING (person_id)
        WHERE p.person_id NOT IN (SELECT person_id FROM suppressed_persons)
        ORDER BY h.extra > 0, p.papers DESC, p.person_id LIMIT ?
    """
    return store.query(sql, [alternatives, alternatives, initials, limit])


def _nicknames(store: Store, words: list[str]) -> list[list[str]]:
    """Each searched word with its known variants (Chris → Christopher, …)."""
    if "nickname_groups" not in store.tables():
        return [[w] for w in words]
    rows = store.query(
        """SELECT a.given AS word, list(DISTINCT b.given) AS variants
           FROM nickname_groups a JOIN nickname_groups b USING (grp)
           WHERE list_contains(?::VARCHAR[], a.given) GROUP BY 1""",
        [words],
    )
    variants = {r["word"]: [translit_key(v) for v in r["variants"]] for r in rows}
    return [sorted({w, *variants.get(w, [])}) for w in words]


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
