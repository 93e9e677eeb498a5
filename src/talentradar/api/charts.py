"""Chart data for the pages: library results reshaped into what static/app.js draws."""

from __future__ import annotations

from functools import cache
from typing import Any

import pycountry

from talentradar.venues import get_venue


def shares(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """Horizontal bars of person and paper (1/N) shares from tracker rows."""
    return {
        "percent": True,
        "labels": [r["label"] or r["key"] for r in rows],
        "series": [
            {"name": "persons", "values": [r["person_share"] for r in rows]},
            {"name": "papers (1/N)", "values": [r["paper_share"] for r in rows]},
        ],
    }


def trend(
    rows: list[dict[str, Any]], marked: list[int] | None = None, limit: int = 8
) -> dict[str, Any]:
    """One line per key of person share over the years of tracker rows (every year from the
    first to the last on the axis, none skipped; gaps stay gaps); ``marked`` years are marked."""
    seen = sorted({r["year"] for r in rows})
    years = list(range(seen[0], seen[-1] + 1)) if seen else []
    keys: dict[str, dict[int, float]] = {}
    for r in rows:
        keys.setdefault(r["label"] or r["key"], {})[r["year"]] = r["person_share"]
    ordered = sorted(keys.items(), key=lambda kv: -sum(kv[1].values()))[:limit]
    return {
        "percent": True,
        "x": years,
        "missing": [y for y in years if y not in seen],
        "marked": [y for y in (marked or []) if y in years],
        "series": [{"name": k, "values": [v.get(y) for y in years]} for k, v in ordered],
    }


def cohorts(result: dict[str, Any]) -> list[dict[str, Any]]:
    """The tracker's venue-years with their coverage: the share of persons with a resolved org
    (``coverage.own_paper`` etc. when the tracker reports them) and whether it is thin."""
    out = []
    for c in result["cohorts"]:
        resolved = c.get("persons_resolved") or 0
        share = resolved / c["persons"] if c.get("persons") else 0.0
        out.append(
            c
            | {
                "label": f"{get_venue(c['venue']).name} {c['year']}",
                "resolved_share": share,
                "thin": share < THIN_COVERAGE or resolved < THIN_PERSONS,
                "coverage_parts": c.get("coverage")
                if isinstance(c.get("coverage"), dict)
                else None,
            }
        )
    return out


THIN_COVERAGE = 0.6
THIN_PERSONS = 50


def compare(result: dict[str, Any], limit: int = 15) -> dict[str, Any]:
    """Keys × venue-years of person shares (the largest ``limit`` keys of any cohort), with the
    change from the first venue-year to the last."""
    cols = [(c["venue"], c["year"]) for c in result["cohorts"]]
    share: dict[tuple[str, int, str], dict[str, Any]] = {}
    best: dict[str, float] = {}
    for r in result["rows"]:
        share[(r["venue"], r["year"], str(r["key"]))] = r
        best[str(r["key"])] = max(best.get(str(r["key"]), 0.0), r["person_share"])
    keys = sorted(best, key=lambda k: (-best[k], k))[:limit]
    rows = []
    for key in keys:
        cells = [share.get((v, y, key)) for v, y in cols]
        label = next((c["label"] for c in cells if c and c.get("label")), key)
        values = [c["person_share"] if c else 0.0 for c in cells]
        persons = [c["persons"] if c else 0.0 for c in cells]
        rows.append(
            {
                "key": key,
                "label": label,
                "shares": values,
                "persons": persons,
                "change": values[-1] - values[0] if len(values) > 1 else None,
            }
        )
    return {"columns": [f"{v} {y}" for v, y in cols], "cohorts": cols, "rows": rows}


def compare_bars(table: dict[str, Any], names: list[str], drill: str) -> dict[str, Any]:
    """Grouped horizontal bars: one bar per venue-year for each key; a click drills down."""
    return {
        "percent": True,
        "labels": [r["label"] for r in table["rows"]],
        "keys": [r["key"] for r in table["rows"]],
        "cohorts": table["cohorts"],
        "drill": drill,
        "series": [
            {"name": names[i], "values": [r["shares"][i] for r in table["rows"]]}
            for i in range(len(table["cohorts"]))
        ],
    }


@cache
def numeric_code(alpha2: str) -> str | None:
    """ISO 3166-1 numeric code (as in the vendored world map) of an alpha-2 code."""
    country = pycountry.countries.get(alpha_2=alpha2.upper()) if alpha2 else None
    return country.numeric if country else None


def world(
    rows: list[dict[str, Any]], value: str, drill: str | None, percent: bool
) -> dict[str, Any]:
    """Country values for the world map (features named by ISO numeric code)."""
    points = []
    for r in rows:
        code = numeric_code(str(r["key"] or ""))
        if code and r.get(value) is not None:
            points.append(
                {
                    "name": code,
                    "key": r["key"],
                    "label": r.get("label") or r["key"],
                    "value": r[value],
                }
            )
    return {"percent": percent, "points": points, "drill": drill}


def compare_years(rows: list[dict[str, Any]], year: int | None) -> list[dict[str, Any]]:
    """Each key's person share in ``year`` and the year before, with the change."""
    years = sorted({r["year"] for r in rows})
    if year not in years or years.index(year) == 0:
        return []
    before = years[years.index(year) - 1]
    share = {(r["year"], r["label"] or r["key"]): r["person_share"] for r in rows}
    labels = sorted({k for y, k in share if y == year}, key=lambda k: -share[(year, k)])
    return [
        {
            "label": k,
            "year": year,
            "before": before,
            "share": share[(year, k)],
            "share_before": share.get((before, k)),
            "change": share[(year, k)] - share.get((before, k), 0.0),
        }
        for k in labels
    ]


def heatmap(result: dict[str, Any]) -> dict[str, Any]:
    """The lab × lab poaching matrix: rows are the labs people left, columns where they went."""
    labs = [lab["lab"] for lab in result["labs"]]
    names = [lab["name"] for lab in result["labs"]]
    index = {lab: i for i, lab in enumerate(labs)}
    return {
        "x": names,
        "y": names,
        "cells": [[index[c["to"]], index[c["from"]], c["moves"]] for c in result["cells"]],
        "people": [
            [
                {k: p[k] for k in ("person_id", "name", "year", "from_org", "to_org", "confidence")}
                for p in c.get("people", [])
            ]
            for c in result["cells"]
        ],
    }


def boxes(rows: list[dict[str, Any]], key: str) -> dict[str, Any]:
    """Box plots (p10, p25, p50, p75, p90) of the groups whose percentiles are shown."""
    shown = [r for r in rows if r.get("p50") is not None]
    if key == "yoe_band":  # bands in order of experience, not of size
        shown.sort(key=lambda r: int(str(r[key]).split("-")[0].rstrip("+")))
    return {
        "labels": [str(r[key]) for r in shown],
        "boxes": [[r["p10"], r["p25"], r["p50"], r["p75"], r["p90"]] for r in shown],
        "n": [r["n"] for r in shown],
    }


def moves_and_layoffs(
    by_year: list[dict[str, Any]], layoffs: list[dict[str, Any]]
) -> dict[str, Any]:
    """An org's inflow and outflow of people per year beside its layoff events per year."""
    laid: dict[int, int] = {}
    for event in layoffs:
        when = str(event.get("date") or "")[:4]
        if when.isdigit():
            laid[int(when)] = laid.get(int(when), 0) + 1
    years = sorted({r["year"] for r in by_year} | set(laid))
    flow = {r["year"]: r for r in by_year}
    return {
        "x": years,
        "series": [
            {
                "name": "inflow (people)",
                "values": [flow.get(y, {}).get("inflow", 0) for y in years],
            },
            {
                "name": "outflow (people)",
                "values": [flow.get(y, {}).get("outflow", 0) for y in years],
            },
            {"name": "layoff events", "values": [laid.get(y, 0) for y in years]},
        ],
    }


def layoff_lines(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """One line per group of layoff events per period."""
    periods = sorted({r["period"] for r in rows})
    events: dict[str, dict[str, int]] = {}
    for r in rows:
        events.setdefault(r["group"], {})[r["period"]] = r["events"]
    return {
        "x": periods,
        "series": [
            {"name": g, "values": [e.get(p, 0) for p in periods]} for g, e in events.items()
        ],
    }


def career(timeline: dict[str, Any]) -> dict[str, Any]:
    """A person's spells as bars on a time axis (one row per org, first spell on top) and the
    moves as markers at the year of arrival on the new org's row."""
    spells = timeline["spells"]
    rows: list[str] = []
    for s in spells:
        if s["name"] not in rows:
            rows.append(s["name"])
    years = [y for s in spells for y in (s["first_year"], s["last_year"])]
    years += [m["year"] for m in timeline["moves"]]
    return {
        "rows": rows,
        "min": min(years) if years else None,
        "max": max(years) + 1 if years else None,
        "spells": [
            {
                "row": rows.index(s["name"]),
                "name": s["name"],
                "from": s["first_year"],
                "to": s["last_year"] + 1,
                "mentions": s["mentions"],
            }
            for s in spells
        ],
        "moves": [
            {
                "row": rows.index(m["to_name"]) if m["to_name"] in rows else 0,
                "year": m["year"],
                "label": f"{m['from_name']} → {m['to_name']}",
            }
            for m in timeline["moves"]
        ],
    }
