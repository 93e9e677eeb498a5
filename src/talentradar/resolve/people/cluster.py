"""Constrained clustering of scored mention pairs into persons (pure).

Pairs are taken strongest first; two clusters merge when their pair scores at
or above the threshold and the merge breaks no constraint: two mentions of one
paper are never one person (authors of a paper are different people), nor are
two mentions a cannot-link override separates, nor are two mentions whose source ids
(OpenReview profiles) appear as different authors of one paper ("foes": two people who wrote
together). Must-link overrides are merged
first and always hold. Greedy strongest-first merging with these constraints
stops a weak link from chaining two namesakes through a shared paper.

Most groups of connected strong pairs hold no constraint at all; greedy merging
joins such a group whole, so it is taken as one cluster at once and only the
groups with a constraint inside go through the greedy pass (same result, a
fraction of the work).
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any

import numpy as np

Item = Any
Pair = tuple[Item, Item]


@dataclass
class _Cluster:
    members: set[Item]
    papers: set[Hashable]
    forbidden: set[Item] = field(default_factory=set)
    labels: set[int] = field(default_factory=set)
    foes: set[int] = field(default_factory=set)


class ConstraintError(ValueError):
    """A must-link override joining mentions that cannot be one person."""

    def __init__(self, a: Item, b: Item) -> None:
        super().__init__(f"must-link {a!r} – {b!r} joins mentions that cannot be one person")
        self.pair = (a, b)


def cluster_pairs(
    items: Iterable[Item],
    pairs: Iterable[tuple[Item, Item, float]],
    threshold: float,
    paper_of: Mapping[Item, Hashable],
    must_link: Iterable[Pair] = (),
    cannot_link: Iterable[Pair] = (),
) -> dict[Item, Item]:
    """item → representative (first of its cluster in ``items`` order) of its cluster."""
    items = list(items)
    index = {item: i for i, item in enumerate(items)}
    codes = {p: k for k, p in enumerate(set(paper_of.values()))}
    scored = [(index[a], index[b], s) for a, b, s in pairs]
    try:
        rep = cluster_indices(
            np.array([codes[paper_of[i]] if i in paper_of else -1 for i in items]),
            np.array([a for a, _, _ in scored], dtype=np.int64),
            np.array([b for _, b, _ in scored], dtype=np.int64),
            np.array([s for _, _, s in scored], dtype=np.float64),
            threshold,
            _known(index, must_link),
            _known(index, cannot_link),
        )
    except ConstraintError as exc:
        raise ConstraintError(items[exc.pair[0]], items[exc.pair[1]]) from None
    return {item: items[r] for item, r in zip(items, rep.tolist(), strict=True)}


def _known(index: Mapping[Item, int], pairs: Iterable[Pair]) -> list[tuple[int, int]]:
    return [(index[a], index[b]) for a, b in pairs if a in index and b in index]


def cluster_indices(
    papers: np.ndarray,
    left: np.ndarray,
    right: np.ndarray,
    score: np.ndarray,
    threshold: float,
    must_link: Sequence[tuple[int, int]] = (),
    cannot_link: Sequence[tuple[int, int]] = (),
    labels: np.ndarray | None = None,
    foes: Sequence[tuple[int, int]] = (),
) -> np.ndarray:
    """For items 0..n-1 (``papers[i]``: item i's paper code, -1 for none) and scored pairs
    of item indices: the index of each item's representative, the first item of its cluster.

    ``labels[i]``: item i's source-id code (-1 for none); ``foes``: pairs of codes never in
    one cluster."""
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    n = len(papers)
    if n == 0:
        return np.zeros(0, dtype=np.int64)
    keep = (score >= threshold) & (left != right)
    left, right, score = left[keep], right[keep], score[keep]
    ends = np.array(must_link, dtype=np.int64).reshape(-1, 2)
    rows, cols = np.concatenate([left, ends[:, 0]]), np.concatenate([right, ends[:, 1]])
    graph = coo_matrix((np.ones(len(rows), dtype=np.int8), (rows, cols)), shape=(n, n))
    _, label = connected_components(graph, directed=False)
    codes = np.full(n, -1, dtype=np.int64) if labels is None else np.asarray(labels)
    foe_of = _foe_map(foes)
    constrained = np.union1d(
        _constrained(label, papers, cannot_link), _with_foes(label, codes, foe_of)
    )
    within = np.isin(label, constrained)
    if within.any():
        members = np.flatnonzero(within).tolist()
        inside = within[left]
        root = _greedy(
            members,
            list(
                zip(
                    left[inside].tolist(),
                    right[inside].tolist(),
                    score[inside].tolist(),
                    strict=True,
                )
            ),
            {i: p for i, p in zip(members, papers[within].tolist(), strict=True) if p >= 0},
            [(a, b) for a, b in must_link if within[a]],
            [(a, b) for a, b in cannot_link if within[a] and within[b]],
            {i: c for i, c in zip(members, codes[within].tolist(), strict=True) if c >= 0},
            foe_of,
        )
        label[within] = n + np.array([root[i] for i in members], dtype=label.dtype)
    _, first, inverse = np.unique(label, return_index=True, return_inverse=True)
    return first[inverse]


def _constrained(
    label: np.ndarray, papers: np.ndarray, cannot: Sequence[tuple[int, int]]
) -> np.ndarray:
    """Labels of the components holding two mentions of one paper or a cannot-link pair."""
    has = papers >= 0
    keys = label[has].astype(np.int64) * (int(papers.max(initial=0)) + 1) + papers[has]
    unique, counts = np.unique(keys, return_counts=True)
    shared_paper = label[has][np.isin(keys, unique[counts > 1])]
    forbidden = [label[a] for a, b in cannot if label[a] == label[b]]
    return np.union1d(shared_paper, np.array(forbidden, dtype=label.dtype))


def _foe_map(foes: Sequence[tuple[int, int]]) -> dict[int, set[int]]:
    foe_of: dict[int, set[int]] = {}
    for a, b in foes:
        if a != b:
            foe_of.setdefault(a, set()).add(b)
            foe_of.setdefault(b, set()).add(a)
    return foe_of


def _with_foes(label: np.ndarray, codes: np.ndarray, foe_of: Mapping[int, set[int]]) -> np.ndarray:
    """Labels of the components holding two items whose codes are foes."""
    if not foe_of:
        return np.zeros(0, dtype=label.dtype)
    has = codes >= 0
    comps: dict[int, set[int]] = {}
    for comp, code in set(zip(label[has].tolist(), codes[has].tolist(), strict=True)):
        comps.setdefault(comp, set()).add(code)
    hit = [
        c
        for c, held in comps.items()
        if len(held) > 1 and any(foe_of.get(x, set()) & held for x in held)
    ]
    return np.array(hit, dtype=label.dtype)


def _greedy(
    items: Iterable[Item],
    strong: list[tuple[Item, Item, float]],
    paper_of: Mapping[Item, Hashable],
    must_link: list[Pair],
    cannot_link: list[Pair],
    label_of: Mapping[Item, int] | None = None,
    foe_of: Mapping[int, set[int]] | None = None,
) -> dict[Item, Item]:
    """Strongest-first merging under the constraints: item → a representative item."""
    root: dict[Item, Item] = {item: item for item in items}
    clusters: dict[Item, _Cluster] = {}  # made on first use: most items stay alone

    def cluster_of(r: Item) -> _Cluster:
        found = clusters.get(r)
        if found is None:
            found = clusters[r] = _Cluster({r}, {paper_of.get(r, ("self", r))})
            code = (label_of or {}).get(r)
            if code is not None:
                found.labels, found.foes = {code}, set((foe_of or {}).get(code, ()))
        return found

    for a, b in cannot_link:
        cluster_of(a).forbidden.add(b)
        cluster_of(b).forbidden.add(a)

    def merge(ra: Item, rb: Item, must: Pair | None = None) -> None:
        """Merge two clusters unless a constraint forbids it (an error for a must-link)."""
        ca, cb = cluster_of(ra), cluster_of(rb)
        if (
            not ca.papers.isdisjoint(cb.papers)
            or not ca.foes.isdisjoint(cb.labels)
            or not cb.foes.isdisjoint(ca.labels)
            or (
                (ca.forbidden or cb.forbidden)
                and not (
                    ca.forbidden.isdisjoint(cb.members) and cb.forbidden.isdisjoint(ca.members)
                )
            )
        ):
            if must is not None:
                raise ConstraintError(*must)
            return
        if len(ca.members) < len(cb.members):
            ra, rb, ca, cb = rb, ra, cb, ca
        for m in cb.members:
            root[m] = ra
        ca.members |= cb.members
        ca.papers |= cb.papers
        ca.forbidden |= cb.forbidden
        ca.labels |= cb.labels
        ca.foes |= cb.foes
        del clusters[rb]

    for a, b in must_link:
        if root[a] != root[b]:
            merge(root[a], root[b], (a, b))
    # Ties in score are taken in item order, so the result does not depend on the input order.
    for a, b, _ in sorted(strong, key=lambda p: (-p[2], min(p[0], p[1]), max(p[0], p[1]))):
        ra, rb = root[a], root[b]
        if ra != rb:
            merge(ra, rb)
    return root
