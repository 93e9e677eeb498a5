"""The Overview page's view: venue-years compared, the world map, trends with the chosen
years marked, headline findings; answers that change only with the radar are kept per radar."""

from __future__ import annotations

import threading
from typing import Any
from urllib.parse import urlencode

from fastapi import Request

from talentradar.analytics import findings
from talentradar.analytics.availability import covered_years, missing
from talentradar.analytics.cohorts import TIERS, Selection
from talentradar.analytics.coverage import store_stats
from talentradar.analytics.tracker import tracker
from talentradar.api import charts
from talentradar.api.deps import Store
from talentradar.venues import VENUES, get_venue


def default_years(request: Request, store: Store, venue: str) -> list[int]:
    """2019 (MacroPolo's baseline) and the venue's latest year with enough org coverage."""
    years = memo(request, store, ("covered", venue), lambda: covered_years(store, venue))
    if 2019 in years and years[-1] != 2019:
        return [2019, years[-1]]
    return years[-2:]


def view(
    request: Request,
    store: Store,
    selection: Selection,
    by: str,
    rule: str,
    available: dict[str, list[int]],
) -> dict[str, Any]:
    result = shares(request, store, selection, by, rule)
    countries = result if by == "country" else shares(request, store, selection, "country", rule)
    args = _tracker_args(selection, by, rule)
    table = charts.compare(result)
    cohorts = charts.cohorts(result)
    shown = table["cohorts"][-1] if table["cohorts"] else None
    base = [(k, v) for k, v in args if k not in ("venue", "year")]
    map_args = [("venue", shown[0]), ("year", shown[1])] if shown else []
    map_args += [(k, "country" if k == "by" else v) for k, v in base]
    return {
        "venues": [v for v in VENUES if v.venue_id in available],
        "available": available,
        "selection": selection,
        "tiers": TIERS,
        "rule": rule,
        "by": by,
        "absent": missing(selection, available),
        "tracks": memo(
            request, store, ("tracks", selection.venues), lambda: _tracks(store, selection)
        ),
        "cohorts": cohorts,
        "table": table,
        "bars": charts.compare_bars(
            table, [c["label"] for c in cohorts], "/api/tracker/people?" + query(base)
        ),
        "world": charts.world(
            [r for r in countries["rows"] if (r["venue"], r["year"]) == shown],
            "person_share",
            "/api/tracker/people?" + query(map_args),
            True,
        ),
        "trends": [_trend(request, store, v, selection, by, rule) for v in selection.venues[:3]],
        "api": "/api/tracker?" + query(args),
        "findings": memo(
            request,
            store,
            ("findings", selection.venues[0], rule),
            lambda: _findings(request, store, selection, rule, available),
        ),
        "stats": memo(request, store, ("stats",), lambda: store_stats(store)),
    }


_MEMO_LOCK = threading.Lock()
VERSION_SQL = """
SELECT (SELECT max(value) FROM build_info WHERE key = 'built_at') AS built_at,
       (SELECT md5(coalesce(string_agg(subject, chr(31) ORDER BY subject), '')) FROM suppressions)
           AS suppressed,
       (SELECT count(*) FROM suppression_keys) AS suppression_keys
"""
"""What a kept answer depends on besides its arguments: the build and the suppression list."""


def memo(request: Request, store: Store, key: tuple[Any, ...], compute: Any) -> Any:
    """Answers that change only with the radar and the suppression list (findings, stats,
    trends), kept until the next build or suppression. One computation per key: a request
    asking while another computes it (the start-up warming, ``api/warm.py``) waits for it."""
    full = (*key, *store.query(VERSION_SQL)[0].values())
    with _MEMO_LOCK:
        state = request.app.state
        if getattr(state, "page_memo", None) is None:
            state.page_memo, state.page_memo_locks = {}, {}
        kept, locks = state.page_memo, state.page_memo_locks
        if full in kept:
            return kept[full]
        lock = locks.setdefault(full, threading.Lock())
    with lock:
        if full not in kept:
            answer = compute()
            with _MEMO_LOCK:
                if len(kept) > 256:
                    kept.clear()
                    locks.clear()
                kept[full] = answer
        return kept[full]


def _tracks(store: Store, selection: Selection) -> list[str]:
    marks = ", ".join("?" for _ in selection.venues)
    return [
        r["track"]
        for r in store.query(
            f"SELECT DISTINCT track FROM papers WHERE venue IN ({marks}) AND track IS NOT NULL "
            "ORDER BY 1 LIMIT 50",
            list(selection.venues),
        )
    ]


def _trend(
    request: Request, store: Store, venue: str, selection: Selection, by: str, rule: str
) -> dict[str, Any]:
    rows = trend_rows(request, store, venue, selection.tracks, by, rule, selection.tier)
    covered = memo(request, store, ("covered", venue), lambda: covered_years(store, venue))
    chart = charts.trend(rows["rows"], list(selection.years))
    thin = [y for y in chart["x"] if y not in chart["missing"] and y not in covered]
    return {"name": get_venue(venue).name, "chart": chart, "thin": thin}


def shares(
    request: Request, store: Store, selection: Selection, by: str, rule: str
) -> dict[str, Any]:
    """The tracker's answer for the page's selection, kept per radar and suppression list."""
    return memo(  # type: ignore[no-any-return]
        request,
        store,
        ("shares", selection, by, rule),
        lambda: tracker(store, selection, by=by, rule=rule),
    )


def trend_rows(
    request: Request,
    store: Store,
    venue: str,
    tracks: tuple[str, ...],
    by: str,
    rule: str,
    tier: str = "top",
) -> dict[str, Any]:
    """A venue's shares over every year: the same for any chosen years, kept per radar."""
    every_year = Selection.of([venue], [], tier, tracks)
    return memo(  # type: ignore[no-any-return]
        request,
        store,
        ("trend", every_year, by, rule),
        lambda: tracker(store, every_year, by, rule),
    )


def _tracker_args(selection: Selection, by: str, rule: str) -> list[tuple[str, Any]]:
    return (
        [("venue", v) for v in selection.venues]
        + [("year", y) for y in selection.years]
        + [("tier", selection.tier), ("by", by), ("rule", rule)]
        + [("track", t) for t in selection.tracks]
    )


def query(args: list[tuple[str, Any]]) -> str:
    return urlencode([(k, v) for k, v in args if v is not None])


def _findings(
    request: Request,
    store: Store,
    selection: Selection,
    rule: str,
    available: dict[str, list[int]],
) -> list[dict[str, Any]]:
    venue = selection.venues[0]
    years = memo(request, store, ("covered", venue), lambda: covered_years(store, venue))
    out = []
    if len(years) > 1:
        first = 2019 if 2019 in years and years[-1] != 2019 else years[0]
        for f in findings.share_changes(store, venue, first, years[-1], rule):
            out.append(f | {"href": "/?" + urlencode(_evidence_args(f["evidence"]))})
    top = request.app.state.settings.top_venues
    for f in findings.net_flows(store, top):
        out.append(f | {"href": "/flows?" + urlencode({"by": "country", "tier": "top"})})
    return out


def _evidence_args(evidence: dict[str, Any]) -> list[tuple[str, Any]]:
    pairs: list[tuple[str, Any]] = []
    for k, v in evidence.items():
        pairs.extend((k, x) for x in v) if isinstance(v, list) else pairs.append((k, v))
    return pairs
