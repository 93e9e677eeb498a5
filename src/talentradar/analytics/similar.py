"""Similar people: "more like this person", from the embeddings of a person's papers.

The person's profile is the normalised mean of the embeddings of their accepted papers; every
paper is scored by its cosine with the profile (scaled as scout's semantic part), and persons
are ranked on those papers exactly as scout ranks them for a topic, with the same filters and
score components. The person themself is left out; suppressed persons are never shown.
"""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import numpy as np

from talentradar.analytics.scout import (
    CANDIDATE_PAPERS,
    MIN_RELEVANCE,
    ScoutQuery,
    _index,
    _semantic_scale,
    rank,
)
from talentradar.errors import NotFoundError
from talentradar.search import memory
from talentradar.store import Store

PERSON_SQL = """
SELECT pe.person_id, pe.name FROM persons pe
WHERE pe.person_id = ? AND pe.person_id NOT IN (SELECT person_id FROM suppressed_persons)
"""


def profile(store: Store, person_id: str) -> tuple[np.ndarray | None, int]:
    """The person's profile vector (None when no paper has one) and their accepted papers."""
    index = _index(store)
    papers = [
        r["paper_id"]
        for r in store.query(
            "SELECT DISTINCT paper_id FROM paper_authors WHERE person_id = ?", [person_id]
        )
    ]
    if index.vectors is None or not papers:
        return None, len(papers)
    rows = memory.rows_of(index, np.array(papers, dtype=object))
    vector = index.vectors[rows].mean(axis=0)
    norm = float(np.linalg.norm(vector))
    return (vector / norm if norm else None), len(papers)


def similar(store: Store, person_id: str, query: ScoutQuery | None = None) -> dict[str, Any]:
    """Persons whose papers are most like ``person_id``'s, ranked and explained as scout's."""
    found = store.query(PERSON_SQL, [person_id])
    if not found:
        raise NotFoundError(f"no person {person_id!r}")
    query = replace(query or ScoutQuery(""), text=f"like {found[0]['name']}")
    query.check()
    vector, papers = profile(store, person_id)
    index = _index(store)
    relevant = np.zeros(len(index.paper_ids), dtype=np.float64)
    if vector is not None:
        near, cosines = memory.cosine(index, vector, CANDIDATE_PAPERS)
        scaled = _semantic_scale(cosines)
        relevant[near] = np.where(scaled >= MIN_RELEVANCE, scaled, 0.0)
    result = rank(store, query, relevant, exclude=(person_id,))
    result["query"]["similar_to"] = person_id
    result["person"] = {"person_id": person_id, "name": found[0]["name"], "papers": papers}
    return result
