"""The records TalentRadar works with: frozen, keyword-built, no I/O."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Literal

Decision = Literal["accepted", "rejected", "withdrawn", "workshop"]
Presentation = Literal["oral", "spotlight", "poster", "unknown"]
Sector = Literal["academia", "industry", "government", "nonprofit"]
SECTORS: tuple[Sector, ...] = ("academia", "industry", "government", "nonprofit")
Tier = Literal["all", "top", "elite"]


@dataclass(frozen=True, kw_only=True)
class SourceFile:
    """One input file of one source: a local path or a URL."""

    source: str
    location: str
    venue: str
    year: int


@dataclass(frozen=True, kw_only=True)
class Record:
    """One raw row from a source, unchanged, with provenance."""

    record_id: str
    source: str
    source_key: str
    location: str
    venue: str
    year: int
    payload: dict[str, Any]
    checksum: str


@dataclass(frozen=True, kw_only=True)
class Quarantined:
    """A record that could not be accepted, and why."""

    source: str
    location: str
    source_key: str
    field: str
    reason: str
    payload: str


@dataclass(frozen=True, kw_only=True)
class AuthorDraft:
    """One author position as a source states it, before normalisation."""

    name: str
    given: str | None = None
    family: str | None = None
    affiliation: str | None = None
    email_domain: str | None = None
    source_person_id: str | None = None
    career_position: str | None = None
    affiliation_norm: str | None = None
    """The source's own normalised org name(s), ``" + "``-joined (older paperlists files)."""
    country_hint: str | None = None
    """The source's own country name(s) for the affiliation, ``" + "``-joined."""
    placement: str | None = None
    """How the affiliation (or e-mail domain) was placed on this author: ``exact`` (a
    per-author list as long as the author list, or matched by OpenReview id) or ``aligned``
    (a profile-order list aligned by id order or id stem; an e-mail id giving its domain)."""


@dataclass(frozen=True, kw_only=True)
class PaperDraft:
    """A paper as one record states it."""

    record_id: str
    source: str
    venue: str
    year: int
    title: str
    status: str | None = None
    track: str | None = None
    keywords: tuple[str, ...] = ()
    abstract: str | None = None
    citations: int | None = None
    authors: tuple[AuthorDraft, ...] = field(default_factory=tuple)
    enriches: bool = False
    """True for sources that only add author affiliations to papers of another source."""
    paper_affiliations: tuple[str, ...] = ()
    """A paper-level list of distinct affiliation strings (not one per author): CVPR, ICCV and
    ECCV lists, and OpenReview lists that cannot be aligned with the authors."""
    join_key: str | None = None
    """The source's paper id that an enrichment record joins on (the OpenReview forum id)."""
    unaligned: str | None = None
    """Why a per-author list could not be aligned with the authors (counted in ``stats``)."""
    unaligned_entries: int = 0
    """How many non-empty entries that list has (authors the source gives an affiliation)."""


@dataclass(frozen=True, kw_only=True)
class Org:
    """A canonical institution."""

    org_id: str
    name: str
    sector: Sector
    country: str | None
    hq_country: str | None = None
    parent_id: str | None = None
    source: str = ""
