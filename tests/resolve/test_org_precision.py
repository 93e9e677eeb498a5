"""Precision of org resolution on a hand-labelled sample of real affiliation strings."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from talentradar.resolve.orgs import load_registry, resolve_mention
from tests.conftest import REAL_DATA

SAMPLE = Path(__file__).parent.parent / "data" / "orgs" / "precision_sample.csv"


def _expected(field: str) -> list[set[str]]:
    return [set(option.strip().split("|")) for option in field.split(" or ")]


def _same(registry, predicted: set[str], expected: set[str]) -> bool:
    """Equal as institutions: an org and its own parent or child count as the same
    (labelling rule: "Google Research" → Google is right); siblings do not."""

    def related(a: str, b: str) -> bool:
        known = a in registry.orgs and b in registry.orgs
        return a == b or (known and (a in registry.ancestors(b) or b in registry.ancestors(a)))

    return (
        len(predicted) == len(expected)
        and all(any(related(p, e) for e in expected) for p in predicted)
        and all(any(related(p, e) for p in predicted) for e in expected)
    )


@pytest.mark.slow
def test_precision_on_hand_labelled_sample() -> None:
    if not (REAL_DATA / "registry").is_dir():
        pytest.skip(f"registries not found under {REAL_DATA}")
    registry = load_registry(str(REAL_DATA))
    rows = [r for r in csv.DictReader(SAMPLE.open(encoding="utf-8")) if r["correct"] != "?"]
    assert len(rows) >= 300
    resolved = wrong = 0
    mistakes = []
    for row in rows:
        found = resolve_mention(
            registry,
            row["affiliation"] or None,
            row["email_domain"] or None,
            row["affiliation_norm"] or None,
            row["country_hint"] or None,
        )
        predicted = {m.org_id for m in found.matches}
        if not predicted:
            continue
        resolved += 1
        if not any(_same(registry, predicted, e) for e in _expected(row["expected_org_ids"])):
            wrong += 1
            mistakes.append(
                (
                    row["affiliation"],
                    row["email_domain"],
                    sorted(predicted),
                    row["expected_org_ids"],
                )
            )
    precision = 1 - wrong / resolved
    assert resolved >= 0.95 * len(rows), "the sample was drawn from resolved strings"
    assert precision >= 0.97, mistakes
