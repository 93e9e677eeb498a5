"""Constrained clustering of scored mention pairs into persons (pure).

Pairs are taken strongest first; two clusters merge when their pair scores at
or above the threshold and the merge breaks no constraint: two mentions of one
paper are never one person (authors of a paper are different people), nor are
two mentions a cannot-link override separates. Must-link overrides are merged
first and always hold. Greedy strongest-first merging with these constraints
stops a weak link from chaining two namesakes through a shared paper.
"""

from __future__ import annotations

from collections.abc import Hashable, Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

Item = Any


@dataclass
class _Cluster:
    members: set[Item]
    papers: set[Hashable]
    forbidden: set[Item] = field(default_factory=set)


class ConstraintError(ValueError):
    """Overrides that contradict each other or a hard constraint."""


def cluster_pairs(
    items: Iterable[Item],
    pairs: Iterable[tuple[Item, Item, float]],
    threshold: float,
    paper_of: Mapping[Item, Hashable],
    must_link: Iterable[tuple[Item, Item]] = (),
    cannot_link: Iterable[tuple[Item, Item]] = (),
) -> dict[Item, Item]:
    """item → representative item of its cluster."""
    root: dict[Item, Item] = {item: item for item in items}
    clusters: dict[Item, _Cluster] = {}  # made on first use: most items stay alone

    def cluster_of(r: Item) -> _Cluster:
        found = clusters.get(r)
        if found is None:
            found = clusters[r] = _Cluster({r}, {paper_of.get(r, ("self", r))})
        return found

    for a, b in cannot_link:
        if a in root and b in root:
            cluster_of(a).forbidden.add(b)
            cluster_of(b).forbidden.add(a)

    def merge(ra: Item, rb: Item, strict: bool, pair: tuple[Item, Item] = ()) -> bool:  # type: ignore[assignment]
        ca, cb = cluster_of(ra), cluster_of(rb)
        if not ca.papers.isdisjoint(cb.papers) or (
            (ca.forbidden or cb.forbidden)
            and not (ca.forbidden.isdisjoint(cb.members) and cb.forbidden.isdisjoint(ca.members))
        ):
            if strict:
                raise ConstraintError(
                    f"must-link {pair[0]!r} – {pair[1]!r} joins mentions that cannot be one person"
                )
            return False
        if len(ca.members) < len(cb.members):
            ra, rb, ca, cb = rb, ra, cb, ca
        for m in cb.members:
            root[m] = ra
        ca.members |= cb.members
        ca.papers |= cb.papers
        ca.forbidden |= cb.forbidden
        del clusters[rb]
        return True

    for a, b in must_link:
        if a in root and b in root and root[a] != root[b]:
            merge(root[a], root[b], True, (a, b))
    for a, b, score in sorted(pairs, key=lambda p: -p[2]):
        if score < threshold:
            break
        ra, rb = root[a], root[b]
        if ra != rb:
            merge(ra, rb, strict=False)
    return dict(root)
