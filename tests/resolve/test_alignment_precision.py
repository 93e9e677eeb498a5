"""Precision of the short-list alignment on a hand-labelled sample.

``tests/data/orgs/alignment_sample.csv``: 170 authors placed by evidence (``alignments.outcome
= 'placed'``), drawn at random (seed 20261202, ``bench/alignment_sample.py``) before any was
looked at. Each row holds the raw evidence only — the paper's ``author``/``authorids``/
``aff``/``aff_domain`` strings and the same OpenReview id's entries in other records — never
the system's choice. ``expected``: the index (or ``|``-separated indices of equivalent
entries) of the ``aff`` entry that is this author's, ``none`` when the author is the one the
list skips, ``?`` when the records cannot decide (left out). The test re-reads each author's
placement from the current store: a row no longer placed is counted apart, never as right.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from talentradar.store.radar import open_radar

SAMPLE = Path(__file__).parent.parent / "data" / "orgs" / "alignment_sample.csv"
_SPACE = re.compile(r"\s+")


def _rows() -> list[dict[str, str]]:
    return list(csv.DictReader(SAMPLE.open(encoding="utf-8")))


def expected_entries(row: dict[str, str]) -> set[str] | None:
    """The affiliation strings the label accepts (empty: none; None: undecidable)."""
    if row["expected"] == "?":
        return None
    if row["expected"] == "none":
        return set()
    affs = json.loads(row["paper"])["aff"].split(";")
    return {_norm(affs[int(j)]) for j in row["expected"].split("|")}


def _norm(text: str | None) -> str:
    return _SPACE.sub(" ", text or "").strip()


def test_sample_is_labelled_from_the_evidence() -> None:
    rows = _rows()
    assert len(rows) >= 150
    assert all(r["expected"] for r in rows), "every row is labelled"
    assert sum(r["expected"] == "?" for r in rows) < 0.1 * len(rows)
    for r in rows:
        assert "system" not in r, "the sample must not show the system's choice"
        if r["expected"] not in ("?", "none"):
            n = len(json.loads(r["paper"])["aff"].split(";"))
            assert all(0 <= int(j) < n for j in r["expected"].split("|")), r["mention_id"]


@pytest.mark.slow
def test_alignment_precision_on_hand_labelled_sample(real_settings) -> None:
    rows = [r for r in _rows() if r["expected"] != "?"]
    store = open_radar(real_settings)
    try:
        placed = {
            r["mention_id"]: r["affiliation"]
            for r in store.query(
                "SELECT mention_id, affiliation FROM alignments WHERE outcome = 'placed' "
                "AND mention_id IN (SELECT unnest(?))",
                [[row["mention_id"] for row in rows]],
            )
        }
    finally:
        store.close()
    judged = [r for r in rows if r["mention_id"] in placed]
    wrong = [
        (r["mention_id"], r["author"], placed[r["mention_id"]], r["expected"])
        for r in judged
        if _norm(placed[r["mention_id"]]) not in (expected_entries(r) or set())
    ]
    assert len(judged) >= 0.85 * len(rows), "most sampled placements must still be placed"
    precision = 1 - len(wrong) / len(judged)
    assert precision >= 0.97, (precision, wrong)
