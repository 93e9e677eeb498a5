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
from itertools import groupby
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
from talentradar.sources import signatures, to_paper
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
    ``raw.RECORD_COLUMNS``) of one venue-year. Enrichment joins and the OpenReview
    signatures that order profile-order lists never cross a venue-year, so the records of each
    venue-year can be read apart from the others (in worker processes)."""
    read = [record_of(r) for r in records.to_pylist()]
    known = signatures(read)
    papers, mentions, report = build_papers(to_paper(record, known) for record in read)
    return (
        pa.Table.from_pylist(papers, schema=PAPERS),
        pa.Table.from_pylist(mentions, schema=MENTIONS),
        report,
    )


def build_papers(
    drafts: Iterable[PaperDraft],
) -> tuple[list[dict[str, Any]], list[dict[str, Any]], JoinReport]:
    """Papers and mentions from every paper draft; enrichment joined by OpenReview id, else
    normalised title, else the normalised author names."""
    index = _PrimaryIndex()
    enrichers: list[PaperDraft] = []
    for draft in drafts:
        if draft.enriches:
            enrichers.append(draft)
        else:
            index.add(draft)

    report = JoinReport()
    extras: dict[str, list[PaperDraft]] = defaultdict(list)
    alone: list[PaperDraft] = []
    for enricher in enrichers:
        target = _best_primary(index.find(enricher))
        key = (enricher.source, enricher.venue, enricher.year)
        if target is None:
            report.unjoined[key] += 1
            if enricher.authors and enricher.status:
                alone.append(enricher)  # an accepted paper the primary source lacks
        else:
            report.joined[key] += 1
            extras[target.record_id].append(enricher)

    papers: list[dict[str, Any]] = []
    mentions: list[dict[str, Any]] = []
    for primary in [*index.drafts, *alone]:
        norm = index.title_norm.get(primary.record_id) or normalise_title(primary.title)
        paper, authors = _paper_row(primary, extras.get(primary.record_id, []), norm)
        papers.append(paper)
        mentions.extend(_mention_rows(paper, authors))
    return papers, mentions, report


class _PrimaryIndex:
    """Primary drafts by (venue, year) and OpenReview id, normalised title, author names."""

    def __init__(self) -> None:
        self.drafts: list[PaperDraft] = []
        self.title_norm: dict[str, str] = {}  # by record id: each title normalised once
        self.by: dict[tuple[str, str, int, str], list[PaperDraft]] = defaultdict(list)

    def add(self, draft: PaperDraft) -> None:
        self.drafts.append(draft)
        self.title_norm[draft.record_id] = normalise_title(draft.title)
        for kind, value in _join_keys(draft, self.title_norm[draft.record_id]):
            self.by[(kind, draft.venue, draft.year, value)].append(draft)

    def find(self, draft: PaperDraft) -> list[PaperDraft]:
        """The primaries an enrichment draft joins: by the first key that finds any (author
        surnames only when they name one paper)."""
        for kind, value in _join_keys(draft, normalise_title(draft.title)):
            group = self.by.get((kind, draft.venue, draft.year, value))
            if group and (kind != "surnames" or len(group) == 1):
                return group
        return []


def _join_keys(draft: PaperDraft, title_norm: str) -> list[tuple[str, str]]:
    keys = []
    if draft.join_key:
        keys.append(("id", draft.join_key))
    if title_norm:
        keys.append(("title", title_norm))
    if draft.authors:
        # an author entered twice in a row by one source still joins (``_entered_once``)
        names = [n for n, _ in groupby(normalise_name(a.name) for a in draft.authors)]
        keys.append(("names", "|".join(names)))
        keys.append(("surnames", "|".join(sorted(n.rsplit(" ", 1)[-1] for n in names))))
    return keys


def _best_primary(group: list[PaperDraft]) -> PaperDraft | None:
    if not group:
        return None
    accepted = [d for d in group if classify_status(d.venue, d.year, d.status)[0] == "accepted"]
    return (accepted or group)[0]


def _paper_row(
    primary: PaperDraft, extras: list[PaperDraft], title_norm: str
) -> tuple[dict[str, Any], tuple[AuthorDraft, ...]]:
    decision, presentation = classify_status(primary.venue, primary.year, primary.status)
    authors = primary.authors
    author_source = primary.source
    paper_affs = primary.paper_affiliations
    unaligned = primary.unaligned
    unaligned_entries = primary.unaligned_entries
    for extra in sorted(extras, key=lambda e: _ENRICHER_ORDER.get(e.source, 9)):
        if extra.authors:
            authors = _carry_over(extra.authors, authors)
            author_source = extra.source if author_source == primary.source else author_source
            if extra.unaligned and not unaligned:
                unaligned, unaligned_entries = extra.unaligned, extra.unaligned_entries
        paper_affs = paper_affs or extra.paper_affiliations
    if unaligned and any(a.placement for a in authors) and not paper_affs:
        unaligned, unaligned_entries = None, 0  # an enrichment placed what the primary could not
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
        "record_ids": [primary.record_id] + [e.record_id for e in extras],
        "author_source": author_source,
        "affiliations": list(paper_affs),
        "unaligned": unaligned,
        "unaligned_entries": unaligned_entries,
    }
    return paper, authors


# Per-author enrichment read first wins an author's affiliation: the conference site's entry
# for the paper, then the OpenReview profile, then the older sources.
_ENRICHER_ORDER = {"neurips_speakers": 0, "openreview_authors": 1}


def _carry_over(
    rich: tuple[AuthorDraft, ...], base: tuple[AuthorDraft, ...]
) -> tuple[AuthorDraft, ...]:
    """Enrichment authors merged with the authors read so far. The longer list gives the
    authors (the one read so far on a tie); the same name at the same position, or else the
    one author of that name, in the other list fills each field it lacks — the affiliation
    read so far wins when there is one."""
    if not base:
        return rich
    rich, base = _entered_once(rich, base), _entered_once(base, rich)
    rich_frames = len(rich) > len(base)
    frame, other = (rich, base) if rich_frames else (base, rich)
    by_name: dict[str, list[int]] = defaultdict(list)
    for j, o in enumerate(other):
        by_name[normalise_name(o.name)].append(j)
    out = []
    for i, a in enumerate(frame):
        name = normalise_name(a.name)
        if i < len(other) and _same_person_name(normalise_name(other[i].name), name):
            b: AuthorDraft | None = other[i]
        else:
            hits = by_name.get(name, [])
            b = other[hits[0]] if len(hits) == 1 else None
        if b is None:
            out.append(a)
        else:
            out.append(_merge_author(b, a) if rich_frames else _merge_author(a, b))
    return tuple(out)


def _entered_once(
    authors: tuple[AuthorDraft, ...], other: tuple[AuthorDraft, ...]
) -> tuple[AuthorDraft, ...]:
    """``authors`` without an author repeated right after itself ("Zeynep Akata, Zeynep Akata"),
    when the other source lists that author once: without the repeats, the two lists then name
    the same authors position by position. One author entered twice is a source's slip (one
    person is one author of a paper); kept, it would split the person in two."""
    kept = [next(run) for _, run in groupby(authors, key=lambda a: normalise_name(a.name))]
    if len(kept) == len(authors) or len(kept) != len(other):
        return authors
    aligned = all(
        _same_person_name(normalise_name(a.name), normalise_name(b.name))
        for a, b in zip(kept, other, strict=True)
    )
    return tuple(kept) if aligned else authors


def _same_person_name(a: str, b: str) -> bool:
    """Two forms of one author's name at the same position: equal, or the same surname."""
    return a == b or (bool(a) and a.rsplit(" ", 1)[-1] == b.rsplit(" ", 1)[-1])


def _merge_author(first: AuthorDraft, second: AuthorDraft) -> AuthorDraft:
    """One author from two sources (``first``: read so far): the affiliation, its domain and
    placement from ``first`` when it has an affiliation, else from ``second`` when that has one;
    other fields from whichever has them."""
    lead, other = (
        (first, second) if first.affiliation or not second.affiliation else (second, first)
    )
    return replace(
        lead,
        name=second.name or first.name,
        given=second.given or first.given,
        family=second.family or first.family,
        email_domain=lead.email_domain or other.email_domain,
        source_person_id=first.source_person_id or second.source_person_id,
        career_position=first.career_position or second.career_position,
        placement=lead.placement or other.placement,
    )


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
            "source_person_id": named_id(
                author.source_person_id,
                name_fields(author.name, author.given, author.family)["family_key"],
            ),
            "career_position": author.career_position,
            "placement": author.placement,
        }
        for position, author in enumerate(authors, start=1)
    ]


def named_id(ident: str | None, family_key: str) -> str | None:
    """The author's source person id, unless it names someone else: an OpenReview id spells
    its holder's name (``~Yann_LeCun1``), and one that does not hold the author's family name
    is another person's id given by mistake — kept, it would merge two people."""
    if not ident or not ident.startswith("~") or not family_key:
        return ident
    return (
        ident if family_key in name_key(ident[1:].rstrip("0123456789").replace("_", " ")) else None
    )


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
        ("affiliations", pa.list_(_S)),
        ("unaligned", _S),
        ("unaligned_entries", _I),
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
        ("placement", _S),
    ]
)
