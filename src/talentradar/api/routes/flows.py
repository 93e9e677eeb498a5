"""Talent flows between countries, sectors and orgs; the lab poaching matrix."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response

from talentradar.analytics.flows import DEFAULT_LABS, FLOW_TIERS, LEVELS, flows, poaching, sankey
from talentradar.api.deps import Format, Paging, Reader, Store, Year, paged, pattern, respond
from talentradar.facts.careers import STAGES

router = APIRouter(tags=["flows"], dependencies=[Reader])


class FlowQuery:
    """The filters shared by the flow endpoints."""

    def __init__(
        self,
        request: Request,
        by: Annotated[str, Query(pattern=pattern(LEVELS))] = "country",
        start: Annotated[Year, Query(alias="from", description="first year of arrival")] = None,
        end: Annotated[Year, Query(alias="to", description="last year of arrival")] = None,
        tier: Annotated[str, Query(pattern=pattern(FLOW_TIERS))] = "all",
        min_confidence: Annotated[float, Query(ge=0, le=1)] = 0.0,
        from_org: Annotated[str | None, Query(max_length=200)] = None,
        from_stage: Annotated[str | None, Query(pattern=pattern(STAGES))] = None,
        topic: Annotated[str | None, Query(min_length=2, max_length=300)] = None,
    ) -> None:
        self.top_venues = request.app.state.settings.top_venues
        self.args: dict[str, Any] = {
            "by": by,
            "start": start,
            "end": end,
            "tier": tier,
            "min_confidence": min_confidence,
            "from_org": from_org,
            "from_stage": from_stage,
            "topic": topic,
        }

    def run(self, store: Store) -> dict[str, Any]:
        return flows(store, top_venues=self.top_venues, **self.args)


Flows = Annotated[FlowQuery, Depends()]


@router.get("/flows")
def api_flows(store: Store, query: Flows, page: Paging, format: Format = "json") -> Response:
    """Moves aggregated by (from, to) at one level (cells, paged) with net flows per node."""
    return paged(query.run(store), "cells", page, format)


@router.get("/flows/sankey")
def api_sankey(
    store: Store, query: Flows, links: Annotated[int, Query(ge=1, le=200)] = 40
) -> dict[str, Any]:
    """Nodes and links of the largest flows, for a Sankey diagram."""
    return sankey(query.run(store), links)


@router.get("/poaching")
def api_poaching(
    store: Store,
    lab: Annotated[
        list[str] | None,
        Query(max_length=40, description="parent org ids (default: the major labs)"),
    ] = None,
    start: Annotated[Year, Query(alias="from")] = 2018,
    end: Annotated[Year, Query(alias="to")] = 2025,
    topic: Annotated[str | None, Query(min_length=2, max_length=300)] = None,
    format: Format = "json",
) -> Response:
    """Lab × lab moves among parent orgs: counts, net balance and the persons of each cell;
    `topic` keeps the moves of that topic's pool."""
    result = poaching(store, tuple(lab or DEFAULT_LABS), start, end, topic=topic)
    return respond(result, result["cells"], format)
