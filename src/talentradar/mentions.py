"""Raw records → papers and mentions (pure).

A paper is identified by its primary record (paperlists). Enrichment records
(NeurIPS proceedings and schedule) are joined to the primary paper of the same
venue-year by normalised title; when they join, their author list (which
carries affiliations) becomes the paper's mentions, keeping the primary's
status. Enrichment records that join nothing become papers of their own with
status "Accepted". The join is reported per source and year.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from functools import lru_cache
from typing import Any

import pyarrow as pa

from talentradar.model import AuthorDraft, PaperDraft
from talentradar.normalise import (
    first_name_key,
    name_key,
    name_tokens,
    normalise_name,
    normalise_title,
    parse_name,
)
from talentradar.raw import record_of
from talentradar.sources import to_paper
from talentradar.venues import classify_status


@dataclass
class JoinReport:
    """How many enrichment papers joined a primary paper, per (source, venue, year)."""

    joined: Counter[tuple[str, str, int]] = field(default_factory=Counter)
    unjoined: Counter[tuple[str, str, int]] = field(default_factory=Counter)

    def rows(self) -> list[dict[str, Any]]:
        keys = sorted(set(self.joined) | set(self.unjoined))
        return [
            {
                "source": s,
                "venue": v,
                "year": y,
                "joined": self.joined[(s, v, y)],
                "unjoined": self.unjoined[(s, v, y)],
            }
            for s, v, y in keys
        ]

    def add(self, other: JoinReport) -> None:
        self.joined.update(other.joined)
        self.unjoined.update(other.unjoined)


def paper_tables(records: pa.Table) -> tuple[pa.Table, pa.Table, JoinReport]:
    """The ``papers`` and ``mentions`` tables of stored paper records (a table of
    ``raw.RECORD_COLUMNS``). Enrichment joins never cross a venue-year, so the records of
    each venue-year can be read apart from the others (in worker processes)."""
    rows = records.to_pylist()
    papers, mentions, report = build_papers(to_paper(record_of(r)) for r in rows)
    return (
        pa.Table.from_pylist(papers, schema=PAPERS),
        pa.Table.from_pylist(mentions, schema=MENTIONS),
        report,
    )


def build_papers(
    drafts: Iterable[PaperDraft],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], JoinReport]:
    """Papers and mentions from every paper draft; enrichment joined by title."""
    primaries: dict[tuple[str, int, str], list[PaperDraft]] = defaultdict(list)
    enrichers: list[PaperDraft] = []
    title_norm: dict[str, str] = {}  # by record id: each title normalised once
    for draft in drafts:
        if draft.enriches:
            enrichers.append(draft)
        else:
            title_norm[draft.record_id] = normalise_title(draft.title)
            primaries[(draft.venue, draft.year, title_norm[draft.record_id])].append(draft)

    report = JoinReport()
    merged: dict[str, tuple[PaperDraft, PaperDraft | None]] = {
        d.record_id: (d, None) for group in primaries.values() for d in group
    }
    for enricher in enrichers:
        group = primaries.get((enricher.venue, enricher.year, normalise_title(enricher.title)), [])
        target = _best_primary(group)
        key = (enricher.source, enricher.venue, enricher.year)
        if target is None:
            report.unjoined[key] += 1
            merged[enricher.record_id] = (enricher, None)
        else:
            report.joined[key] += 1
            merged[target.record_id] = (target, enricher)

    papers: list[dict[str, Any]] = []
    mentions: list[dict[str, Any]] = []
    for primary, extra in merged.values():
        norm = title_norm.get(primary.record_id) or normalise_title(primary.title)
        paper, authors = _paper_row(primary, extra, norm)
        papers.append(paper)
        mentions.extend(_mention_rows(paper, authors))
    return papers, mentions, report


def _best_primary(group: list[PaperDraft]) -> PaperDraft | None:
    if not group:
        return None
    accepted = [d for d in group if classify_status(d.venue, d.year, d.status)[0] == "accepted"]
    return (accepted or group)[0]


def _paper_row(
    primary: PaperDraft, extra: PaperDraft | None, title_norm: str
) -> tuple[dict[str, Any], tuple[AuthorDraft, ...]]:
    decision, presentation = classify_status(primary.venue, primary.year, primary.status)
    authors = primary.authors
    author_source = primary.source
    if extra is not None and extra.authors:
        authors = _carry_over(extra.authors, primary.authors)
        author_source = extra.source
    paper = {
        "paper_id": primary.record_id,
        "venue": primary.venue,
        "year": primary.year,
        "title": primary.title,
        "title_norm": title_norm,
        "status": primary.status,
        "decision": decision,
        "presentation": presentation,
        "track": primary.track,
        "keywords": list(primary.keywords),
        "abstract": primary.abstract,
        "citations": primary.citations,
        "n_authors": len(authors),
        "record_ids": [primary.record_id] + ([extra.record_id] if extra else []),
        "author_source": author_source,
    }
    return paper, authors


def _carry_over(
    rich: tuple[AuthorDraft, ...], base: tuple[AuthorDraft, ...]
) -> tuple[AuthorDraft, ...]:
    """Enrichment authors, keeping fields only the primary has when the same name sits at the same position."""
    if len(rich) != len(base):
        return rich
    out = []
    for a, b in zip(rich, base, strict=True):
        if normalise_name(a.name) == normalise_name(b.name):
            a = replace(
                a,
                email_domain=a.email_domain or b.email_domain,
                source_person_id=a.source_person_id or b.source_person_id,
                career_position=a.career_position or b.career_position,
            )
        out.append(a)
    return tuple(out)


def _mention_rows(paper: dict[str, Any], authors: tuple[AuthorDraft, ...]) -> list[dict[str, Any]]:
    return [
        {
            "mention_id": f"{paper['paper_id']}-{position}",
            "paper_id": paper["paper_id"],
            "venue": paper["venue"],
            "year": paper["year"],
            "position": position,
            "n_authors": len(authors),
            "name": author.name,
            **name_fields(author.name, author.given, author.family),
            "affiliation": author.affiliation,
            "affiliation_norm": author.affiliation_norm,
            "country_hint": author.country_hint,
            "email_domain": author.email_domain,
            "source_person_id": author.source_person_id,
            "career_position": author.career_position,
        }
        for position, author in enumerate(authors, start=1)
    ]


@lru_cache(maxsize=1_000_000)
def name_fields(name: str, given: str | None, family: str | None) -> dict[str, str]:
    """A mention's name parts and comparison keys (given/family parsed from the name unless the
    source states them). Cached: most names recur; callers must not change the dict."""
    if not family:
        given, family = parse_name(name)
    words = name_tokens(name) or ("",)
    return {
        "given_name": given or "",
        "family_name": family,
        "name_norm": normalise_name(name),
        "family_key": name_key(family),
        "given_key": name_key(given or ""),
        "given_first": first_name_key(given or ""),
        "first_key": words[0],
        "last_key": words[-1],
        "sorted_key": " ".join(sorted(words)),
    }


_S, _I = pa.string(), pa.int32()
PAPERS = pa.schema(
    [
        ("paper_id", _S),
        ("venue", _S),
        ("year", _I),
        ("title", _S),
        ("title_norm", _S),
        ("status", _S),
        ("decision", _S),
        ("presentation", _S),
        ("track", _S),
        ("keywords", pa.list_(_S)),
        ("abstract", _S),
        ("citations", pa.int64()),
        ("n_authors", _I),
        ("record_ids", pa.list_(_S)),
        ("author_source", _S),
    ]
)
MENTIONS = pa.schema(
    [
        ("mention_id", _S),
        ("paper_id", _S),
        ("venue", _S),
        ("year", _I),
        ("position", _I),
        ("n_authors", _I),
        ("name", _S),
        ("given_name", _S),
        ("family_name", _S),
        ("name_norm", _S),
        ("family_key", _S),
        ("given_key", _S),
        ("given_first", _S),
        ("first_key", _S),
        ("last_key", _S),
        ("sorted_key", _S),
        ("affiliation", _S),
        ("affiliation_norm", _S),
        ("country_hint", _S),
        ("email_domain", _S),
        ("source_person_id", _S),
        ("career_position", _S),
    ]
)
