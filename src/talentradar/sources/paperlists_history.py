"""Older versions of paperlists files that still carry a field the current file dropped.

Origin: papercopilot/paperlists at an older commit (``eccv/eccv2022.json`` at b0f6f311 keeps
ECCV 2022's paper-level affiliation list). Read like paperlists; each record enriches the
current paperlists paper with the same normalised title, adding its paper-level list.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

from talentradar.model import PaperDraft, Quarantined, Record, SourceFile
from talentradar.sources import paperlists
from talentradar.sources.fetch import is_url, join_location, read_bytes, stable_id

NAME = "paperlists_history"
CANONICAL_URL = "https://raw.githubusercontent.com/papercopilot/paperlists/b0f6f311"
URL_FILES = ("eccv/eccv2022.json",)


def discover(root: str) -> list[str]:
    if is_url(root):
        return [join_location(root, name) for name in URL_FILES]
    base = Path(root)
    if not base.is_dir():
        return []  # an enrichment source is optional: without its folder nothing joins
    return [str(p) for p in sorted(base.glob("*/*.json*"))]


def file_for(location: str) -> SourceFile:
    return replace(paperlists.file_for(location), source=NAME)


def read(file: SourceFile) -> bytes:
    return read_bytes(file.location)


def parse(file: SourceFile, data: bytes) -> Iterator[Record | Quarantined]:
    for item in paperlists.parse(file, data):
        if isinstance(item, Record):
            yield replace(item, source=NAME, record_id=stable_id(NAME, item.source_key))
        else:
            yield replace(item, source=NAME)


def to_paper(record: Record) -> PaperDraft:
    draft = paperlists.to_paper(record)
    return replace(draft, source=NAME, enriches=True, authors=(), join_key=None)
