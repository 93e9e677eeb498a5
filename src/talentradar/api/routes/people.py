"""Persons: search, profile, timeline and the evidence behind them."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response

from talentradar.analytics.flows import timeline
from talentradar.analytics.people import find_persons, person_profile
from talentradar.api.deps import MAX_LIMIT, Format, Paging, Reader, Store, paged

router = APIRouter(prefix="/people", tags=["people"], dependencies=[Reader])
PersonId = Annotated[str, Path(max_length=200)]


@router.get("")
def api_people(
    store: Store,
    q: Annotated[str, Query(min_length=2, max_length=200)],
    page: Paging,
    format: Format = "json",
) -> Response:
    """Persons whose id, source person id or name matches `q`, most mentions first."""
    rows = find_persons(store, q, min(page.offset + page.limit, 10 * MAX_LIMIT))
    return paged({"query": q, "persons": rows}, "persons", page, format)


@router.get("/{person_id}")
def api_person(store: Store, person_id: PersonId) -> dict[str, Any]:
    """One person: facts, orgs by year and every mention (the evidence)."""
    return person_profile(store, person_id)


@router.get("/{person_id}/timeline")
def api_timeline(store: Store, person_id: PersonId) -> dict[str, Any]:
    """Spells at orgs, orgs per year and moves."""
    return timeline(store, person_id)


@router.get("/{person_id}/evidence")
def api_evidence(
    store: Store, person_id: PersonId, page: Paging, format: Format = "json"
) -> Response:
    """The mentions (paper, position, affiliation, org) that make up this person."""
    profile = person_profile(store, person_id)
    return paged(
        {"person_id": person_id, "mentions": profile["mentions"]}, "mentions", page, format
    )
