"""OpenReview author profiles per conference-year: ids, affiliations, e-mail domains.

Origin: jingyangcarl/openreview, ``authors/<conf>/<file>``. One record per paper:
``id`` (the OpenReview forum id), ``author``, ``authorids``, ``or_profile``, ``aff``,
``aff_domain`` (``;``-separated). ``aff``/``aff_domain`` follow ``or_profile`` order, not
author order: each author id is matched to a profile exactly (``exact``), else by id stem,
trailing digits dropped (``aligned``; aliases are appended at the end). Authors without a
profile carry ``@domain#k`` tokens and take that domain. ``+`` joins concurrent
affiliations of one author.

A file ``<conf><year>_<suffix>.json.gz`` beside ``<conf><year>.json.gz`` is read together
with it. ``_venue`` is the paper-level venue file (NeurIPS 2023): its ``aff`` is a paper-level
list of distinct strings, kept as the paper's list, never placed on an author. Any other
suffix is an older version of the file: its lists follow the newer file's profile order and
fill the entries the newer one leaves empty (ICLR 2023). A record without ``or_profile`` is
in profile order too; the records with it say which entry each id takes that year, and
:mod:`talentradar.sources.profile_order` orders it from that. These records enrich the
paperlists paper with the same OpenReview id, else the same title, else the same author names.
"""

from __future__ import annotations

import json
import re
from collections import Counter
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from talentradar.errors import SourceError, UnknownValueError
from talentradar.model import AuthorDraft, PaperDraft, Quarantined, Record, SourceFile
from talentradar.normalise import email_domain, split_list
from talentradar.sources import profile_order
from talentradar.sources.fetch import (
    checksum,
    is_url,
    join_location,
    read_bytes,
    read_json,
    stable_id,
)
from talentradar.sources.paperlists import Layout, align, first_domain, paper_list
from talentradar.sources.profile_order import Signatures, entry_key
from talentradar.sources.scrub import scrub
from talentradar.venues import get_venue

NAME = "openreview_authors"
CANONICAL_URL = "https://raw.githubusercontent.com/jingyangcarl/openreview/main/authors"
_FILE = re.compile(r"^(?P<folder>[a-z]+?)(?P<year>(19|20)\d\d)(?P<suffix>_[^/]+?)?\.json(\.gz)?$")
# Known files under the canonical URL (main file, older companions): a URL cannot be listed.
CATALOGUE = {
    "nips/nips2023.json": ("nips/nips2023_venue.json",),
    "nips/nips2024.json": (),
    "icml/icml2025.json": (),
    "iclr/iclr2023.json": ("iclr/iclr2023_2025-04-30.json",),
}
_FIELDS = ("id", "author", "authorids", "or_profile", "aff", "aff_domain")
_DROP = ("gender", "homepage", "dblp", "google_scholar", "orcid", "linkedin", "email")


def discover(root: str) -> list[str]:
    """The main file of each conference-year (companions are read with it)."""
    if is_url(root):
        return [join_location(root, name) for name in CATALOGUE]
    base = Path(root)
    if not base.is_dir():
        return []  # an enrichment source is optional: without its folder nothing joins
    found = []
    for path in sorted(base.glob("*.json*")):
        match = _FILE.match(path.name)
        if match and not match["suffix"]:
            found.append(str(path))
    return found


def file_for(location: str) -> SourceFile:
    name = location.replace("\\", "/").rsplit("/", 1)[-1]
    match = _FILE.match(name)
    if not match or match["suffix"]:
        raise SourceError(
            location, "file name must look like <conf><year>.json[.gz], e.g. nips2023.json.gz"
        )
    try:
        venue = get_venue(match["folder"])
    except UnknownValueError as exc:
        raise SourceError(location, str(exc)) from None
    return SourceFile(source=NAME, location=location, venue=venue.venue_id, year=int(match["year"]))


def companions(location: str) -> list[str]:
    """Older versions of a main file, beside it (or listed in the catalogue for a URL)."""
    if is_url(location):
        for main, older in CATALOGUE.items():
            if location.endswith(main):
                return [location[: -len(main)] + o for o in older]
        return []
    path = Path(location)
    stem = path.name.split(".json", 1)[0]
    return [str(p) for p in sorted(path.parent.glob(f"{stem}_*.json*"))]


VENUE_SUFFIX = "_venue"


def read(file: SourceFile) -> bytes:
    """The main file and its companions as one JSON document."""
    main = read_json(file.location, read_bytes(file.location))
    older: list[Any] = []
    venue: list[Any] = []
    for location in companions(file.location):
        rows = read_json(location, read_bytes(location))
        name = location.replace("\\", "/").rsplit("/", 1)[-1]
        (venue if VENUE_SUFFIX + "." in name else older).append(rows)
    return json.dumps({"records": main, "older": older, "venue": venue}).encode("utf-8")


def parse(file: SourceFile, data: bytes) -> Iterator[Record | Quarantined]:
    doc = json.loads(data)
    rows = doc.get("records") if isinstance(doc, dict) else doc
    if not isinstance(rows, list):
        raise SourceError(file.location, "expected a JSON list of paper records")
    older = _older_by_id(doc.get("older", []) if isinstance(doc, dict) else [])
    venue = _older_by_id(doc.get("venue", []) if isinstance(doc, dict) else [])
    seen: set[str] = set()
    for index, row in enumerate(rows):
        key = f"{file.venue}/{file.year}/{row.get('id') if isinstance(row, dict) else index}"
        key = key if key not in seen else f"{key}#{index}"
        seen.add(key)
        problem = _check(row)
        if problem:
            yield Quarantined(
                source=NAME,
                location=file.location,
                source_key=key,
                field=problem[0],
                reason=problem[1],
                payload=repr(scrub(row))[:2000],
            )
            continue
        payload = scrub({k: v for k, v in row.items() if k not in _DROP})
        old = older.get(row.get("id") or "")
        if old:
            payload["older_aff"] = scrub(old.get("aff") or "")
            payload["older_aff_domain"] = scrub(old.get("aff_domain") or "")
        listed = venue.get(row.get("id") or "")
        if listed and isinstance(listed.get("aff"), str):
            payload["paper_aff"] = scrub(listed["aff"])
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


def _older_by_id(files: list[Any]) -> dict[str, dict[str, Any]]:
    out: dict[str, dict[str, Any]] = {}
    for rows in files:
        for row in rows if isinstance(rows, list) else []:
            if isinstance(row, dict) and isinstance(row.get("id"), str):
                out.setdefault(row["id"], row)
    return out


def _check(row: Any) -> tuple[str, str] | None:
    if not isinstance(row, dict):
        return "(record)", f"expected a JSON object, got {type(row).__name__}"
    for name in _FIELDS:
        value = row.get(name)
        if value is not None and not isinstance(value, str):
            return name, f"expected a ;-separated string or null, got {type(value).__name__}"
    if not (row.get("author") or "").strip():
        return "author", "missing or empty author list"
    names = split_list(row["author"])
    ids = split_list(row.get("authorids"))
    if ids and len(ids) != len(names):
        return "authorids", f"{len(ids)} ids for {len(names)} authors (must be one per author)"
    return None


def signature_pairs(record: Record) -> list[tuple[str, str]]:
    """(OpenReview id, entry key) of a record whose ``or_profile`` says whose each entry is
    (:mod:`talentradar.sources.profile_order`); none for a record without it."""
    p = record.payload
    names, profiles = split_list(p["author"]), split_list(p.get("or_profile"))
    if not any(profiles):
        return []
    ids = split_list(p.get("authorids")) or [""] * len(names)
    affs = _entries(p.get("aff"), p.get("older_aff"), len(profiles))
    placed = align(len(names), ids, profiles, len(affs)).place(affs)
    return [(i, entry_key(a)) for i, a in zip(ids, placed, strict=True) if i.startswith("~") and a]


def to_paper(record: Record, known: Signatures | None = None) -> PaperDraft:
    """One record as a paper; ``known``: the venue-year's signatures, which order a list
    without ``or_profile`` (else it is placed only when all its entries agree)."""
    p = record.payload
    names = split_list(p["author"])
    ids = split_list(p.get("authorids")) or [""] * len(names)
    profiles = split_list(p.get("or_profile"))
    if any(profiles):
        affs = _entries(p.get("aff"), p.get("older_aff"), len(profiles))
        domains = _entries(p.get("aff_domain"), p.get("older_aff_domain"), len(profiles))
        layout = align(len(names), ids, profiles, len(affs))
    else:
        affs = split_list(p.get("older_aff") or p.get("aff"))
        domains = split_list(p.get("older_aff_domain") or p.get("aff_domain"))
        ordered = _ordered(ids, affs, known) if known is not None else None
        layout = ordered or _unordered(len(names), affs)
    placed_affs, placed_domains = layout.place(affs), layout.place(domains)
    authors = []
    for i, name in enumerate(names):
        token = ids[i] if ids[i].startswith("@") else ""
        domain = first_domain(placed_domains[i]) or email_domain(token.split("#", 1)[0])
        aff = placed_affs[i] or None
        method = layout.methods[i] if (aff or placed_domains[i]) else None
        authors.append(
            AuthorDraft(
                name=name,
                affiliation=aff,
                email_domain=domain,
                source_person_id=ids[i] if ids[i].startswith("~") else None,
                placement=(method or "aligned") if (aff or domain) else None,
            )
        )
    # entries the signatures could give to no author
    why, left = (None, 0) if any(profiles) else layout.left_over(affs)
    unplaced = layout.reason or why
    return PaperDraft(
        record_id=record.record_id,
        source=NAME,
        venue=record.venue,
        year=record.year,
        title=p.get("title") or "",
        status=None,  # profiles of submissions: only a joined paper says it was accepted
        authors=tuple(authors),
        enriches=True,
        join_key=p.get("id") or None,
        unaligned=unplaced,
        unaligned_entries=sum(1 for a in affs if a.strip()) if layout.reason else left,
        paper_affiliations=paper_list(split_list(p.get("paper_aff")))
        or (paper_list(affs) if unplaced else ()),
    )


def _ordered(ids: list[str], affs: list[str], known: Signatures) -> Layout | None:
    """Entries in profile order without ``or_profile``, one per author (e-mail authors keep
    their place), ordered by the venue-year's signatures; None for any other list."""
    if len(affs) != len(ids) or not any(i.startswith("~") for i in ids):
        return None
    slots, methods = profile_order.layout(ids, affs, known, own=Counter())
    return Layout(tuple(slots), tuple("aligned" if m else None for m in methods))


def _unordered(n: int, affs: list[str]) -> Layout:
    """Entries in an unknown profile order (no ``or_profile``): they can be placed only when
    every author has one and all say the same; otherwise the list is the paper's, not placed."""
    values = {a.strip() for a in affs}
    if len(affs) == n and len(values) == 1 and "" not in values:
        return Layout(tuple(range(n)), ("aligned",) * n)
    return Layout((None,) * n, (None,) * n, f"{len(affs)} entries in an unknown profile order")


def _entries(newer: str | None, older: str | None, n: int) -> list[str]:
    """Profile-order entries: the newer file's, empty ones filled from the older file's list
    when that has one entry per profile."""
    values = split_list(newer) or [""] * n
    old = split_list(older) or [""] * n
    if len(values) != n or len(old) != n:
        return values
    return [v or o for v, o in zip(values, old, strict=True)]
