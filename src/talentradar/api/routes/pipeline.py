"""Talent pipelines: where a school's students publish from after their studies."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.responses import Response

from talentradar.analytics.pipeline import LEVELS, pipeline
from talentradar.api.deps import MAX_LIMIT, Format, Paging, Reader, Store, Year, paged, pattern

router = APIRouter(tags=["pipeline"], dependencies=[Reader])


@router.get("/pipeline")
def api_pipeline(
    store: Store,
    page: Paging,
    by: Annotated[str, Query(pattern=pattern(LEVELS))] = "country",
    school: Annotated[
        str | None, Query(max_length=200, description="org id, org name or country code")
    ] = None,
    start: Annotated[Year, Query(alias="from", description="first cohort")] = None,
    end: Annotated[Year, Query(alias="to", description="last cohort")] = None,
    format: Format = "json",
) -> Response:
    """Persons per cohort (last student year), school and destination 1–5 years later (paged),
    with each school's students and placed counts."""
    result = pipeline(store, by, school, start, end, limit=10 * MAX_LIMIT)
    return paged(result, "flows", page, format)
