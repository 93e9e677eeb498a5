"""Orgs: lists, one org's profile (people, inflow and outflow, top researchers, market)."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from talentradar.analytics.orgs import find_orgs, list_orgs, org_profile, org_talent, unresolved
from talentradar.api.deps import MAX_LIMIT, Format, Paging, Reader, Store, Year, paged, pattern
from talentradar.market import comp
from talentradar.market.layoffs import org_layoffs
from talentradar.model import SECTORS

router = APIRouter(prefix="/orgs", tags=["orgs"], dependencies=[Reader])


@router.get("")
def api_orgs(
    store: Store,
    page: Paging,
    q: Annotated[str | None, Query(max_length=200, description="id or part of the name")] = None,
    sector: Annotated[str | None, Query(pattern=pattern(SECTORS))] = None,
    country: Annotated[str | None, Query(pattern="^[A-Za-z]{2}$")] = None,
    format: Format = "json",
) -> Response:
    """Orgs with their mention counts, most mentioned first."""
    limit = min(page.offset + page.limit, 10 * MAX_LIMIT)
    rows = find_orgs(store, q, limit) if q else list_orgs(store, sector, country, limit)
    return paged({"orgs": rows}, "orgs", page, format)


@router.get("/unresolved")
def api_unresolved(
    store: Store,
    page: Paging,
    venue: Annotated[str | None, Query(max_length=40)] = None,
    year: Year = None,
    format: Format = "json",
) -> Response:
    """Affiliation strings and e-mail domains not resolved to an org, most frequent first."""
    rows = unresolved(store, venue, year, page.offset + page.limit)
    return paged({"unresolved": rows}, "unresolved", page, format)


@router.get("/{org_id}")
def api_org(
    store: Store,
    org_id: Annotated[str, Path(max_length=200)],
    since: Annotated[Year, Query(description="moves and papers from this year")] = None,
) -> dict[str, Any]:
    """One org: facts, children, mentions per venue-year, the strings resolving to it, its top
    researchers, inflow and outflow of people, layoffs and compensation benchmarks."""
    return org_view(store, org_id, since)


def org_view(store: Store, org_id: str, since: int | None = None) -> dict[str, Any]:
    """Everything about one org the API answers and the org page shows."""
    profile = org_profile(store, org_id)
    found = profile["org"]["org_id"]
    return (
        profile
        | org_talent(store, found, since)
        | {
            "layoffs": org_layoffs(store, found),
            "compensation": comp.benchmarks(store, org=found, by=("role",))["rows"],
        }
    )
