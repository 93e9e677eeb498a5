"""Source connectors: one module per source.

A connector finds its files (``discover``), reads what a file is from its
location (``file_for``: venue, year; SourceError when it cannot tell), turns the bytes of one file into
raw records or quarantine entries (``parse``, pure) and reads one record as a
paper (``to_paper``, pure). ``read`` fetches the bytes (a path or
the canonical URL, via :mod:`talentradar.sources.fetch`). Connectors never
write to the store.
"""

from __future__ import annotations

from collections.abc import Iterator
from types import ModuleType
from typing import Protocol

from talentradar.model import PaperDraft, Quarantined, Record, SourceFile


class Connector(Protocol):
    NAME: str

    def discover(self, root: str) -> list[str]: ...

    def file_for(self, location: str) -> SourceFile: ...

    def read(self, file: SourceFile) -> bytes: ...

    def parse(self, file: SourceFile, data: bytes) -> Iterator[Record | Quarantined]: ...

    def to_paper(self, record: Record) -> PaperDraft: ...


def connectors() -> dict[str, ModuleType]:
    """Every paper-source connector, by name, in load order (enrichers last)."""
    from talentradar.sources import (
        neurips_proceedings,
        neurips_schedule,
        neurips_speakers,
        openreview_authors,
        paperlists,
        paperlists_history,
    )

    mods = (
        paperlists,
        neurips_proceedings,
        neurips_schedule,
        neurips_speakers,
        openreview_authors,
        paperlists_history,
    )
    return {m.NAME: m for m in mods}


def to_paper(record: Record) -> PaperDraft:
    """A paper record read by the connector of its source."""
    return connectors()[record.source].to_paper(record)
