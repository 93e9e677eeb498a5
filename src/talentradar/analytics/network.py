"""Around one person: co-authors, topics (paper keywords) and public-profile links."""

from __future__ import annotations

from typing import Any

from talentradar.store import Store

OPENREVIEW = "https://openreview.net/profile?id="


def coauthors(store: Store, person_id: str, limit: int = 15) -> list[dict[str, Any]]:
    """The persons who shared most accepted papers with ``person_id`` (suppressed persons left
    out)."""
    return store.query(
        """
        WITH own AS (SELECT DISTINCT paper_id FROM paper_authors WHERE person_id = ?)
        SELECT b.person_id, pe.name, count(DISTINCT b.paper_id) AS papers,
               max(b.year) AS last_year
        FROM paper_authors b SEMI JOIN own USING (paper_id) JOIN persons pe USING (person_id)
        WHERE b.person_id <> ?
          AND b.person_id NOT IN (SELECT person_id FROM suppressed_persons)
        GROUP BY ALL ORDER BY papers DESC, last_year DESC, pe.name LIMIT ?
        """,
        [person_id, person_id, limit],
    )


def topics(store: Store, person_id: str, limit: int = 12) -> list[dict[str, Any]]:
    """The keywords of the person's accepted papers (as the records give them), most frequent
    first."""
    return store.query(
        """
        WITH own AS (SELECT DISTINCT paper_id FROM paper_authors WHERE person_id = ?)
        SELECT lower(trim(k)) AS topic, count(*) AS papers
        FROM (SELECT unnest(p.keywords) AS k FROM papers p SEMI JOIN own USING (paper_id))
        WHERE trim(k) <> '' GROUP BY 1 ORDER BY papers DESC, topic LIMIT ?
        """,
        [person_id, limit],
    )


def profile_links(source_person_ids: list[str] | None) -> list[dict[str, str]]:
    """Links to the public profiles named by the person's source ids (OpenReview ``~Name1``)."""
    links = []
    for sid in source_person_ids or []:
        if sid.startswith("~"):
            links.append({"site": "OpenReview", "id": sid, "url": OPENREVIEW + sid})
    return links
