"""Topic pools: the persons with enough on-topic top-tier evidence, for tracker, flows, poaching.

A person is in the pool of a topic when at least ``MIN_PAPERS`` of their accepted papers at a
top venue of a field (settings ``rising_fields``: NeurIPS/ICML/ICLR, CVPR/ICCV/ECCV,
ACL/EMNLP/NAACL) have a scout relevance of at least ``MIN_RELEVANCE`` for the topic (full text
and embeddings, as ``scout``). Suppressed persons are never in a pool. The pool's definition
and size go with every answer computed over it (``describe``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import pyarrow as pa

from talentradar.analytics import rising
from talentradar.analytics.scout import ScoutQuery, relevance
from talentradar.settings import Settings
from talentradar.store import Store

MIN_PAPERS = 2
MIN_RELEVANCE = 0.5
TABLE = "topic_pool"
"""The name a pool is registered under while a query over it runs."""

POOL_SQL = """
SELECT a.person_id, count(DISTINCT a.paper_id) AS on_topic_papers
FROM pool_relevance r JOIN paper_authors a USING (paper_id)
WHERE r.relevance >= ? AND a.venue IN ({venues})
  AND a.person_id NOT IN (SELECT person_id FROM suppressed_persons)
GROUP BY 1 HAVING count(DISTINCT a.paper_id) >= ?
"""


def top_venues(fields: tuple[str, ...] = Settings.rising_fields) -> list[str]:
    return sorted({v for vs in rising.parse_fields(fields).values() for v in vs})


def members(store: Store, topic: str) -> pa.Table:
    """(person_id, on_topic_papers) of the topic's pool."""
    store.register("pool_relevance", relevance(store, ScoutQuery(topic)))
    try:
        venues = top_venues()
        return store.arrow(
            POOL_SQL.format(venues=", ".join("?" for _ in venues)),
            [MIN_RELEVANCE, *venues, MIN_PAPERS],
        )
    finally:
        store.unregister("pool_relevance")


def describe(topic: str, size: int) -> dict[str, Any]:
    return {
        "topic": topic,
        "size": size,
        "definition": (
            f"persons with at least {MIN_PAPERS} accepted papers at {', '.join(top_venues())} "
            f"whose relevance to the topic (scout: full text and embeddings) is at least "
            f"{MIN_RELEVANCE}"
        ),
    }


@contextmanager
def registered(store: Store, topic: str | None) -> Iterator[dict[str, Any] | None]:
    """While open, the topic's pool is the table ``topic_pool`` (person_id); yields its
    description, or None (and registers nothing) without a topic."""
    if not topic:
        yield None
        return
    pool = members(store, topic)
    store.register(TABLE, pool)
    try:
        yield describe(topic, pool.num_rows)
    finally:
        store.unregister(TABLE)


def clause(column: str = "person_id") -> str:
    """A SQL condition keeping the pool's persons (inside ``registered``)."""
    return f"{column} IN (SELECT person_id FROM {TABLE})"
