"""Chart data for the pages: library results reshaped into what static/app.js draws."""

from __future__ import annotations

from typing import Any


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


def trend(rows: list[dict[str, Any]]) -> dict[str, Any]:
    """One line per key of person share over the years of tracker rows."""
    years = sorted({r["year"] for r in rows})
    keys: dict[str, dict[int, float]] = {}
    for r in rows:
        keys.setdefault(r["label"] or r["key"], {})[r["year"]] = r["person_share"]
    return {
        "percent": True,
        "x": years,
        "series": [
            {"name": k, "values": [v.get(y) for y in years]}
            for k, v in sorted(keys.items(), key=lambda kv: -sum(kv[1].values()))
        ],
    }


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
