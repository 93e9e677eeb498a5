"""NeurIPS 2022 schedule scrape: per paper, authors with their affiliation.

Origin: dongkwan-kim/neurips2022_analysis, ``data/``. Titles and author names
come from ``neurips_2022_title_and_authors.tsv``; affiliations in original case
from ``pp_authors_name_affiliation.json`` (same order, "Name (Affiliation)").
These records enrich the paperlists paper with the same normalised title.
"""

from __future__ import annotations

import json
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
    read_text,
    stable_id,
)

NAME = "neurips_schedule"
CANONICAL_URL = "https://raw.githubusercontent.com/dongkwan-kim/neurips2022_analysis/main/data"
TITLES = "neurips_2022_title_and_authors.tsv"
AFFILIATIONS = "pp_authors_name_affiliation.json"
_MISSING = {"", "none", "null", "n/a"}


def discover(root: str) -> list[str]:
    """The scrape is one folder of two files."""
    if not is_url(root) and not Path(root, TITLES).exists():
        raise SourceError(
            root, f"NeurIPS 2022 schedule folder must hold {TITLES} and {AFFILIATIONS}"
        )
    return [root]


def file_for(location: str) -> SourceFile:
    return SourceFile(source=NAME, location=location, venue="neurips", year=2022)


def read(file: SourceFile) -> bytes:
    """Both files of the scrape as one JSON document (titles + affiliations)."""
    titles = read_text(
        join_location(file.location, TITLES), read_bytes(join_location(file.location, TITLES))
    )
    affs_at = join_location(file.location, AFFILIATIONS)
    affs = read_json(affs_at, read_bytes(affs_at))
    return json.dumps({"titles": titles, "affiliations": affs}).encode("utf-8")


def parse(file: SourceFile, data: bytes) -> Iterator[Record | Quarantined]:
    doc = json.loads(data)
    lines = [line for line in doc["titles"].split("\n") if line.strip()]
    affs = doc["affiliations"]
    if not isinstance(affs, list) or len(affs) != len(lines):
        raise SourceError(
            file.location,
            f"{AFFILIATIONS} must list one entry per line of {TITLES} "
            f"({len(lines)} lines, {len(affs) if isinstance(affs, list) else 'no'} entries)",
        )
    for index, (line, entry) in enumerate(zip(lines, affs, strict=True)):
        cells = line.rstrip("\r").split("\t")
        key = f"neurips/2022/{index}"
        problem = _check(cells, entry)
        if problem:
            yield Quarantined(
                source=NAME,
                location=file.location,
                source_key=key,
                field=problem[0],
                reason=problem[1],
                payload=line[:2000],
            )
            continue
        payload = {"title": cells[0], "authors": cells[1:], "author_affiliations": entry}
        yield Record(
            record_id=stable_id(NAME, key),
            source=NAME,
            source_key=key,
            location=file.location,
            venue="neurips",
            year=2022,
            payload=payload,
            checksum=checksum(payload),
        )


def _check(cells: list[str], entry: Any) -> tuple[str, str] | None:
    if not cells[0].strip():
        return "title", "missing title"
    if not isinstance(entry, list) or not all(isinstance(x, str) for x in entry):
        return "author_affiliations", "expected a list of 'Name (Affiliation)' strings"
    if len(entry) != len(cells) - 1:
        return "author_affiliations", f"{len(entry)} entries for {len(cells) - 1} authors"
    return None


def to_paper(record: Record) -> PaperDraft:
    p = record.payload
    authors = tuple(
        AuthorDraft(name=name.strip(), affiliation=_affiliation(name, entry))
        for name, entry in zip(p["authors"], p["author_affiliations"], strict=True)
    )
    return PaperDraft(
        record_id=record.record_id,
        source=NAME,
        venue="neurips",
        year=2022,
        title=p["title"].strip(),
        status="Accepted",
        authors=authors,
        enriches=True,
    )


def _affiliation(name: str, entry: str) -> str | None:
    """The affiliation in "Name (Affiliation)"; None for "(None)"."""
    text = entry[len(name) :] if entry.startswith(name) else entry[entry.find(" (") :]
    text = text.strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip()
    return None if text.lower() in _MISSING else text
