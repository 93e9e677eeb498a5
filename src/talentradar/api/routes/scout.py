"""Scout (ranked persons for a topic) and shortlists."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from talentradar import shortlists
from talentradar.analytics.scout import TIERS, ScoutQuery, scout
from talentradar.analytics.similar import similar
from talentradar.api.deps import (
    Format,
    Reader,
    Store,
    WorkspaceStore,
    Writer,
    Year,
    pattern,
    respond,
)
from talentradar.errors import NotFoundError

router = APIRouter(tags=["scout"])
ShortlistName = Annotated[str, Path(min_length=1, max_length=120)]


@router.get("/scout", dependencies=[Reader])
def api_scout(
    store: Store,
    q: Annotated[str, Query(min_length=2, max_length=300, description="a topic")],
    country: Annotated[list[str], Query(max_length=50)] = [],  # noqa: B006
    org: Annotated[list[str], Query(max_length=50)] = [],  # noqa: B006
    sector: Annotated[list[str], Query(max_length=4)] = [],  # noqa: B006
    stage: Annotated[list[str], Query(max_length=6)] = [],  # noqa: B006
    venue: Annotated[list[str], Query(max_length=30)] = [],  # noqa: B006
    tier: Annotated[str, Query(pattern=pattern(TIERS))] = "all",
    year_from: Annotated[Year, Query(alias="from")] = None,
    year_to: Annotated[Year, Query(alias="to")] = None,
    moved_since: Year = None,
    max_career_years: Annotated[int | None, Query(ge=0, le=80)] = None,
    rising: bool = False,
    min_papers: Annotated[int, Query(ge=1, le=100)] = 2,
    semantic: bool = True,
    limit: Annotated[int, Query(ge=1, le=500)] = 20,
    format: Format = "json",
) -> Response:
    """Persons ranked for a topic, each score explained with its evidence papers; filters by
    country, org, sector, career stage, venue, tier, years, moves and career length."""
    result = scout(
        store,
        ScoutQuery(
            text=q,
            countries=tuple(c.upper() for c in country),
            orgs=tuple(org),
            sectors=tuple(sector),
            stages=tuple(stage),
            venues=tuple(venue),
            tier=tier,
            year_from=year_from,
            year_to=year_to,
            moved_since=moved_since,
            max_career_years=max_career_years,
            rising=rising,
            min_papers=min_papers,
            limit=limit,
            semantic=semantic,
        ),
    )
    return respond(result, result["results"], format)


@router.get("/scout/similar/{person_id}", dependencies=[Reader])
def api_similar(
    store: Store,
    person_id: Annotated[str, Path(min_length=1, max_length=200)],
    country: Annotated[list[str], Query(max_length=50)] = [],  # noqa: B006
    sector: Annotated[list[str], Query(max_length=4)] = [],  # noqa: B006
    stage: Annotated[list[str], Query(max_length=6)] = [],  # noqa: B006
    venue: Annotated[list[str], Query(max_length=30)] = [],  # noqa: B006
    tier: Annotated[str, Query(pattern=pattern(TIERS))] = "all",
    year_from: Annotated[Year, Query(alias="from")] = None,
    rising: bool = False,
    limit: Annotated[int, Query(ge=1, le=500)] = 20,
    format: Format = "json",
) -> Response:
    """Persons whose papers are most like this person's ("more like this"), ranked and explained
    as scout's results; the same filters."""
    result = similar(
        store,
        person_id,
        ScoutQuery(
            text="similar",
            countries=tuple(c.upper() for c in country),
            sectors=tuple(sector),
            stages=tuple(stage),
            venues=tuple(venue),
            tier=tier,
            year_from=year_from,
            rising=rising,
            limit=limit,
        ),
    )
    return respond(result, result["results"], format)


class Entry(BaseModel):
    person_id: str = Field(min_length=1, max_length=200)
    stage: str = Field("sourced", pattern=pattern(shortlists.STAGES))
    note: str | None = Field(None, max_length=2000)


@router.get("/shortlists", dependencies=[Reader])
def api_shortlists(store: Store) -> dict[str, Any]:
    """Every shortlist with its number of persons."""
    return {"shortlists": shortlists.lists(store), "stages": list(shortlists.STAGES)}


@router.get("/shortlists/{name}", dependencies=[Reader])
def api_shortlist(store: Store, name: ShortlistName, format: Format = "json") -> Response:
    """A shortlist's persons with their latest org, country, hiring stage and note."""
    rows = shortlists.show(store, name)
    return respond({"shortlist": name, "entries": rows}, rows, format)


@router.post("/shortlists/{name}/entries", dependencies=[Writer], status_code=201)
def api_shortlist_add(
    store: Store, workspace: WorkspaceStore, name: ShortlistName, entry: Entry
) -> dict[str, Any]:
    """Add a person to a shortlist (created when new), or update their stage and note. Token needed."""
    now = datetime.now(UTC).replace(tzinfo=None)
    return shortlists.add(store, workspace, name, entry.person_id, now, entry.stage, entry.note)


@router.delete("/shortlists/{name}/entries/{person_id}", dependencies=[Writer])
def api_shortlist_remove(
    workspace: WorkspaceStore, name: ShortlistName, person_id: Annotated[str, Path(max_length=200)]
) -> dict[str, Any]:
    """Remove a person from a shortlist. Token needed."""
    if not shortlists.remove(workspace, name, person_id):
        raise NotFoundError(f"{person_id} is not on shortlist {name!r}")
    return {"shortlist": name, "person_id": person_id, "removed": True}
