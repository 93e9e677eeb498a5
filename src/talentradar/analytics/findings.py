"""Headline findings computed from the radar: the largest share changes and net flows.

Each finding carries the numbers it states and the query that reproduces it (``evidence``:
the page and API parameters), so the Overview can link every sentence to its evidence.
"""

from __future__ import annotations

from typing import Any

from talentradar.analytics.cohorts import Selection
from talentradar.analytics.flows import flows
from talentradar.analytics.tracker import tracker
from talentradar.store import Store
from talentradar.venues import get_venue

MIN_PERSONS = 5.0
"""A country needs this many persons (in either year) for its share change to be a finding."""


def share_changes(
    store: Store, venue: str, first: int, last: int, rule: str = "hq", n: int = 3
) -> list[dict[str, Any]]:
    """The ``n`` countries whose person share of ``venue`` changed most from ``first`` to
    ``last`` (accepted papers), largest absolute change first."""
    result = tracker(store, Selection.of([venue], [first, last]), by="country", rule=rule)
    share: dict[tuple[int, str], dict[str, Any]] = {
        (r["year"], r["key"]): r for r in result["rows"]
    }
    keys = {k for _, k in share}
    changes: list[dict[str, Any]] = []
    for key in keys:
        a, b = share.get((first, key)), share.get((last, key))
        if max((a or {}).get("persons", 0), (b or {}).get("persons", 0)) < MIN_PERSONS:
            continue
        before = float(a["person_share"]) if a else 0.0
        after = float(b["person_share"]) if b else 0.0
        label = (b or a or {}).get("label") or key
        changes.append(
            {"key": key, "label": label, "before": before, "after": after, "change": after - before}
        )
    changes.sort(key=lambda c: (-abs(float(c["change"])), str(c["key"])))
    name = get_venue(venue).name
    return [
        c
        | {
            "kind": "share_change",
            "text": f"{c['label']}: {100 * c['before']:.1f}% of {name} {first} authors → "
            f"{100 * c['after']:.1f}% in {last} ({100 * c['change']:+.1f} points)",
            "evidence": {"venue": venue, "year": [first, last], "by": "country", "rule": rule},
        }
        for c in changes[:n]
    ]


def net_flows(
    store: Store, top_venues: tuple[str, ...], start: int | None = None, n: int = 2
) -> list[dict[str, Any]]:
    """The countries with the largest net gain and the largest net loss of researchers."""
    result = flows(store, "country", start, None, "top", top_venues)
    net = result["net"]
    picked = net[:n] + [r for r in net[-n:] if r["net"] < 0 and r not in net[:n]]
    return [
        {
            "kind": "net_flow",
            "key": r["key"],
            "label": r["label"],
            "net": r["net"],
            "inflow": r["inflow"],
            "outflow": r["outflow"],
            "text": f"{r['label'] or r['key']}: net {r['net']:+d} researchers "
            f"({r['inflow']} arrived, {r['outflow']} left"
            f"{f' since {start}' if start else ''}; top-tier authors)",
            "evidence": {"by": "country", "from": start, "tier": "top"},
        }
        for r in picked
        if r["net"] != 0
    ]
