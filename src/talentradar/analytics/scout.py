"""Scout: find and rank people by topic — experts and rising stars.

Relevance of a paper to the query = ``TEXT_WEIGHT`` × its BM25 score (divided
by the best score of the query) + (1 − ``TEXT_WEIGHT``) × its LSA cosine
similarity (clipped at 0); papers under ``MIN_RELEVANCE`` do not count.

A person's score is the sum, over their accepted relevant papers, of

    relevance × presentation weight × author credit × recency

split into components by presentation (oral, spotlight, other accepted), plus
a citation component (0.1 × ln(1 + citations) × relevance × author credit ×
recency, where the source has citation counts). Presentation weights: oral 3,
spotlight 2, other accepted 1. Author credit: 1/N for an N-author paper, × 2
for the first author, × 1.5 for the last. Recency: ``decay`` ^ (latest year −
paper year); experts use 0.85, rising stars 0.6. The shown components always
add up to the score. Percentile: the share of the query's candidates of the
same career stage with a lower score.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa

from talentradar.analytics import rising, scoring
from talentradar.errors import UnknownValueError
from talentradar.facts.careers import STAGES
from talentradar.model import SECTORS
from talentradar.search import memory, topics
from talentradar.store import Store
from talentradar.venues import get_venue

TEXT_WEIGHT = 0.5
MIN_RELEVANCE = 0.3
LEXICAL_SATURATION = 0.5
"""A paper with half the query's best BM25 score, or more, scores fully on full text."""
SEMANTIC_TOP = 20
SEMANTIC_FLOOR = 0.6
SEMANTIC_GATE = 0.5
"""A paper's semantic part is × min(1, SEMANTIC_GATE + its full-text coverage): a paper that
shares no word with the topic (title, keywords, abstract) cannot count on embeddings alone."""
CANDIDATE_PAPERS = 3000
PRESENTATION_WEIGHT = {"oral": 3.0, "spotlight": 2.0}
COMPONENTS = ("oral", "spotlight", "other_accepted", "citations")
TIERS = ("all", "top", "elite")
RISING_COLUMNS = (
    "career_start",
    "first_venue",
    "first_title",
    "first_top_field",
    "first_top_venue",
    "first_top_title",
    "positions_year",
    "positions",
)


@dataclass(frozen=True)
class ScoutQuery:
    """A topic query with filters. Empty filters select everyone."""

    text: str
    countries: tuple[str, ...] = ()
    orgs: tuple[str, ...] = ()
    sectors: tuple[str, ...] = ()
    stages: tuple[str, ...] = ()
    venues: tuple[str, ...] = ()
    tier: str = "all"
    year_from: int | None = None
    year_to: int | None = None
    moved_since: int | None = None
    max_career_years: int | None = None
    rising: bool = False
    min_papers: int = 2
    """Only persons with at least this many relevant accepted papers."""
    limit: int = 20
    semantic: bool = True
    extra: dict[str, Any] = field(default_factory=dict)

    def check(self) -> None:
        if not self.text.strip():
            raise UnknownValueError(
                "query", self.text, ["a topic, e.g. 'diffusion models for video'"]
            )
        if self.tier not in TIERS:
            raise UnknownValueError("tier", self.tier, list(TIERS))
        for stage in self.stages:
            if stage not in STAGES:
                raise UnknownValueError("career stage", stage, list(STAGES))
        for sector in self.sectors:
            if sector not in SECTORS:
                raise UnknownValueError("sector", sector, list(SECTORS))
        for venue in self.venues:
            get_venue(venue)  # raises for an unknown venue


def scout(store: Store, query: ScoutQuery) -> dict[str, Any]:
    """Ranked persons with score breakdown, evidence papers and percentile; JSON-ready."""
    query.check()
    key = _key(store)
    return rank(store, query, relevance_vector(store, query, key), key=key)


def rank(
    store: Store,
    query: ScoutQuery,
    relevant: np.ndarray,
    exclude: tuple[str, ...] = (),
    key: str | None = None,
) -> dict[str, Any]:
    """Persons ranked on ``relevant`` (each paper's relevance, text index order) with the
    query's filters and score (persons in ``exclude`` left out); in memory
    (``analytics.scoring``)."""
    key = key or _key(store)
    data = scoring.authorships_for(store, key, _index(store, key).paper_ids)
    ref_year = data.ref_year
    decay = 0.6 if query.rising else 0.85
    relevance = scoring.paper_relevance(data, relevant)
    scored = scoring.score(data, relevance, decay, _row_mask(data, query))
    chosen = np.flatnonzero(
        (scored.count >= int(query.min_papers)) & _person_mask(store, data, query, exclude)
    )
    scores = scored.score
    pct, size = scoring.percentiles(scores, data.facts["stage"], chosen)
    top = chosen[np.lexsort((chosen, -scores[chosen]))][: int(query.limit)]
    rows = _shown(data, top)
    for row, person in zip(rows, top, strict=True):
        row.update(dict(zip(COMPONENTS, scored.parts[person].tolist(), strict=True)))
        row["relevant_papers"] = int(scored.count[person])
        row["percentile"], row["stage_candidates"] = float(pct[person]), int(size[person])
        row["evidence"] = scoring.evidence(data, scored, int(person))
    return {
        "query": _describe(query),
        "reference_year": ref_year,
        "decay": decay,
        "method": "docs/methodology.md, section Scout",
        "results": [_result(r, ref_year, query.rising) for r in rows],
    }


def _shown(data: scoring.Authorships, top: np.ndarray) -> list[dict[str, Any]]:
    """The shown persons' facts (missing values as None)."""
    out = []
    for person in top:
        row: dict[str, Any] = {"person_id": data.persons[person]}
        for name, values in data.facts.items():
            value = values[person]
            value = value.item() if hasattr(value, "item") else value
            row[name] = None if value in ("", scoring.MISSING) else value
        out.append(row)
    return out


def _row_mask(data: scoring.Authorships, query: ScoutQuery) -> np.ndarray:
    mask = np.ones(len(data.paper), dtype=bool)
    if query.venues:
        ids = {get_venue(v).venue_id for v in query.venues}
        codes = [i for i, v in enumerate(data.venues) if v in ids]
        mask &= np.isin(data.venue_code, codes)
    if query.year_from is not None:
        mask &= data.year >= int(query.year_from)
    if query.year_to is not None:
        mask &= data.year <= int(query.year_to)
    return mask


def _person_mask(
    store: Store, data: scoring.Authorships, query: ScoutQuery, exclude: tuple[str, ...]
) -> np.ndarray:
    facts, ref = data.facts, data.ref_year
    mask = np.ones(len(data.persons), dtype=bool)
    for column, values in (
        ("country", query.countries),
        ("sector", query.sectors),
        ("stage", query.stages),
    ):
        if values:
            mask &= np.isin(data.codes[column], [data.code_of[column].get(v, -1) for v in values])
    if query.orgs:
        orgs = set(query.orgs)
        mask &= np.fromiter(
            (
                o in orgs or p in orgs
                for o, p in zip(facts["org_id"], facts["parent_id"], strict=True)
            ),
            dtype=bool,
            count=len(mask),
        )
    if query.tier == "top":
        mask &= facts["top_papers"] > 0
    elif query.tier == "elite":
        mask &= facts["top_orals"] > 0
    if query.moved_since is not None:
        mask &= facts["last_move_year"] >= int(query.moved_since)
    if query.max_career_years is not None:
        mask &= facts["first_year"] >= ref - int(query.max_career_years)
    if query.rising:
        mask &= rising.rising_mask(facts, ref)
    # person_facts is built per build; a suppression made since then applies here
    hidden = [r["person_id"] for r in store.query("SELECT person_id FROM suppressed_persons")]
    for person_id in (*hidden, *exclude):
        at = int(np.searchsorted(data.persons, person_id))
        if at < len(data.persons) and data.persons[at] == person_id:
            mask[at] = False
    return mask


def _key(store: Store) -> str:
    built = store.query("SELECT value FROM build_info WHERE key = 'built_at'")
    return f"{getattr(store, 'path', '')}@{built[0]['value'] if built else ''}"


def rank_in_sql(
    store: Store, query: ScoutQuery, relevant: pa.Table, exclude: tuple[str, ...] = ()
) -> dict[str, Any]:
    """``rank`` in SQL: the reference the in-memory ranking is tested against."""
    ref_year = store.query("SELECT max(year) AS y FROM paper_authors")[0]["y"]
    decay = 0.6 if query.rising else 0.85
    where, fparams = _filters(query, ref_year)
    if exclude:
        where += f" AND f.person_id NOT IN ({', '.join('?' for _ in exclude)})"
        fparams = [*fparams, *exclude]
    presentation = (
        "CASE p.presentation WHEN 'oral' THEN 'oral' WHEN 'spotlight' THEN 'spotlight' "
        "ELSE 'other_accepted' END"
    )
    sql = f"""
    WITH credit AS (
        SELECT p.person_id, p.paper_id, p.title, p.venue, p.year, p.presentation, p.position, p.n_authors,
               r.relevance, {presentation} AS component,
               (1.0 / p.n_authors) * CASE WHEN p.position = 1 THEN 2.0
                                          WHEN p.position = p.n_authors AND p.n_authors > 1 THEN 1.5
                                          ELSE 1.0 END AS author_credit,
               pow({decay}, {ref_year} - p.year) AS recency, greatest(coalesce(p.citations, 0), 0) AS citations
        FROM scout_relevance r JOIN paper_authors p USING (paper_id)
        WHERE true {_venue_clause(query)} {_year_clause(query)}
    ),
    contributions AS MATERIALIZED (
        SELECT *, relevance * CASE component WHEN 'oral' THEN 3.0 WHEN 'spotlight' THEN 2.0 ELSE 1.0 END
                  * author_credit * recency AS paper_score,
               0.1 * ln(1 + citations) * relevance * author_credit * recency AS citation_score
        FROM credit
    ),
    people AS (
        SELECT c.person_id,
               round(sum(paper_score) FILTER (WHERE component = 'oral'), 6) AS oral,
               round(sum(paper_score) FILTER (WHERE component = 'spotlight'), 6) AS spotlight,
               round(sum(paper_score) FILTER (WHERE component = 'other_accepted'), 6) AS other_accepted,
               round(sum(citation_score), 6) AS citations,
               count(*) AS relevant_papers
        FROM contributions c GROUP BY 1
        HAVING count(*) >= {int(query.min_papers)}
    ),
    ranked AS (
        SELECT f.*, {", ".join(f"r.{c}" for c in RISING_COLUMNS)}, r.first_top_year AS field_first_top_year,
               pe.oral, pe.spotlight, pe.other_accepted, pe.citations, pe.relevant_papers,
               coalesce(pe.oral, 0) + coalesce(pe.spotlight, 0) + coalesce(pe.other_accepted, 0)
                   + coalesce(pe.citations, 0) AS score
        FROM people pe JOIN person_facts f USING (person_id)
        LEFT JOIN rising_facts r USING (person_id)
        WHERE {where}
    ),
    top AS (
        SELECT *, percent_rank() OVER (PARTITION BY coalesce(stage, 'unknown') ORDER BY score) AS percentile,
               count(*) OVER (PARTITION BY coalesce(stage, 'unknown')) AS stage_candidates
        FROM ranked ORDER BY score DESC, person_id LIMIT {int(query.limit)}
    ),
    evidence AS (
        SELECT c.person_id,
               list({{'paper_id': paper_id, 'title': title, 'venue': venue, 'year': year,
                      'presentation': presentation, 'relevance': round(relevance, 3),
                      'contribution': round(paper_score + citation_score, 4)}}
                    ORDER BY paper_score + citation_score DESC)[1:5] AS evidence
        FROM contributions c WHERE c.person_id IN (SELECT person_id FROM top) GROUP BY 1
    )
    SELECT top.*, evidence.evidence FROM top JOIN evidence USING (person_id)
    ORDER BY score DESC, person_id
    """
    store.register("scout_relevance", relevant)
    try:
        rows = store.query(sql, fparams)
    finally:
        store.unregister("scout_relevance")
    return {
        "query": _describe(query),
        "reference_year": ref_year,
        "decay": decay,
        "method": "docs/methodology.md, section Scout",
        "results": [_result(r, ref_year, query.rising) for r in rows],
    }


def relevance(store: Store, query: ScoutQuery) -> pa.Table:
    """(paper_id, relevance) of the papers relevant to the query: full text and embeddings."""
    index = _index(store)
    vector = relevance_vector(store, query)
    rows = np.flatnonzero(vector)
    return pa.table(
        {
            "paper_id": pa.array(index.paper_ids[rows].tolist(), pa.string()),
            "relevance": pa.array(vector[rows], pa.float64()),
        }
    )


def relevance_vector(store: Store, query: ScoutQuery, key: str | None = None) -> np.ndarray:
    """Each paper's relevance to the query (index order; 0 under ``MIN_RELEVANCE``):
    ``TEXT_WEIGHT`` × full text (BM25 saturated, × coverage²) + the rest × embeddings."""
    index = _index(store, key)
    found = topics.topic(query.text)
    wordings = memory.query_terms_many(store, list(found.wordings))
    combined = np.zeros(len(index.paper_ids), dtype=np.float64)
    vector = _query_vector(store, index, found) if query.semantic else None
    text_weight = TEXT_WEIGHT if vector is not None else 1.0
    rows, scores, cover = memory.lexical(index, wordings, found.phrases, CANDIDATE_PAPERS)
    if len(scores):
        saturated = np.minimum(1.0, scores / (LEXICAL_SATURATION * scores.max()))
        combined[rows] += text_weight * saturated * cover[rows].astype(np.float64) ** 2
    if vector is not None:
        near, cosines = memory.cosine(index, vector, CANDIDATE_PAPERS)
        gate = np.minimum(1.0, SEMANTIC_GATE + cover[near].astype(np.float64))
        combined[near] += (1 - text_weight) * _semantic_scale(cosines) * gate
    combined[combined < MIN_RELEVANCE] = 0.0
    return combined


def _query_vector(store: Store, index: memory.Index, found: topics.Topic) -> np.ndarray | None:
    """The topic's embedding: its words' embeddings summed, generic words (in more than
    ``memory.COMMON`` of papers: "learning", "models"…) weighing less."""
    words = topics.words(found.expanded)
    weights = memory.word_weights(index, memory.query_terms_many(store, words))
    return memory.embed_words(index, words, weights)


def _semantic_scale(cosines: np.ndarray) -> np.ndarray:
    """Cosines mapped to 0..1: 1 from the query's ``SEMANTIC_TOP``-th nearest paper up, 0 at
    ``SEMANTIC_FLOOR`` of that cosine."""
    if not len(cosines):
        return cosines
    top = float(cosines[min(SEMANTIC_TOP, len(cosines)) - 1])
    low = SEMANTIC_FLOOR * top
    return np.clip((cosines - low) / max(top - low, 1e-6), 0.0, 1.0)


def _index(store: Store, key: str | None = None) -> memory.Index:
    return memory.index_for(store, key or _key(store))


def _venue_clause(query: ScoutQuery) -> str:
    if not query.venues:
        return ""
    ids = sorted({get_venue(v).venue_id for v in query.venues})  # known ids only, never raw input
    return "AND p.venue IN (" + ", ".join(f"'{v}'" for v in ids) + ")"


def _year_clause(query: ScoutQuery) -> str:
    out = ""
    if query.year_from is not None:
        out += f" AND p.year >= {int(query.year_from)}"
    if query.year_to is not None:
        out += f" AND p.year <= {int(query.year_to)}"
    return out


def _filters(query: ScoutQuery, ref_year: int) -> tuple[str, list[Any]]:
    # person_facts is built per build; a suppression made since then applies here
    clauses: list[str] = ["f.person_id NOT IN (SELECT person_id FROM suppressed_persons)"]
    params: list[Any] = []
    for column, values in (
        ("country", query.countries),
        ("sector", query.sectors),
        ("stage", query.stages),
    ):
        if values:
            clauses.append(f"f.{column} IN ({', '.join('?' for _ in values)})")
            params.extend(values)
    if query.orgs:
        marks = ", ".join("?" for _ in query.orgs)
        clauses.append(f"(f.org_id IN ({marks}) OR f.parent_id IN ({marks}))")
        params.extend([*query.orgs, *query.orgs])
    if query.tier == "top":
        clauses.append("f.top_papers > 0")
    elif query.tier == "elite":
        clauses.append("f.top_orals > 0")
    if query.moved_since is not None:
        clauses.append("f.last_move_year >= ?")
        params.append(query.moved_since)
    if query.max_career_years is not None:
        clauses.append(f"{ref_year} - f.first_year <= ?")
        params.append(query.max_career_years)
    if query.rising:
        clauses.append(rising.rising_clause(ref_year))
    return " AND ".join(clauses), params


def _result(row: dict[str, Any], ref_year: int, early: bool) -> dict[str, Any]:
    components = {c: round(row[c] or 0.0, 6) for c in COMPONENTS}
    return {
        "person_id": row["person_id"],
        "name": row["name"],
        "org": row["org_name"],
        "country": row["country"],
        "sector": row["sector"],
        "stage": row["stage"],
        "first_year": row["first_year"],
        "top_papers": row["top_papers"],
        "top_orals": row["top_orals"],
        "relevant_papers": row["relevant_papers"],
        "score": round(sum(components.values()), 6),
        "components": components,
        "percentile": round(100 * row["percentile"], 1),
        "percentile_of": f"{row['stage_candidates']} {row['stage'] or 'unknown-stage'} candidates for this query",
        "evidence": row["evidence"],
        **(
            {
                "early_career": rising.evidence(
                    {**row, "first_top_year": row["field_first_top_year"]}, ref_year
                )
            }
            if early
            else {}
        ),
    }


def _describe(query: ScoutQuery) -> dict[str, Any]:
    return {
        k: (list(v) if isinstance(v, tuple) else v) for k, v in vars(query).items() if k != "extra"
    }
