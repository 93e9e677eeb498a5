"""Clustering metrics (pure): B³ and pairwise precision, recall and F1.

Both compare a predicted clustering with a true one over the same items; items
missing from either side are ignored. B³ averages, per item, the overlap of its
predicted and true clusters; pairwise counts item pairs placed together.
"""

from __future__ import annotations

from collections import Counter, defaultdict
from collections.abc import Hashable, Mapping
from dataclasses import dataclass
from typing import Any

Clustering = Mapping[Any, Any]
"""item → cluster label."""


@dataclass(frozen=True)
class Scores:
    precision: float
    recall: float
    f1: float
    items: int

    def as_dict(self) -> dict[str, float | int]:
        return {
            "precision": round(self.precision, 5),
            "recall": round(self.recall, 5),
            "f1": round(self.f1, 5),
            "items": self.items,
        }


def _f1(p: float, r: float) -> float:
    return 2 * p * r / (p + r) if p + r else 0.0


def b_cubed(predicted: Clustering, truth: Clustering) -> Scores:
    items = [i for i in truth if i in predicted]
    if not items:
        return Scores(0.0, 0.0, 0.0, 0)
    joint = Counter((predicted[i], truth[i]) for i in items)
    pred_size = Counter(predicted[i] for i in items)
    true_size = Counter(truth[i] for i in items)
    precision = sum(n * n / pred_size[p] for (p, _), n in joint.items()) / len(items)
    recall = sum(n * n / true_size[t] for (_, t), n in joint.items()) / len(items)
    return Scores(precision, recall, _f1(precision, recall), len(items))


def pairwise(predicted: Clustering, truth: Clustering) -> Scores:
    items = [i for i in truth if i in predicted]
    if not items:
        return Scores(0.0, 0.0, 0.0, 0)
    joint = Counter((predicted[i], truth[i]) for i in items)
    pred_size = Counter(predicted[i] for i in items)
    true_size = Counter(truth[i] for i in items)

    def pairs(counts: Counter[Hashable] | Counter[tuple[Hashable, Hashable]]) -> int:
        return sum(n * (n - 1) // 2 for n in counts.values())

    both, pred_pairs, true_pairs = pairs(joint), pairs(pred_size), pairs(true_size)
    precision = both / pred_pairs if pred_pairs else 1.0
    recall = both / true_pairs if true_pairs else 1.0
    return Scores(precision, recall, _f1(precision, recall), len(items))


def clusters_of(assignment: Clustering) -> dict[Hashable, list[Hashable]]:
    out: dict[Hashable, list[Hashable]] = defaultdict(list)
    for item, label in assignment.items():
        out[label].append(item)
    return out
