"""Scout's person score, computed in memory with NumPy (the same score as docs/methodology.md).

The accepted-paper authorships (``paper_authors``) and the per-person facts (``person_facts``,
``rising_facts``) are loaded once per build into arrays; a query then scores every authorship
of a relevant paper, sums per person with ``bincount``, applies the filters as masks and ranks.
Only the shown persons' names and orgs are read back from the store.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from talentradar.store import Store

WEIGHTS = np.array([3.0, 2.0, 1.0], dtype=np.float64)
"""Presentation weight by component: oral, spotlight, other accepted."""
COMPONENT_NAMES = ("oral", "spotlight", "other_accepted")
EVIDENCE = 5

AUTHORSHIPS_SQL = """
SELECT a.paper_id, a.person_id, a.position, a.n_authors, a.year, a.venue, a.presentation,
       a.title, greatest(coalesce(a.citations, 0), 0) AS citations
FROM paper_authors a ORDER BY a.person_id, a.paper_id
"""
PERSONS_SQL = """
SELECT f.person_id, f.name, f.org_name, f.country, f.sector, f.stage, f.org_id, f.parent_id,
       f.first_year, f.top_papers, f.top_orals, f.last_move_year,
       r.career_start, r.first_venue, r.first_title, r.first_top_field, r.first_top_venue,
       r.first_top_title, r.positions_year, r.positions,
       r.first_top_year AS field_first_top_year, coalesce(r.senior, false) AS senior
FROM person_facts f LEFT JOIN rising_facts r USING (person_id) ORDER BY f.person_id
"""
CODED = ("country", "sector", "stage")
"""Person facts also kept as integer codes, for fast filters."""


@dataclass
class Authorships:
    persons: np.ndarray
    """Person ids (object), sorted; the position is the person's number."""
    facts: dict[str, np.ndarray]
    """Per person number: the columns of ``PERSONS_SQL``."""
    codes: dict[str, np.ndarray]
    code_of: dict[str, dict[str, int]]
    person: np.ndarray
    paper: np.ndarray
    """Paper number (position in ``papers``) per authorship."""
    papers: np.ndarray
    """Paper ids (object), sorted."""
    paper_info: dict[str, np.ndarray]
    """Per paper number: venue, year, presentation, title."""
    index_row: np.ndarray
    """Per paper number: its row in the text index (-1 when it has none)."""
    venues: list[str]
    venue_code: np.ndarray
    """Per authorship: the position of its paper's venue in ``venues``."""
    credit: np.ndarray
    year: np.ndarray
    component: np.ndarray
    log_citations: np.ndarray
    ref_year: int


_CACHE: dict[str, Authorships] = {}
_LOCK = threading.Lock()


def authorships_for(store: Store, key: str, index_ids: np.ndarray) -> Authorships:
    """The loaded arrays for a store's build (``index_ids``: the text index's paper ids)."""
    with _LOCK:
        if key not in _CACHE:
            _CACHE.clear()
            _CACHE[key] = _load(store, index_ids)
        return _CACHE[key]


def _load(store: Store, index_ids: np.ndarray) -> Authorships:
    people = store.arrow(PERSONS_SQL)
    persons = np.array(people.column("person_id").to_pylist(), dtype=object)
    facts = {name: _column(people.column(name)) for name in people.column_names[1:]}
    rows = store.arrow(AUTHORSHIPS_SQL)
    paper_ids = np.array(rows.column("paper_id").to_pylist(), dtype=object)
    papers, paper = np.unique(paper_ids, return_inverse=True)
    person_ids = np.array(rows.column("person_id").to_pylist(), dtype=object)
    at = np.searchsorted(persons, person_ids)
    at[at >= len(persons)] = 0
    known = persons[at] == person_ids if len(persons) else np.zeros(len(person_ids), bool)
    position = rows.column("position").to_numpy(zero_copy_only=False).astype(np.float64)
    n_authors = rows.column("n_authors").to_numpy(zero_copy_only=False).astype(np.float64)
    credit = (1.0 / n_authors) * np.where(
        position == 1, 2.0, np.where((position == n_authors) & (n_authors > 1), 1.5, 1.0)
    )
    presentation = np.array(rows.column("presentation").to_pylist(), dtype=object)
    component = np.where(presentation == "oral", 0, np.where(presentation == "spotlight", 1, 2))
    year = rows.column("year").to_numpy(zero_copy_only=False).astype(np.int64)
    first = np.unique(paper, return_index=True)[1]
    info = {
        "venue": np.array(rows.column("venue").to_pylist(), dtype=object)[first],
        "year": year[first],
        "presentation": presentation[first],
        "title": np.array(rows.column("title").to_pylist(), dtype=object)[first],
    }
    venues, venue_code = np.unique(info["venue"].astype(str), return_inverse=True)
    code_of = {c: {v: i for i, v in enumerate(sorted(set(facts[c].tolist())))} for c in CODED}
    codes = {
        c: np.fromiter((code_of[c][v] for v in facts[c]), dtype=np.int64, count=len(persons))
        for c in CODED
    }
    citations = rows.column("citations").to_numpy(zero_copy_only=False).astype(np.float64)
    return Authorships(
        persons=persons,
        facts=facts,
        codes=codes,
        code_of=code_of,
        index_row=_positions(index_ids, papers),
        venues=venues.tolist(),
        venue_code=venue_code[paper[known]],
        person=np.where(known, at, -1)[known],
        paper=paper[known],
        papers=papers,
        paper_info=info,
        credit=credit[known],
        year=year[known],
        component=component[known].astype(np.int8),
        log_citations=np.log1p(citations)[known],
        ref_year=int(year.max()) if len(year) else 0,
    )


MISSING = -(10**6)
"""A missing year or count in the numeric fact arrays (never within any filter's bound)."""


def _column(column: Any) -> np.ndarray:
    """Numbers as int64 (missing → ``MISSING``), flags as bool, text as str ("" when missing)."""
    kind = column.type
    if pa.types.is_integer(kind):
        return pc.fill_null(column, MISSING).to_numpy().astype(np.int64)
    if pa.types.is_boolean(kind):
        return pc.fill_null(column, False).to_numpy(zero_copy_only=False).astype(bool)
    values = column.to_pylist()
    if pa.types.is_list(kind):
        return np.array([v or [] for v in values] + [None], dtype=object)[:-1]
    return np.array([v or "" for v in values], dtype=object)


def _positions(index_ids: np.ndarray, papers: np.ndarray) -> np.ndarray:
    """Row of each paper in the (sorted) text index ids, -1 when absent."""
    if not len(index_ids) or not len(papers):
        return np.full(len(papers), -1, dtype=np.int64)
    order = np.argsort(index_ids)
    at = np.searchsorted(index_ids[order], papers)
    at[at >= len(index_ids)] = 0
    found = index_ids[order][at] == papers
    return np.where(found, order[at], -1)


def paper_relevance(data: Authorships, by_index_row: np.ndarray) -> np.ndarray:
    """Relevance per paper number, from relevance per text-index row (0 without a row)."""
    padded = np.append(np.asarray(by_index_row, dtype=np.float64), 0.0)
    return padded[data.index_row]


@dataclass
class Scored:
    """Per person number: components, relevant-paper counts, score; and the contributions."""

    parts: np.ndarray  # persons × 4 (oral, spotlight, other accepted, citations)
    count: np.ndarray
    rows: np.ndarray  # authorship rows that count
    paper_score: np.ndarray  # per row in ``rows``
    citation_score: np.ndarray
    relevance: np.ndarray  # per row in ``rows``

    @property
    def score(self) -> np.ndarray:
        return self.parts.sum(axis=1)


def score(data: Authorships, relevance: np.ndarray, decay: float, row_mask: np.ndarray) -> Scored:
    """Each person's components over the authorships of relevant papers within ``row_mask``."""
    rel = relevance[data.paper]
    rows = np.flatnonzero((rel > 0) & row_mask)
    rel = rel[rows]
    base = rel * data.credit[rows] * np.power(decay, data.ref_year - data.year[rows])
    paper_score = base * WEIGHTS[data.component[rows]]
    citation_score = 0.1 * data.log_citations[rows] * base
    n = len(data.persons)
    who = data.person[rows]
    parts = np.zeros((n, 4), dtype=np.float64)
    for c in range(3):
        pick = data.component[rows] == c
        parts[:, c] = np.bincount(who[pick], weights=paper_score[pick], minlength=n)
    parts[:, 3] = np.bincount(who, weights=citation_score, minlength=n)
    count = np.bincount(who, minlength=n)
    return Scored(np.round(parts, 6), count, rows, paper_score, citation_score, rel)


def percentiles(
    scores: np.ndarray, stages: np.ndarray, chosen: np.ndarray
) -> tuple[np.ndarray, np.ndarray]:
    """SQL ``percent_rank()`` of each candidate's score within its stage, and the stage's size."""
    pct = np.zeros(len(scores))
    size = np.zeros(len(scores), dtype=np.int64)
    keys = np.array([s or "unknown" for s in stages[chosen]], dtype=object)
    for stage in set(keys.tolist()):
        members = chosen[keys == stage]
        ordered = np.sort(scores[members])
        below = np.searchsorted(ordered, scores[members], side="left")
        pct[members] = below / (len(members) - 1) if len(members) > 1 else 0.0
        size[members] = len(members)
    return pct, size


def evidence(data: Authorships, scored: Scored, person: int) -> list[dict[str, Any]]:
    """The person's best ``EVIDENCE`` contributing papers."""
    mine = np.flatnonzero(data.person[scored.rows] == person)
    total = scored.paper_score[mine] + scored.citation_score[mine]
    out = []
    for i in mine[np.argsort(-total, kind="stable")][:EVIDENCE]:
        paper = data.paper[scored.rows[i]]
        paper_id = data.papers[paper]
        out.append(
            {
                "paper_id": paper_id,
                "title": data.paper_info["title"][paper],
                "venue": data.paper_info["venue"][paper],
                "year": int(data.paper_info["year"][paper]),
                "presentation": data.paper_info["presentation"][paper],
                "relevance": round(float(scored.relevance[i]), 3),
                "contribution": round(float(scored.paper_score[i] + scored.citation_score[i]), 4),
            }
        )
    return out
