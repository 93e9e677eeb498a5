"""Drill-down: the persons behind one bar, map region, Sankey link or heat-map cell."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from talentradar.analytics.cohorts import TIERS, Selection
from talentradar.analytics.drill import cohort_people, flow_people
from talentradar.analytics.flows import FLOW_TIERS, LEVELS
from talentradar.analytics.tracker import DIMENSIONS, RULES
from talentradar.api.deps import Format, Reader, Store, Year, check_years, pattern, respond

router = APIRouter(tags=["drill-down"], dependencies=[Reader])


@router.get("/tracker/people")
def api_tracker_people(
    store: Store,
    venue: Annotated[list[str], Query(min_length=1, max_length=30, description="venue id(s)")],
    key: Annotated[str, Query(min_length=1, max_length=200, description="a row key, e.g. US")],
    year: Annotated[list[int], Query(max_length=60)] = [],  # noqa: B006
    tier: Annotated[str, Query(pattern=pattern(TIERS))] = "top",
    by: Annotated[str, Query(pattern=pattern(DIMENSIONS))] = "country",
    rule: Annotated[str, Query(pattern=pattern(RULES))] = "hq",
    track: Annotated[list[str], Query(max_length=10)] = [],  # noqa: B006
    format: Format = "json",
) -> Response:
    """The persons behind one tracker share (one key, e.g. country US), with a paper and the
    affiliation as written that placed each there."""
    selection = Selection.of(venue, check_years(year), tier, track)
    result = cohort_people(store, selection, by, rule, key)
    return respond(result, result["persons"], format)


@router.get("/flows/people")
def api_flow_people(
    request: Request,
    store: Store,
    from_key: Annotated[str, Query(min_length=1, max_length=200)],
    to_key: Annotated[str, Query(min_length=1, max_length=200)],
    by: Annotated[str, Query(pattern=pattern(LEVELS))] = "country",
    start: Annotated[Year, Query(alias="from")] = None,
    end: Annotated[Year, Query(alias="to")] = None,
    tier: Annotated[str, Query(pattern=pattern(FLOW_TIERS))] = "all",
    format: Format = "json",
) -> Response:
    """The moves behind one (from, to) flow: who moved, when, between which orgs."""
    top = request.app.state.settings.top_venues
    result = flow_people(store, by, from_key, to_key, start, end, tier, top)
    return respond(result, result["moves"], format)
