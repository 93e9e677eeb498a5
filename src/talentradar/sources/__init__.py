"""Source connectors: one module per source.

A connector finds its files (``discover``), reads what a file is from its
location (``file_for``: venue, year; SourceError when it cannot tell), turns the bytes of one file into
raw records or quarantine entries (``parse``, pure) and reads one record as a
paper (``to_paper``, pure). ``read`` fetches the bytes (a path or
the canonical URL, via :mod:`talentradar.sources.fetch`). Connectors never
write to the store.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from types import ModuleType
from typing import TYPE_CHECKING, Protocol

from talentradar.model import PaperDraft, Quarantined, Record, SourceFile

if TYPE_CHECKING:
    from talentradar.sources.profile_order import Signatures


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
        dblp,
        neurips_proceedings,
        neurips_schedule,
        neurips_speakers,
        openalex,
        openreview_authors,
        paperlists,
        paperlists_history,
    )

    mods = (
        paperlists,
        openalex,
        dblp,
        neurips_proceedings,
        neurips_schedule,
        neurips_speakers,
        openreview_authors,
        paperlists_history,
    )
    return {m.NAME: m for m in mods}


def signatures(records: Iterable[Record]) -> Signatures:
    """What each OpenReview id's entry is on one venue-year's records, from every source
    that says (:mod:`talentradar.sources.profile_order`)."""
    from talentradar.sources import openreview_authors, paperlists
    from talentradar.sources.profile_order import Signatures

    readers = {m.NAME: m.signature_pairs for m in (paperlists, openreview_authors)}
    known = Signatures()
    for record in records:
        if record.source in readers:
            known.add_pairs(readers[record.source](record))
    return known


def to_paper(record: Record, known: Signatures | None = None) -> PaperDraft:
    """A paper record read by the connector of its source; ``known``: its venue-year's
    signatures (:func:`signatures`), which order OpenReview profile-order lists."""
    from talentradar.sources import openreview_authors, paperlists

    if record.source in (paperlists.NAME, openreview_authors.NAME):
        return connectors()[record.source].to_paper(record, known)
    return connectors()[record.source].to_paper(record)
