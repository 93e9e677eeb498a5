"""Tracker and store statistics."""

from __future__ import annotations

import os
import re
from pathlib import PurePath
from typing import Annotated, Any

from fastapi import APIRouter, Query, Request
from fastapi.responses import Response

from talentradar.analytics.cohorts import TIERS, Selection, chosen_tracks
from talentradar.analytics.coverage import store_stats
from talentradar.analytics.tracker import DIMENSIONS, RULES, tracker
from talentradar.api.deps import Format, Reader, Store, check_years, pattern, respond
from talentradar.venues import VENUES

router = APIRouter(tags=["tracker"], dependencies=[Reader])


@router.get("/tracker")
def api_tracker(
    store: Store,
    venue: Annotated[list[str], Query(min_length=1, max_length=30, description="venue id(s)")],
    year: Annotated[list[int], Query(max_length=60)] = [],  # noqa: B006
    tier: Annotated[str, Query(pattern=pattern(TIERS))] = "top",
    by: Annotated[str, Query(pattern=pattern(DIMENSIONS))] = "country",
    rule: Annotated[str, Query(pattern=pattern(RULES))] = "hq",
    track: Annotated[list[str], Query(max_length=10)] = [],  # noqa: B006
    top: Annotated[int | None, Query(ge=1, le=1000)] = None,
    topic: Annotated[str | None, Query(min_length=2, max_length=300)] = None,
    format: Format = "json",
) -> Response:
    """Shares of a cohort's authors (persons and 1/N papers) by country, region, sector, org or
    parent org, for any set of venue-years; `tier=elite` for orals; the main track unless
    `track` says otherwise (`track=all` for every track)."""
    result = tracker(
        store,
        Selection.of(venue, check_years(year), tier, chosen_tracks(track), topic),
        by=by,
        rule=rule,
        top=top,
    )
    return respond(result, result["rows"], format)


@router.get("/venues")
def api_venues(store: Store) -> dict[str, Any]:
    """The venues known to TalentRadar and the years loaded for each."""
    years: dict[str, list[int]] = {}
    for r in store.query("SELECT DISTINCT venue, year FROM papers ORDER BY 1, 2"):
        years.setdefault(r["venue"], []).append(r["year"])
    return {
        "venues": [
            {"venue": v.venue_id, "name": v.name, "years": years.get(v.venue_id, [])}
            for v in VENUES
        ]
    }


@router.get("/stats", tags=["stats"])
def api_stats(request: Request, store: Store) -> dict[str, Any]:
    """Counts per table, loads, quarantine and org coverage."""
    result = store_stats(store)
    data_dir = request.app.state.settings.data_dir
    result["failed_files"] = [
        {k: _public(str(v), data_dir) if v else v for k, v in row.items()}
        for row in result["failed_files"]
    ]
    return result


def _public(text: str, data_dir: str) -> str:
    """A file location (or a message naming one) without the server's folders: relative to the
    data folder, or only the file name."""
    root = str(PurePath(os.path.abspath(data_dir))) if "://" not in data_dir else data_dir
    text = text.replace(root.rstrip("/") + "/", "").replace(data_dir.rstrip("/") + "/", "")
    return re.sub(r"(?<![\w.])/(?:[^/\s:]+/)+([^/\s:]+)", r"\1", text)
