"""Constrained clustering, stable ids and override rules (pure)."""

from __future__ import annotations

import pyarrow as pa
import pytest
from hypothesis import given
from hypothesis import strategies as st

from talentradar.resolve.people.cluster import ConstraintError, _greedy, cluster_pairs
from talentradar.resolve.people.ids import assign_ids
from talentradar.resolve.people.overrides import Override, OverrideConflict, check_consistent


def _groups(assignment):
    out = {}
    for item, rep in assignment.items():
        out.setdefault(rep, set()).add(item)
    return sorted(sorted(g) for g in out.values())


def test_strong_pairs_merge_weak_do_not() -> None:
    result = cluster_pairs("abcd", [("a", "b", 0.99), ("b", "c", 0.95), ("c", "d", 0.2)], 0.9, {})
    assert _groups(result) == [["a", "b", "c"], ["d"]]


def test_two_authors_of_one_paper_are_never_one_person() -> None:
    papers = {"a": 1, "b": 1, "c": 2}
    result = cluster_pairs("abc", [("a", "c", 0.99), ("b", "c", 0.98)], 0.9, papers)
    assert _groups(result) == [["a", "c"], ["b"]]


def test_two_source_ids_that_wrote_together_are_never_one_person() -> None:
    import numpy as np

    from talentradar.resolve.people.cluster import cluster_indices

    # a (id 0) and b (id 1) are two people who wrote paper 9 together; c (id 0) is a, elsewhere.
    # Strong a-c and c-b pairs would chain a and b into one person; the foe pair keeps them apart.
    papers = np.array([1, 2, 3])
    left, right = np.array([0, 2]), np.array([2, 1])
    rep = cluster_indices(
        papers, left, right, np.array([0.99, 0.95]), 0.9, labels=np.array([0, 1, 0]), foes=[(0, 1)]
    )
    assert rep.tolist() == [0, 1, 0]
    free = cluster_indices(papers, left, right, np.array([0.99, 0.95]), 0.9)
    assert free.tolist() == [0, 0, 0]


def test_overrides_win_and_conflicts_are_refused() -> None:
    result = cluster_pairs(
        "abc", [("a", "b", 0.99)], 0.9, {}, must_link=[("b", "c")], cannot_link=[("a", "c")]
    )
    assert _groups(result) == [["a"], ["b", "c"]]
    with pytest.raises(ConstraintError, match="'a' – 'b'"):
        cluster_pairs("ab", [], 0.9, {"a": 1, "b": 1}, must_link=[("a", "b")])
    with pytest.raises(OverrideConflict, match="conflicting overrides"):
        check_consistent([Override("must", "A", "B"), Override("cannot", "B", "A")])


@given(
    st.lists(
        st.tuples(st.sampled_from("abcdefgh"), st.sampled_from("abcdefgh"), st.floats(0, 1)),
        max_size=30,
    )
)
def test_clusters_partition_the_mentions(pairs) -> None:
    items = list("abcdefgh")
    papers = {i: i in "ab" for i in items}
    result = cluster_pairs(items, pairs, 0.5, papers)
    assert set(result) == set(items)
    groups = _groups(result)
    assert sorted(i for g in groups for i in g) == items
    assert not any({"a", "b"} <= set(g) for g in groups)


def _ids(clusters: dict[str, str], previous: dict[str, str]) -> dict[str, str]:
    text = pa.string()
    found = assign_ids(
        pa.table({"mention_id": pa.array(list(clusters), text), "rep": list(clusters.values())}),
        pa.table(
            {
                "mention_id": pa.array(list(previous), text),
                "person_id": pa.array(list(previous.values()), text),
            }
        ),
    )
    return dict(zip(found["mention_id"].to_pylist(), found["person_id"].to_pylist(), strict=True))


def test_ids_are_stable_when_evidence_does_not_change() -> None:
    first = _ids({"m1": "m1", "m2": "m1", "m3": "m3"}, {})
    again = _ids({"m1": "m1", "m2": "m1", "m3": "m3"}, first)
    assert again == first
    grown = _ids({"m1": "m2", "m2": "m2", "m3": "m3", "m4": "m3"}, first)
    assert grown["m1"] == first["m1"] and grown["m4"] == first["m3"]


@given(
    st.lists(
        st.tuples(st.sampled_from("abcdefghij"), st.sampled_from("abcdefghij"), st.floats(0, 1)),
        max_size=40,
    ),
    st.dictionaries(st.sampled_from("abcdefghij"), st.integers(0, 3)),
)
def test_taking_unconstrained_components_whole_equals_greedy_merging(pairs, papers) -> None:
    items = list("abcdefghij")
    fast = cluster_pairs(items, pairs, 0.5, papers)
    strong = [p for p in pairs if p[2] >= 0.5 and p[0] != p[1]]
    slow = _greedy(items, strong, papers, [], [])
    assert _groups(fast) == _groups(slow)
    assert all(rep == min(i for i in items if fast[i] == rep) for rep in fast.values())
