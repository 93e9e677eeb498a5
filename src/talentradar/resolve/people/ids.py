"""Stable person ids (pure): a cluster keeps the id its mentions had last time.

Each new cluster takes the previous id held by most of its mentions, largest
overlaps first, each previous id going to one cluster only. A cluster with no
previous id gets a new one derived from its smallest mention id, so the same
evidence always gives the same ids.
"""

from __future__ import annotations

import hashlib
from collections import Counter, defaultdict
from collections.abc import Mapping


def assign_ids(clusters: Mapping[str, str], previous: Mapping[str, str]) -> dict[str, str]:
    """mention id → person id, for clusters given as mention id → cluster representative."""
    members: dict[str, list[str]] = defaultdict(list)
    for mention, rep in clusters.items():
        members[rep].append(mention)
    claims = []
    for rep, ms in members.items():
        for old, n in Counter(previous[m] for m in ms if m in previous).items():
            claims.append((-n, old, rep))
    taken: set[str] = set()
    named: dict[str, str] = {}
    for _, old, rep in sorted(claims):
        if rep not in named and old not in taken:
            named[rep] = old
            taken.add(old)
    for rep, ms in members.items():
        if rep not in named:
            named[rep] = "P" + hashlib.sha1(min(ms).encode("utf-8")).hexdigest()[:11]
            while named[rep] in taken:
                named[rep] = "P" + hashlib.sha1(named[rep].encode("utf-8")).hexdigest()[:11]
            taken.add(named[rep])
    return {m: named[rep] for rep, ms in members.items() for m in ms}
