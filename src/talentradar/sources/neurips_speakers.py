"""NeurIPS 2024 accepted papers with each author's affiliation as entered on the conference
site (JSON Lines: ``title``, ``authors[{name, affiliation, no}]``, authors in paper order).

Origin: jingshi-yang/NeurIPS2024PapersViz, ``nips2024.json``. Strings keep the scraper's
escaping: HTML entities (sometimes twice, ``&amp;amp;``) and literal ``\\xNN``/``\\uNNNN``
sequences are decoded when a record is read as a paper. The records enrich the paperlists
paper with the same normalised title; ``per author, in paper order`` makes each placement
exact.
"""

from __future__ import annotations

import html
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from talentradar.errors import SourceError
from talentradar.model import AuthorDraft, PaperDraft, Quarantined, Record, SourceFile
from talentradar.sources.fetch import (
    checksum,
    is_url,
    join_location,
    read_bytes,
    read_text,
    stable_id,
)
from talentradar.sources.scrub import scrub

NAME = "neurips_speakers"
CANONICAL_URL = "https://raw.githubusercontent.com/jingshi-yang/NeurIPS2024PapersViz/6aecfed4"
_FILE = re.compile(r"neurips_(?P<year>(19|20)\d\d)_speakers\.jsonl(\.gz)?$")
URL_FILES = {"nips2024.json": 2024}
_ESCAPE = re.compile(r"\\x([0-9a-fA-F]{2})|\\u([0-9a-fA-F]{4})")


def discover(root: str) -> list[str]:
    if is_url(root):
        return [join_location(root, name) for name in URL_FILES]
    base = Path(root)
    if not base.is_dir():
        return []  # an enrichment source is optional: without its folder nothing joins
    return [str(p) for p in sorted(base.glob("neurips_*_speakers.jsonl*"))]


def file_for(location: str) -> SourceFile:
    name = location.replace("\\", "/").rsplit("/", 1)[-1]
    match = _FILE.search(name)
    if match:
        return SourceFile(source=NAME, location=location, venue="neurips", year=int(match["year"]))
    if name in URL_FILES:
        return SourceFile(source=NAME, location=location, venue="neurips", year=URL_FILES[name])
    raise SourceError(location, "file name must look like neurips_<year>_speakers.jsonl[.gz]")


def read(file: SourceFile) -> bytes:
    return read_bytes(file.location)


def parse(file: SourceFile, data: bytes) -> Iterator[Record | Quarantined]:
    text = read_text(file.location, data)
    rows = _rows(file.location, text)
    for index, row in enumerate(rows):
        key = f"neurips/{file.year}/speakers/{index}"
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
        payload = scrub(row)
        yield Record(
            record_id=stable_id(NAME, key),
            source=NAME,
            source_key=key,
            location=file.location,
            venue="neurips",
            year=file.year,
            payload=payload,
            checksum=checksum(payload),
        )


def _rows(location: str, text: str) -> list[Any]:
    """JSON Lines, or one JSON list (the upstream file)."""
    stripped = text.lstrip()
    if stripped.startswith("["):
        rows = json.loads(stripped)
        return rows if isinstance(rows, list) else []
    out: list[Any] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            out.append(json.loads(line))
        except json.JSONDecodeError as exc:
            raise SourceError(location, f"line {number}: invalid JSON ({exc.msg})") from None
    return out


def _check(row: Any) -> tuple[str, str] | None:
    if not isinstance(row, dict):
        return "(record)", f"expected a JSON object, got {type(row).__name__}"
    if not isinstance(row.get("title"), str) or not row["title"].strip():
        return "title", "missing or empty title"
    authors = row.get("authors")
    if not isinstance(authors, list) or not authors:
        return "authors", "expected a non-empty list of {name, affiliation}"
    for a in authors:
        if not isinstance(a, dict) or not isinstance(a.get("name"), str):
            return "authors", "each author must be an object with a string name"
        if a.get("affiliation") is not None and not isinstance(a["affiliation"], str):
            return "authors.affiliation", "expected a string or null"
    return None


def decode(text: str) -> str:
    """Undo the scraper's escaping: literal \\xNN/\\uNNNN sequences, then HTML entities twice."""
    text = _ESCAPE.sub(lambda m: chr(int(m[1] or m[2], 16)), text)
    for _ in range(2):
        text = html.unescape(text)
    return text.strip()


def to_paper(record: Record) -> PaperDraft:
    p = record.payload
    authors = []
    for a in p["authors"]:
        aff = decode(a.get("affiliation") or "") or None
        authors.append(
            AuthorDraft(name=decode(a["name"]), affiliation=aff, placement="exact" if aff else None)
        )
    return PaperDraft(
        record_id=record.record_id,
        source=NAME,
        venue=record.venue,
        year=record.year,
        title=decode(p["title"]),
        status="Accepted",
        authors=tuple(authors),
        enriches=True,
    )
