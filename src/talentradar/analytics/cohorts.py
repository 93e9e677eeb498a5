"""Cohorts and tiers: which mentions count for a venue-year selection (SQL builders)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from talentradar.errors import UnknownValueError
from talentradar.venues import get_venue

TIERS = ("top", "elite", "all")
DEFAULT_TRACKS = ("main",)
"""The tracker's cohort when no track is chosen: the main track (papers with no track count as
main), as MacroPolo's; ``all`` chooses every track."""


def chosen_tracks(tracks: list[str] | tuple[str, ...]) -> list[str]:
    """The tracks a tracker query means: none given → the main track; ``all`` → every track."""
    if any(t.lower() == "all" for t in tracks):
        return []
    return list(tracks or DEFAULT_TRACKS)


@dataclass(frozen=True)
class Selection:
    """Venue-years and a tier. ``top`` = accepted papers; ``elite`` = accepted orals (or equivalent);
    ``all`` = every submission including rejected ones."""

    venues: tuple[str, ...]
    years: tuple[int, ...] = ()
    tier: str = "top"
    tracks: tuple[str, ...] = ()
    """Only papers of these tracks (as the source names them, e.g. "main"); all when empty."""
    topic: str = ""
    """Only the persons of this topic's pool (``analytics.pools``); everyone when empty."""

    @classmethod
    def of(
        cls,
        venues: list[str] | tuple[str, ...],
        years: list[int] | tuple[int, ...] = (),
        tier: str = "top",
        tracks: list[str] | tuple[str, ...] = (),
        topic: str | None = None,
    ) -> Selection:
        if tier not in TIERS:
            raise UnknownValueError("tier", tier, list(TIERS))
        ids = tuple(sorted({get_venue(v).venue_id for v in venues}))
        tracks_ = tuple(sorted({t.lower() for t in tracks}))
        return cls(ids, tuple(sorted(set(years))), tier, tracks_, (topic or "").strip())

    def where(self, paper: str = "p") -> tuple[str, list[Any]]:
        """A WHERE clause over the papers table alias ``paper``, with its parameters."""
        clauses = [f"{paper}.venue IN ({', '.join('?' for _ in self.venues)})"]
        params: list[Any] = list(self.venues)
        if self.years:
            clauses.append(f"{paper}.year IN ({', '.join('?' for _ in self.years)})")
            params.extend(self.years)
        if self.tracks:
            # A paper with no track is a main-track paper (most sources have only the main track).
            clauses.append(
                f"coalesce(lower({paper}.track), 'main') IN ({', '.join('?' for _ in self.tracks)})"
            )
            params.extend(self.tracks)
        if self.tier in ("top", "elite"):
            clauses.append(f"{paper}.decision = 'accepted'")
        if self.tier == "elite":
            clauses.append(f"{paper}.presentation = 'oral'")
        return " AND ".join(clauses), params

    def describe(self) -> dict[str, Any]:
        return {
            "venues": list(self.venues),
            "years": list(self.years),
            "tier": self.tier,
            "tracks": list(self.tracks),
            **({"topic": self.topic} if self.topic else {}),
        }


def cohort_sql(selection: Selection) -> tuple[str, list[Any]]:
    """One row per (venue, year, person, mention) in the selection, suppressed persons removed."""
    where, params = selection.where("p")
    sql = f"""
        SELECT p.venue, p.year, p.paper_id, m.mention_id, m.n_authors, mp.person_id
        FROM papers p
        JOIN mentions m USING (paper_id)
        JOIN mention_person mp USING (mention_id)
        WHERE {where}
          AND mp.person_id NOT IN (SELECT person_id FROM suppressed_persons)
          {"AND mp.person_id IN (SELECT person_id FROM topic_pool)" if selection.topic else ""}
    """
    return sql, params
