"""NeurIPS proceedings metadata (2019, 2020): accepted papers with per-author institutions.

Origin: ch3njust1n/conference_metadata, ``api/neurips/neurips_<year>.json``.
These records carry no oral/spotlight flag; they enrich the paperlists paper
with the same normalised title (see :mod:`talentradar.papers`).
"""

from __future__ import annotations

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
    read_json,
    stable_id,
)

NAME = "neurips_proceedings"
CANONICAL_URL = (
    "https://raw.githubusercontent.com/ch3njust1n/conference_metadata/master/api/neurips"
)
_FILE = re.compile(r"neurips_(?P<year>(19|20)\d\d)\.json$")
KNOWN_YEARS = (2019, 2020)


def discover(root: str) -> list[str]:
    if is_url(root):
        return [join_location(root, f"neurips_{y}.json") for y in KNOWN_YEARS]
    base = Path(root)
    if not base.is_dir():
        raise SourceError(
            root, "NeurIPS proceedings folder not found (expected neurips_<year>.json)"
        )
    return [str(p) for p in sorted(base.glob("neurips_*.json"))]


def file_for(location: str) -> SourceFile:
    match = _FILE.search(location)
    if not match:
        raise SourceError(
            location, "file name must look like neurips_<year>.json, e.g. neurips_2019.json"
        )
    return SourceFile(source=NAME, location=location, venue="neurips", year=int(match["year"]))


def read(file: SourceFile) -> bytes:
    return read_bytes(file.location)


def parse(file: SourceFile, data: bytes) -> Iterator[Record | Quarantined]:
    rows = read_json(file.location, data)
    if not isinstance(rows, list):
        raise SourceError(
            file.location, f"expected a JSON list of papers, got {type(rows).__name__}"
        )
    for index, row in enumerate(rows):
        ident = row.get("hash") if isinstance(row, dict) else None
        key = f"neurips/{file.year}/{ident or index}"
        problem = _check(row)
        if problem:
            yield Quarantined(
                source=NAME,
                location=file.location,
                source_key=key,
                field=problem[0],
                reason=problem[1],
                payload=repr(row)[:2000],
            )
            continue
        yield Record(
            record_id=stable_id(NAME, key),
            source=NAME,
            source_key=key,
            location=file.location,
            venue="neurips",
            year=file.year,
            payload=row,
            checksum=checksum(row),
        )


def _check(row: Any) -> tuple[str, str] | None:
    if not isinstance(row, dict):
        return "(record)", f"expected a JSON object, got {type(row).__name__}"
    if not isinstance(row.get("title"), str) or not row["title"].strip():
        return "title", "missing or empty title"
    authors = row.get("authors")
    if not isinstance(authors, list):
        return "authors", f"expected a list of authors, got {type(authors).__name__}"
    for i, author in enumerate(authors):
        if not isinstance(author, dict):
            return f"authors[{i}]", "expected an object with given_name, family_name, institution"
        for name in ("given_name", "family_name", "institution"):
            if author.get(name) is not None and not isinstance(author[name], str):
                return (
                    f"authors[{i}].{name}",
                    f"expected a string, got {type(author[name]).__name__}",
                )
    return None


def to_paper(record: Record) -> PaperDraft:
    p = record.payload
    authors = tuple(
        AuthorDraft(
            name=" ".join(x for x in (a.get("given_name"), a.get("family_name")) if x).strip(),
            given=(a.get("given_name") or "").strip(),
            family=(a.get("family_name") or "").strip(),
            affiliation=(a.get("institution") or "").strip() or None,
        )
        for a in p["authors"]
    )
    return PaperDraft(
        record_id=record.record_id,
        source=NAME,
        venue="neurips",
        year=record.year,
        title=p["title"].strip(),
        status="Accepted",
        authors=authors,
        enriches=True,
    )
