"""Evaluation of person clusters against labelled data (pure functions + loaders).

Label sets:

- OpenReview profile ids (``~Jane_Doe1``): one id = one person. Only mentions that
  carry such an id are scored.
- The same with likely duplicate profiles merged: two ids whose normalised names
  are equal apart from the trailing number and that share a coauthor id
  (``~Trevor_Darrell2`` / ``~trevor_darrell1``) count as one person.
- ACL Anthology ids (``/j/jane-doe/``): weaker labels (the Anthology merges and
  splits by name), reported separately.
- Hand-labelled cross-venue name-variant pairs (tests/data/people): recall on
  positives, and the share of negatives kept apart.
- S2AND ``qian``: author signatures with true clusters (run through the same
  model on its own).
"""

from __future__ import annotations

import csv
import re
from collections import defaultdict
from collections.abc import Hashable, Iterable, Mapping
from pathlib import Path
from typing import Any

from talentradar.resolve.people.metrics import b_cubed, pairwise

_ID_NUMBER = re.compile(r"\d+$")


def scores(predicted: Mapping[Any, Any], truth: Mapping[Any, Any]) -> dict[str, Any]:
    return {
        "b3": b_cubed(predicted, truth).as_dict(),
        "pairwise": pairwise(predicted, truth).as_dict(),
    }


def merge_duplicate_profiles(
    truth: Mapping[str, str], coauthor_ids: Mapping[str, Iterable[str]]
) -> dict[str, str]:
    """Merge OpenReview ids that are one person with two profiles.

    Rule: the ids differ only in case and trailing number (``~Trevor_Darrell2`` /
    ``~trevor_darrell1``) and their mentions share at least one coauthor id.
    """
    base: dict[str, set[str]] = defaultdict(set)
    for profile in set(truth.values()):
        base[_ID_NUMBER.sub("", profile.lower())].add(profile)
    coauthors: dict[str, set[str]] = defaultdict(set)
    for item, profile in truth.items():
        coauthors[profile].update(coauthor_ids.get(item, ()))
    canonical: dict[str, str] = {}
    for group in base.values():
        ordered = sorted(group)
        for profile in ordered:
            canonical.setdefault(profile, profile)
            for other in ordered:
                if other != profile and coauthors[profile] & coauthors[other]:
                    canonical[other] = canonical[profile]
    return {item: canonical[profile] for item, profile in truth.items()}


def pair_recall(predicted: Mapping[Hashable, Hashable], *paths: Path) -> dict[str, Any]:
    """Recall on hand-labelled same-person pairs and separation of different-person pairs."""
    same = found = diff = apart = missing = 0
    rows = [row for path in paths for row in csv.DictReader(path.open(encoding="utf-8"))]
    for row in rows:
        a, b = row["mention_id_a"], row["mention_id_b"]
        if a not in predicted or b not in predicted:
            missing += 1
            continue
        together = predicted[a] == predicted[b]
        if row["same_person"] == "1":
            same += 1
            found += together
        else:
            diff += 1
            apart += not together
    return {
        "positives": same,
        "recall": round(found / same, 5) if same else None,
        "negatives": diff,
        "kept_apart": round(apart / diff, 5) if diff else None,
        "missing": missing,
    }
