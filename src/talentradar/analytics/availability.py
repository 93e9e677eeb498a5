"""Which venue-years the radar holds: to say so when a question names one it does not."""

from __future__ import annotations

from talentradar.analytics.cohorts import Selection
from talentradar.store import Store
from talentradar.venues import get_venue


def venue_years(store: Store) -> dict[str, list[int]]:
    """Years with accepted papers, per venue id."""
    years: dict[str, list[int]] = {}
    for r in store.query(
        "SELECT DISTINCT venue, year FROM papers WHERE decision = 'accepted' ORDER BY 1, 2"
    ):
        years.setdefault(r["venue"], []).append(r["year"])
    return years


def missing(selection: Selection, available: dict[str, list[int]]) -> list[str]:
    """One sentence per venue (or venue-year) of ``selection`` the radar does not hold."""
    problems = []
    for venue in selection.venues:
        years = available.get(venue, [])
        name = get_venue(venue).name
        loaded = ", ".join(map(str, years)) or "none"
        absent = [y for y in selection.years if y not in years]
        if not years:
            problems.append(f"no {name} papers are loaded")
        elif absent:
            shown = ", ".join(map(str, absent))
            problems.append(f"no {name} {shown} papers are loaded (years loaded: {loaded})")
    return problems


def covered_years(store: Store, venue: str, minimum: float = 0.6) -> list[int]:
    """The years of ``venue`` in which at least ``minimum`` of the accepted authors have a
    resolved org (the years whose shares can be read without a warning)."""
    from talentradar.analytics.tracker import cohorts

    return [
        c["year"]
        for c in cohorts(store, Selection.of([venue]))
        if c["persons"] and c["persons_resolved"] / c["persons"] >= minimum
    ]
