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

import pyarrow as pa

from talentradar.errors import UnknownValueError
from talentradar.facts.careers import STAGES
from talentradar.model import SECTORS
from talentradar.search import memory
from talentradar.store import Store
from talentradar.venues import get_venue

TEXT_WEIGHT = 0.5
MIN_RELEVANCE = 0.2
CANDIDATE_PAPERS = 3000
PRESENTATION_WEIGHT = {"oral": 3.0, "spotlight": 2.0}
COMPONENTS = ("oral", "spotlight", "other_accepted", "citations")
TIERS = ("all", "top", "elite")


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
    ref_year = store.query("SELECT max(year) AS y FROM paper_authors")[0]["y"]
    decay = 0.6 if query.rising else 0.85
    where, fparams = _filters(query, ref_year)
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
        SELECT f.*, pe.oral, pe.spotlight, pe.other_accepted, pe.citations, pe.relevant_papers,
               coalesce(pe.oral, 0) + coalesce(pe.spotlight, 0) + coalesce(pe.other_accepted, 0)
                   + coalesce(pe.citations, 0) AS score
        FROM people pe JOIN person_facts f USING (person_id)
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
    store.register("scout_relevance", relevance(store, query))
    try:
        rows = store.query(sql, fparams)
    finally:
        store.unregister("scout_relevance")
    return {
        "query": _describe(query),
        "reference_year": ref_year,
        "decay": decay,
        "method": "docs/methodology.md, section Scout",
        "results": [_result(r) for r in rows],
    }


def relevance(store: Store, query: ScoutQuery) -> pa.Table:
    """(paper_id, relevance) of the papers relevant to the query (in-memory BM25 + cosine)."""
    built = store.query("SELECT value FROM build_info WHERE key = 'built_at'")
    index = memory.index_for(
        store, f"{getattr(store, 'path', '')}@{built[0]['value'] if built else ''}"
    )
    ids, scores = memory.bm25(index, memory.query_terms(store, query.text), CANDIDATE_PAPERS)
    combined: dict[str, float] = {}
    vector = memory.embed(index, query.text) if query.semantic else None
    text_weight = TEXT_WEIGHT if vector is not None else 1.0
    if len(scores):
        for paper_id, value in zip(ids, scores / scores.max(), strict=True):
            combined[paper_id] = text_weight * float(value)
    if vector is not None:
        near, cosines = memory.cosine(index, vector, CANDIDATE_PAPERS)
        for paper_id, value in zip(near, cosines, strict=True):
            combined[paper_id] = combined.get(paper_id, 0.0) + (1 - text_weight) * float(value)
    kept = {p: r for p, r in combined.items() if r >= MIN_RELEVANCE}
    return pa.table(
        {
            "paper_id": pa.array(list(kept), pa.string()),
            "relevance": pa.array(list(kept.values()), pa.float64()),
        }
    )


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
        clauses.append(
            f"(f.stage IN ('student', 'postdoc') OR "
            f"(f.first_top_year IS NOT NULL AND {ref_year} - f.first_top_year <= 4))"
        )
    return " AND ".join(clauses), params


def _result(row: dict[str, Any]) -> dict[str, Any]:
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
    }


def _describe(query: ScoutQuery) -> dict[str, Any]:
    return {
        k: (list(v) if isinstance(v, tuple) else v) for k, v in vars(query).items() if k != "extra"
    }
