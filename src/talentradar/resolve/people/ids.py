"""Stable person ids (pure): a cluster keeps the id its mentions had last time.

Each new cluster takes the previous id held by most of its mentions, largest
overlaps first, each previous id going to one cluster only. A cluster with no
previous id gets a new one derived from its smallest mention id, so the same
evidence always gives the same ids.
"""

from __future__ import annotations

import hashlib

import pyarrow as pa
import pyarrow.compute as pc


def assign_ids(clusters: pa.Table, previous: pa.Table) -> pa.Table:
    """(mention_id, person_id) for ``clusters`` given as (mention_id, rep: its cluster's
    representative), ``previous`` as the (mention_id, person_id) of the last build."""
    claims = (
        clusters.join(previous.select(["mention_id", "person_id"]), "mention_id", join_type="inner")
        .group_by(["rep", "person_id"])
        .aggregate([("mention_id", "count")])
    )
    taken: set[str] = set()
    named: dict[str, str] = {}
    for _, old, rep in sorted(
        zip(
            pc.negate(claims.column("mention_id_count")).to_pylist(),
            claims.column("person_id").to_pylist(),
            claims.column("rep").to_pylist(),
            strict=True,
        )
    ):
        if rep not in named and old not in taken:
            named[rep] = old
            taken.add(old)
    smallest = clusters.group_by("rep").aggregate([("mention_id", "min")])
    for rep, first in zip(
        smallest.column("rep").to_pylist(),
        smallest.column("mention_id_min").to_pylist(),
        strict=True,
    ):
        if rep not in named:
            new = "P" + hashlib.sha1(first.encode("utf-8")).hexdigest()[:11]
            while new in taken:
                new = "P" + hashlib.sha1(new.encode("utf-8")).hexdigest()[:11]
            named[rep] = new
            taken.add(new)
    reps = pa.array(list(named), pa.string())
    person_ids = pa.array(list(named.values()), pa.string())
    return pa.table(
        {
            "mention_id": clusters.column("mention_id"),
            "person_id": person_ids.take(pc.index_in(clusters.column("rep"), value_set=reps)),
        }
    )
