"""The venue catalogue and how each venue's statuses are read.

Status classification is a documented, changeable rule (docs/methodology.md):
accepted = any status except reject, withdraw, desk reject; workshop-track
papers are kept apart; "elite" = oral or an oral-equivalent label.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from talentradar.errors import UnknownValueError
from talentradar.model import Decision, Presentation


@dataclass(frozen=True)
class Venue:
    venue_id: str
    name: str
    folder: str
    """Folder / file prefix used by the paperlists source."""


VENUES: tuple[Venue, ...] = (
    Venue("neurips", "NeurIPS", "nips"),
    Venue("icml", "ICML", "icml"),
    Venue("iclr", "ICLR", "iclr"),
    Venue("cvpr", "CVPR", "cvpr"),
    Venue("iccv", "ICCV", "iccv"),
    Venue("eccv", "ECCV", "eccv"),
    Venue("wacv", "WACV", "wacv"),
    Venue("3dv", "3DV", "3dv"),
    Venue("aaai", "AAAI", "aaai"),
    Venue("ijcai", "IJCAI", "ijcai"),
    Venue("acl", "ACL", "acl"),
    Venue("emnlp", "EMNLP", "emnlp"),
    Venue("naacl", "NAACL", "naacl"),
    Venue("coling", "COLING", "coling"),
    Venue("colm", "COLM", "colm"),
    Venue("kdd", "KDD", "kdd"),
    Venue("www", "WWW", "www"),
    Venue("acmmm", "ACM MM", "acmmm"),
    Venue("aistats", "AISTATS", "aistats"),
    Venue("uai", "UAI", "uai"),
    Venue("colt", "COLT", "colt"),
    Venue("alt", "ALT", "alt"),
    Venue("acml", "ACML", "acml"),
    Venue("automl", "AutoML-Conf", "automl"),
    Venue("corl", "CoRL", "corl"),
    Venue("rss", "RSS", "rss"),
    Venue("ai4x", "AI4X", "ai4x"),
)

_BY_KEY = {v.venue_id: v for v in VENUES} | {v.folder: v for v in VENUES} | {"nips": VENUES[0]}


def venue_ids() -> list[str]:
    return [v.venue_id for v in VENUES]


@cache
def get_venue(name: str) -> Venue:
    """Look a venue up by id, folder name or display name (case-insensitive)."""
    key = name.strip().lower().replace(" ", "")
    for venue in VENUES:
        if key in (venue.venue_id, venue.folder, venue.name.lower().replace(" ", "")):
            return venue
    raise UnknownValueError("venue", name, venue_ids())


# "Accept(Oral)", "Accepted (Poster)": the label inside the parentheses says the presentation.
_ACCEPT_WRAPPER = re.compile(r"^accept(?:ed)?\s*\((.*)\)$")
_REJECTED = {"reject", "desk reject", "rejected", "desk rejected"}
_WITHDRAWN = {"withdraw", "withdrawn", "active"}
_ORAL = {"oral", "talk", "highlighted", "top-5%", "long talk", "award", "best paper"}
_SPOTLIGHT = {"spotlight", "top-25%", "highlight", "short talk"}

# Venue-years where every accepted paper carried the same label, so the label
# says nothing about selection (ICML 2018 and 2019 gave every paper a talk).
_UNINFORMATIVE_LABELS = {("icml", 2018), ("icml", 2019)}


@cache
def classify_status(venue_id: str, year: int, status: str | None) -> tuple[Decision, Presentation]:
    """Read a raw status as (decision, presentation). Pure; documented in docs/methodology.md."""
    venue = get_venue(venue_id)
    noise = {venue.venue_id, venue.folder, venue.name.lower(), "paper"}
    text = _ACCEPT_WRAPPER.sub(r"\1", (status or "").strip().lower())
    words = text.replace("(", " ").replace(")", " ").split()
    raw = " ".join(w for w in words if w not in noise and not (w.isdigit() and len(w) == 4))
    if raw in _REJECTED:
        return "rejected", "unknown"
    if raw in _WITHDRAWN:
        return "withdrawn", "unknown"
    if "workshop" in raw:
        return "workshop", "unknown"
    if (venue_id, year) in _UNINFORMATIVE_LABELS:
        return "accepted", "unknown"
    if raw in _ORAL:
        return "accepted", "oral"
    if raw in _SPOTLIGHT:
        return "accepted", "spotlight"
    if raw == "poster":
        return "accepted", "poster"
    return "accepted", "unknown"
