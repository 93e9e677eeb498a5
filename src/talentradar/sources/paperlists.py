"""paperlists: one JSON list per conference-year (papercopilot/paperlists).

Field sets differ by file and year; every one that occurs is read here:
``author``/``authors`` (``;`` or ``,`` separated), ``aff``, ``aff_domain``,
``email``, ``authorids`` (OpenReview ``~Jane_Doe1``, ACL ``/j/jane-doe/`` or an
e-mail), ``position``, ``status``, ``track``, ``keywords``, ``abstract``,
``gs_citation``, the normalised ``aff_unique_*`` / ``aff_country_unique*``
fields, and KDD's ``affs``.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

from talentradar.errors import SourceError, UnknownValueError
from talentradar.model import AuthorDraft, PaperDraft, Quarantined, Record, SourceFile
from talentradar.normalise import email_domain, split_authors, split_list
from talentradar.sources import profile_order
from talentradar.sources.fetch import (
    checksum,
    is_url,
    join_location,
    read_bytes,
    read_json,
    stable_id,
)
from talentradar.sources.scrub import scrub
from talentradar.venues import get_venue

NAME = "paperlists"
CANONICAL_URL = "https://raw.githubusercontent.com/papercopilot/paperlists/main"
_FILE = re.compile(r"^(?P<folder>[a-z0-9]+?)(?P<year>(19|20)\d\d)\.json(\.gz)?$")

# Field name -> accepted JSON types. A record with another type is quarantined.
_STR_FIELDS = (
    "title",
    "author",
    "authors",
    "aff",
    "aff_domain",
    "email",
    "authorids",
    "position",
    "status",
    "track",
    "keywords",
    "abstract",
    "aff_unique_norm",
    "aff_unique_index",
    "aff_country_unique",
    "aff_country_unique_index",
    "affs",
    "id",
)
_INT_FIELDS = ("gs_citation",)
# Fields never stored, even raw: they describe people beyond public professional facts.
PRIVATE_FIELDS = ("gender",)
CATALOGUE = "paperlists_catalogue.txt"


def discover(root: str) -> list[str]:
    """Every conference-year file under ``root`` (a folder, or a URL using the catalogue)."""
    if is_url(root):
        names = _catalogue()
    else:
        base = Path(root)
        if not base.is_dir():
            raise SourceError(
                root, "paperlists folder not found (expected <venue>/<venue><year>.json[.gz])"
            )
        names = sorted(str(p.relative_to(base)) for p in base.glob("*/*.json*"))
    return [join_location(root, name) for name in names]


def file_for(location: str) -> SourceFile:
    """The SourceFile for one paperlists file; its name gives venue and year."""
    name = location.replace("\\", "/").rsplit("/", 1)[-1]
    match = _FILE.match(name)
    if not match:
        raise SourceError(
            location,
            "file name must look like <venue><year>.json or .json.gz, e.g. nips2019.json.gz",
        )
    try:
        venue = get_venue(match["folder"])
    except UnknownValueError as exc:
        raise SourceError(location, str(exc)) from None
    return SourceFile(source=NAME, location=location, venue=venue.venue_id, year=int(match["year"]))


def _catalogue() -> list[str]:
    from importlib.resources import files

    text = files("talentradar.data").joinpath(CATALOGUE).read_text(encoding="utf-8")
    return [line.strip() + ".json" for line in text.splitlines() if line.strip()]


def read(file: SourceFile) -> bytes:
    return read_bytes(file.location)


def parse(file: SourceFile, data: bytes) -> Iterator[Record | Quarantined]:
    """Raw records of one file; malformed records become quarantine entries."""
    rows = read_json(file.location, data)
    if not isinstance(rows, list):
        raise SourceError(
            file.location, f"expected a JSON list of records, got {type(rows).__name__}"
        )
    seen: dict[str, int] = {}
    for index, row in enumerate(rows):
        key = _source_key(file, index, row, seen)
        problem = _check(row)
        if problem:
            field, reason = problem
            yield Quarantined(
                source=NAME,
                location=file.location,
                source_key=key,
                field=field,
                reason=reason,
                payload=repr(scrub(row))[:2000],
            )
            continue
        payload = scrub({k: v for k, v in row.items() if k not in PRIVATE_FIELDS})
        yield Record(
            record_id=stable_id(NAME, key),
            source=NAME,
            source_key=key,
            location=file.location,
            venue=file.venue,
            year=file.year,
            payload=payload,
            checksum=checksum(payload),
        )


def _source_key(file: SourceFile, index: int, row: Any, seen: dict[str, int]) -> str:
    ident = row.get("id") if isinstance(row, dict) else None
    title = row.get("title") if isinstance(row, dict) else None
    base = str(ident) if isinstance(ident, str) and ident else f"t:{stable_id(title or index)}"
    key = f"{file.venue}/{file.year}/{base}"
    seen[key] = seen.get(key, 0) + 1
    return key if seen[key] == 1 else f"{key}#{seen[key]}"


def _check(row: Any) -> tuple[str, str] | None:
    if not isinstance(row, dict):
        return "(record)", f"expected a JSON object, got {type(row).__name__}"
    for name in _STR_FIELDS:
        value = row.get(name)
        if value is not None and not isinstance(value, str):
            return name, f"expected a string or null, got {type(value).__name__}"
    for name in _INT_FIELDS:
        value = row.get(name)
        if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
            return name, f"expected an integer or null, got {type(value).__name__}"
    if not (row.get("title") or "").strip():
        return "title", "missing or empty title"
    return None


# Venues whose ``aff`` is a paper-level list of distinct strings, not one per author (from 2020).
PAPER_LEVEL_VENUES = ("cvpr", "iccv", "eccv")
PAPER_LEVEL_FROM = 2020
_MARKER = re.compile(r"^[\s\d*†‡§¶,]+")


def author_lists(record: Record) -> tuple[list[str], list[str], list[str]]:
    """Author names, their ids (``[]`` unless one per author) and the affiliation list."""
    p = record.payload
    names = split_authors(p.get("author") or p.get("authors") or "")
    ids = split_list(p.get("authorids"))
    affs = split_list(p.get("aff")) or split_list(p.get("affs"))
    return names, ids if len(ids) == len(names) else [], affs


def _paper_level(record: Record) -> bool:
    return record.venue in PAPER_LEVEL_VENUES and record.year >= PAPER_LEVEL_FROM


def signature_pairs(record: Record) -> list[tuple[str, str]]:
    """(OpenReview id, entry key) of a per-author list without ``or_profile`` read in author
    order (:mod:`talentradar.sources.profile_order`)."""
    if _paper_level(record) or record.payload.get("or_profile"):
        return []
    _, ids, affs = author_lists(record)
    return profile_order.reading(ids, affs)


def to_paper(record: Record, known: profile_order.Signatures | None = None) -> PaperDraft:
    """Read one record as a paper with aligned author positions; ``known``: the signatures of
    the record's venue-year, which order OpenReview profile-order lists."""
    p = record.payload
    names, ids, raw_affs = author_lists(record)
    if _paper_level(record):
        return _paper(record, _authors(names, ids, [], [], None), paper_list(raw_affs))
    layout = align(len(names), ids, split_list(p.get("or_profile")), len(raw_affs), known, raw_affs)
    domains_raw = split_list(p.get("aff_domain")) or split_list(p.get("email"))
    authors = _authors(names, ids, layout.place(raw_affs), layout.place(domains_raw), layout)
    positions = layout.place(split_list(p.get("position")))
    norms, countries = _normalised_affiliations(p, len(names))
    authors = tuple(
        replace(
            a,
            career_position=positions[i] or None,
            affiliation_norm=norms[i],
            country_hint=countries[i],
        )
        for i, a in enumerate(authors)
    )
    unplaced = layout.reason if any(raw_affs) else None
    # entries the signatures could give to no author
    why, left = (None, 0) if p.get("or_profile") else layout.left_over(raw_affs)
    unplaced = unplaced or why
    entries = sum(1 for a in raw_affs if a) if layout.reason else left
    paper = _paper(record, authors, paper_list(raw_affs) if unplaced else (), unplaced)
    return replace(paper, unaligned_entries=entries if unplaced else 0)


def _paper(
    record: Record,
    authors: tuple[AuthorDraft, ...],
    paper_affs: tuple[str, ...],
    unaligned: str | None = None,
) -> PaperDraft:
    p = record.payload
    return PaperDraft(
        record_id=record.record_id,
        source=NAME,
        venue=record.venue,
        year=record.year,
        title=p["title"].strip(),
        status=p.get("status"),
        track=p.get("track") or None,
        keywords=tuple(k for k in split_list(p.get("keywords")) if k),
        abstract=(p.get("abstract") or None),
        citations=p.get("gs_citation"),
        authors=authors,
        paper_affiliations=paper_affs,
        join_key=p.get("id") or None,
        unaligned=unaligned,
    )


def _authors(
    names: list[str],
    ids: list[str],
    affs: list[str],
    domains: list[str],
    layout: Layout | None,
) -> tuple[AuthorDraft, ...]:
    out = []
    for i, name in enumerate(names):
        aff = affs[i] if affs else ""
        listed = first_domain(domains[i]) if domains else None
        method = layout.methods[i] if layout and (aff or listed) else None
        if not method and _id_domain(ids, i):
            method = "aligned"  # an e-mail author id gives its domain
        out.append(
            AuthorDraft(
                name=name,
                affiliation=aff or None,
                email_domain=listed or _id_domain(ids, i),
                source_person_id=_person_id(ids, i),
                placement=method,
            )
        )
    return tuple(out)


def first_domain(text: str | None) -> str | None:
    """The e-mail domain of a list entry; ``a.org+b.org`` (concurrent affiliations) gives the
    first."""
    return email_domain(text.split("+", 1)[0]) if text else None


def paper_list(values: list[str]) -> tuple[str, ...]:
    """Distinct affiliation strings of a paper-level list, footnote markers removed, strings
    that name no org dropped ("Independent Researcher", "Unknown", PDF watermark text)."""
    seen: dict[str, None] = {}
    for value in values:
        text = _MARKER.sub("", value).strip()
        if text and not _NOT_AN_ORG.search(text):
            seen.setdefault(text, None)
    return tuple(seen)


_NOT_AN_ORG = re.compile(
    r"^(none|n/?a|unknown|independent( researcher)?|not provided.*|unaffiliated)$|open access version",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class Layout:
    """Where each entry of a per-author list goes: ``slots[i]`` is the list index of author
    ``i`` (None: no entry); ``methods[i]`` how it was placed; ``reason`` why a list could not
    be placed at all (None when it could)."""

    slots: tuple[int | None, ...]
    methods: tuple[str | None, ...]
    reason: str | None = None

    def left_over(self, values: list[str]) -> tuple[str | None, int]:
        """Why some non-empty entries of a placed list go to no author (None when all are
        taken), and how many."""
        if self.reason is not None:
            return None, 0
        taken = set(self.slots)
        n = sum(1 for j, v in enumerate(values) if v.strip() and j not in taken)
        return (f"{n} of {len(values)} entries placed on no author" if n else None), n

    def place(self, values: list[str]) -> list[str]:
        if self.reason is not None or not values:
            return [""] * len(self.slots)
        return [values[j] if j is not None and j < len(values) else "" for j in self.slots]


def align(
    n: int,
    ids: list[str],
    profiles: list[str],
    m: int,
    known: profile_order.Signatures | None = None,
    entries: list[str] | None = None,
) -> Layout:
    """How a per-author list of ``m`` entries aligns with ``n`` authors.

    With an ``or_profile`` list: each author id matched to a profile exactly (exact), else by
    id stem, trailing digits dropped (aligned). Otherwise OpenReview lists follow profile
    order and skip authors without a profile: a list with one entry per ``~`` id is ordered
    by the venue-year's evidence when ``known`` and its ``entries`` are given
    (:func:`talentradar.sources.profile_order.layout`), else read in author order. Any other
    list as long as the author list is one to one (exact). Anything else cannot be aligned
    safely (the reason is kept and counted in ``stats``)."""
    if profiles and len(profiles) == m and profiles != ids:
        return _by_profile(n, ids, profiles)
    profiled = [i for i, v in enumerate(ids) if v.startswith("~")]
    if known is not None and entries is not None and not profiles and m and m == len(profiled):
        slots, methods = profile_order.layout(ids, entries, known)
        if m < n:  # e-mail authors skipped: no entry is one to one
            methods = ["aligned" if method else None for method in methods]
        return Layout(tuple(slots), tuple(methods))
    if m == n or m == 0:
        return Layout(tuple(range(n)), ("exact",) * n)
    if profiles and len(profiles) == m:
        return _by_profile(n, ids, profiles)
    if profiled and m == len(profiled):
        by_rank: list[int | None] = [None] * n
        for j, i in enumerate(profiled):
            by_rank[i] = j
        return Layout(tuple(by_rank), tuple("aligned" if s is not None else None for s in by_rank))
    reason = (
        f"{m} entries for {n} authors and {len(profiled)} profiles"
        if ids
        else f"{m} entries for {n} authors, no author ids"
    )
    return Layout((None,) * n, (None,) * n, reason)


def _by_profile(n: int, ids: list[str], profiles: list[str]) -> Layout:
    slots: list[int | None] = [None] * n
    methods: list[str | None] = [None] * n
    free = dict.fromkeys(range(len(profiles)))
    for i, ident in enumerate(ids):
        if ident and ident in profiles and profiles.index(ident) in free:
            slots[i], methods[i] = profiles.index(ident), "exact"
            free.pop(profiles.index(ident))
    for i, ident in enumerate(ids):
        if slots[i] is None and ident.startswith("~"):
            stem = _stem(ident)
            hits = [j for j in free if _stem(profiles[j]) == stem]
            if len(hits) == 1:
                slots[i], methods[i] = hits[0], "aligned"
                free.pop(hits[0])
    return Layout(tuple(slots), tuple(methods))


def _stem(ident: str) -> str:
    return re.sub(r"\d+$", "", ident.split("#", 1)[0])


def _person_id(ids: list[str], i: int) -> str | None:
    if not ids or not ids[i] or "@" in ids[i]:
        return None
    return ids[i]


def _id_domain(ids: list[str], i: int) -> str | None:
    """The domain of an e-mail author id (``@cs.example.edu`` or ``@example.edu#3``)."""
    return email_domain(ids[i].split("#", 1)[0]) if ids and "@" in ids[i] else None


def _normalised_affiliations(
    p: dict[str, Any], n: int
) -> tuple[list[str | None], list[str | None]]:
    """The source's own normalised org names and countries per author (older files)."""
    names = split_list(p.get("aff_unique_norm"))
    index = split_list(p.get("aff_unique_index"))
    countries = split_list(p.get("aff_country_unique"))
    cindex = split_list(p.get("aff_country_unique_index"))
    if len(index) != n:
        return [None] * n, [None] * n
    return _pick(names, index), _pick(countries, cindex if len(cindex) == n else index)


def _pick(values: list[str], index: list[str]) -> list[str | None]:
    out: list[str | None] = []
    for entry in index:
        picked = []
        for part in entry.split("+"):
            if part.strip().isdigit() and int(part) < len(values) and values[int(part)]:
                picked.append(values[int(part)])
        out.append(" + ".join(picked) or None)
    return out
