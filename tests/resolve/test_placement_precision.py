"""Precision of author → org placement on a hand-labelled sample of the newly covered cases.

``tests/data/orgs/placement_sample.csv``: 320 placements drawn at random (seed 20261201, by
``bench/placement_sample.py``) from NeurIPS 2023, NeurIPS 2024 and ICML 2025 own-paper
placements, ``aligned`` placements and ``paper-level`` placements, each judged from the raw
records (the paper's lists, and the same OpenReview id or name in other records) — never from
the org the system chose. ``?`` marks a placement the records cannot decide; it is left out.
The test re-reads every row's placement from the current store: a row the system no longer
places is counted apart, never as right."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from talentradar.store.radar import open_radar
from tests.resolve.test_org_precision import _expected, _same

SAMPLE = Path(__file__).parent.parent / "data" / "orgs" / "placement_sample.csv"


def test_sample_is_labelled_from_the_evidence() -> None:
    rows = list(csv.DictReader(SAMPLE.open(encoding="utf-8")))
    assert len(rows) >= 300
    assert {r["stratum"] for r in rows} == {
        "neurips2023",
        "neurips2024",
        "icml2025",
        "aligned",
        "paper-level",
    }
    assert all(r["expected_org_ids"] for r in rows)
    assert sum(r["expected_org_ids"] == "?" for r in rows) < 0.1 * len(rows)


@pytest.mark.slow
def test_placement_precision_on_hand_labelled_sample(real_settings) -> None:
    from talentradar.resolve.orgs import load_registry

    registry = load_registry(real_settings.data_dir)
    rows = [
        r for r in csv.DictReader(SAMPLE.open(encoding="utf-8")) if r["expected_org_ids"] != "?"
    ]
    store = open_radar(real_settings)
    try:
        placed = {}
        for r in store.query(
            "SELECT mention_id, list(org_id) AS orgs FROM mention_orgs WHERE true "
            "AND mention_id IN (SELECT unnest(?)) GROUP BY 1",
            [[row["mention_id"] for row in rows]],
        ):
            placed[r["mention_id"]] = set(r["orgs"])
    finally:
        store.close()
    judged = [r for r in rows if r["mention_id"] in placed]
    wrong = [
        (r["mention_id"], r["author"], sorted(placed[r["mention_id"]]), r["expected_org_ids"])
        for r in judged
        if not any(
            _same(registry, placed[r["mention_id"]], e) for e in _expected(r["expected_org_ids"])
        )
    ]
    precision = 1 - len(wrong) / len(judged)
    assert len(judged) >= 0.85 * len(rows), "most sampled placements must still be placed"
    assert precision >= 0.97, wrong
