"""`talentradar people evaluate`: B³ and pairwise scores of the stored persons against every
label set, beside the exact-name baseline (queries over the store + pure metrics)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

from talentradar.resolve.people.evaluate import merge_duplicate_profiles, pair_recall, scores
from talentradar.store import Store

VARIANT_PAIRS = Path("tests/data/people/variant_pairs.csv")
NEW_VARIANT_PAIRS = Path("tests/data/people/variant_pairs_2.csv")
"""The second set (transliteration, order, initials, era splits; tests/data/people/README.md),
scored on its own and with the first in ``variant_pairs_all``."""


def evaluate_store(store: Store, variant_pairs: Path | None = VARIANT_PAIRS) -> dict[str, Any]:
    rows = store.query(
        "SELECT m.mention_id, m.venue, m.source_person_id, m.name_norm, m.given_key || ' ' || m.family_key AS full_key, "
        "mp.person_id FROM mentions m JOIN mention_person mp USING (mention_id) "
        "WHERE m.source_person_id IS NOT NULL"
    )
    predicted = {r["mention_id"]: r["person_id"] for r in rows}
    baseline = {r["mention_id"]: r["full_key"] for r in rows}
    openreview = {
        r["mention_id"]: r["source_person_id"]
        for r in rows
        if r["source_person_id"].startswith("~")
    }
    acl = {
        r["mention_id"]: r["source_person_id"]
        for r in rows
        if r["source_person_id"].startswith("/")
    }
    merged = merge_duplicate_profiles(openreview, _coauthor_ids(store))
    venue_of = {r["mention_id"]: r["venue"] for r in rows}
    result: dict[str, Any] = {
        "openreview": _both(predicted, baseline, openreview),
        "openreview_duplicates_merged": _both(predicted, baseline, merged)
        | {
            "profiles": len(set(openreview.values())),
            "persons": len(set(merged.values())),
            "persons_holding_ids": _holding(predicted, merged),
        },
        "acl_anthology": _both(predicted, baseline, acl),
        "openreview_by_venue": {
            venue: _both(
                predicted, baseline, {m: p for m, p in openreview.items() if venue_of[m] == venue}
            )
            for venue in sorted({venue_of[m] for m in openreview})
        },
    }
    if variant_pairs is not None and variant_pairs.exists():
        everyone = {
            r["mention_id"]: r["person_id"]
            for r in store.query("SELECT mention_id, person_id FROM mention_person")
        }
        names = {
            r["mention_id"]: r["k"]
            for r in store.query(
                "SELECT mention_id, given_key || ' ' || family_key AS k FROM mentions"
            )
        }
        result["variant_pairs"] = {
            "model": pair_recall(everyone, variant_pairs),
            "baseline": pair_recall(names, variant_pairs),
        }
        second = variant_pairs.with_name(NEW_VARIANT_PAIRS.name)
        if second.exists():
            result["variant_pairs_2"] = {
                "model": pair_recall(everyone, second),
                "baseline": pair_recall(names, second),
            }
            result["variant_pairs_all"] = {
                "model": pair_recall(everyone, variant_pairs, second),
                "baseline": pair_recall(names, variant_pairs, second),
            }
    return result


def _both(
    predicted: dict[str, str], baseline: dict[str, str], truth: dict[str, str]
) -> dict[str, Any]:
    return {
        "mentions": len(truth),
        "persons": len(set(truth.values())),
        "model": scores(predicted, truth),
        "baseline": scores(baseline, truth),
    }


def _holding(predicted: dict[str, str], truth: dict[str, str]) -> dict[str, int]:
    """How many persons hold 2, 3, 4 or more distinct ids (namesakes merged, at a glance)."""
    ids: dict[str, set[str]] = defaultdict(set)
    for mention, label in truth.items():
        ids[predicted[mention]].add(label)
    sizes = [len(held) for held in ids.values()]
    return {f"{k}+": sum(n >= k for n in sizes) for k in (2, 3, 4)}


def _coauthor_ids(store: Store) -> dict[str, set[str]]:
    out: dict[str, set[str]] = defaultdict(set)
    for r in store.query(
        "SELECT a.mention_id, b.source_person_id FROM mentions a JOIN mentions b "
        "ON a.paper_id = b.paper_id AND a.mention_id <> b.mention_id "
        "WHERE a.source_person_id LIKE '~%' AND b.source_person_id LIKE '~%'"
    ):
        out[r["mention_id"]].add(r["source_person_id"])
    return out
