"""Market: compensation benchmarks, offer comparison, layoffs and job postings."""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from talentradar.api.deps import Format, Reader, Store, pattern, respond
from talentradar.market import comp
from talentradar.market import layoffs as layoff_data
from talentradar.market import offers as offer_maths

router = APIRouter(prefix="/market", tags=["market"], dependencies=[Reader])
DATE = r"^\d{4}-\d{2}-\d{2}$"


@router.get("/comp")
def api_comp(
    store: Store,
    org: Annotated[str | None, Query(max_length=200)] = None,
    role: Annotated[str | None, Query(max_length=100, description="a role family")] = None,
    yoe: Annotated[
        str | None, Query(max_length=20, description="years of experience: 2-5, 10-")
    ] = None,
    location: Annotated[str | None, Query(max_length=100)] = None,
    by: Annotated[list[str], Query(max_length=5)] = ["org", "role"],  # noqa: B006
    min_rows: Annotated[int, Query(ge=1, le=1000)] = comp.MIN_ROWS,
    format: Format = "json",
) -> Response:
    """p10/p25/p50/p75/p90 of total yearly compensation with sample sizes; percentiles of
    groups with fewer than `min_rows` rows are withheld."""
    result = comp.benchmarks(store, org, role, comp.parse_yoe(yoe), location, tuple(by), min_rows)
    return respond(result, result["rows"], format)


class Comparison(BaseModel):
    offers: list[dict[str, Any]] = Field(min_length=1, max_length=50)
    currency: str = Field("USD", pattern="^[A-Za-z]{3}$")
    rates: dict[str, Annotated[float, Field(gt=0)]] | None = Field(
        None, description="USD per unit of each currency; overrides the shipped rate table"
    )


@router.post("/offers/compare")
def api_offers(store: Store, body: Comparison) -> dict[str, Any]:
    """Offers year by year and over 4 years in one currency, each against the market
    percentiles of its role, experience and country. Reads only; no token needed."""
    rates = offer_maths.default_rates() | {k.upper(): v for k, v in (body.rates or {}).items()}
    offers = offer_maths.parse_offers(body.offers, "offers")
    markets = comp.offer_markets(store, offers)
    return offer_maths.compare(offers, rates, body.currency, markets, comp.MIN_ROWS)


@router.get("/layoffs")
def api_layoffs(
    store: Store,
    by: Annotated[str, Query(pattern=pattern(layoff_data.GROUPS))] = "industry",
    period: Annotated[str, Query(pattern=pattern(layoff_data.PERIODS))] = "quarter",
    org: Annotated[str | None, Query(max_length=200)] = None,
    country: Annotated[str | None, Query(pattern="^[A-Za-z]{2}$")] = None,
    start: Annotated[str | None, Query(alias="from", pattern=DATE)] = None,
    end: Annotated[str | None, Query(alias="to", pattern=DATE)] = None,
    top: Annotated[int, Query(ge=1, le=200)] = 10,
    format: Format = "json",
) -> Response:
    """Layoff events and people laid off per period for the top groups."""
    result = layoff_data.timeline(store, by, period, org, country, start, end, top)
    return respond(result, result["rows"], format)


@router.get("/jobs")
def api_jobs(store: Store) -> dict[str, Any]:
    """Job postings by role family (a small sample; see the caveat)."""
    return layoff_data.jobs_summary(store)


@router.get("/coverage")
def api_coverage(
    store: Store,
    table: Annotated[str, Query(pattern="^(comp|layoffs|jobs)$")] = "comp",
    top: Annotated[int, Query(ge=1, le=5000)] = 200,
) -> dict[str, Any]:
    """Share of the rows of the top companies mapped to an org, and the unmapped names."""
    return comp.mapping_coverage(store, table, top)
