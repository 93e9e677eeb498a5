"""Short per-author lists aligned by evidence (talentradar.resolve.orgs.alignment)."""

from __future__ import annotations

import itertools
import random

from talentradar.resolve.orgs.alignment import (
    SAME_YEAR,
    Entry,
    Known,
    align_paper,
    decide,
)

HERE = ("neurips", 2021)


def entry(name: str, org: str | None = None) -> Entry:
    return Entry(name, f"{name.lower()}.edu", frozenset({org or name}))


def known(**by_id: str) -> dict[str, Known]:
    """Each id's same-venue-year org (``-`` prefix: an org of another year)."""
    out: dict[str, Known] = {}
    for pid, org in by_id.items():
        k = Known()
        here = ("iclr", 2019) if org.startswith("-") else HERE
        k.by_venue_year[here].add(org.lstrip("-"))
        out[pid] = k
    return out


def outcomes(pids: list[str], entries: list[Entry], facts: dict[str, Known]) -> list[str]:
    return [
        entries[d.entry].affiliation if d.entry is not None else d.outcome
        for d in align_paper(pids, entries, facts, HERE)
    ]


def test_evidence_of_one_author_forces_the_others() -> None:
    # b has B in this crawl: a must take A (monotone), c is the one skipped
    got = outcomes(["a", "b", "c"], [entry("A"), entry("B")], known(b="B"))
    assert got == ["A", "B", "no entry"]


def test_without_evidence_nobody_is_placed() -> None:
    got = outcomes(["a", "b", "c"], [entry("A"), entry("B")], {})
    assert got == ["tie", "tie", "tie"]


def test_identical_entries_are_one_decision_but_a_skip_is_another() -> None:
    entries = [entry("A"), entry("A")]
    assert outcomes(["a", "b", "c"], entries, known(a="A", c="A")) == ["A", "no entry", "A"]
    # only a is known: b or c is the skipped one, so neither is placed
    assert outcomes(["a", "b", "c"], entries, known(a="A")) == ["A", "tie", "tie"]


def test_entries_naming_the_same_org_are_one_decision() -> None:
    entries = [entry("Stanford University", "stanford"), entry("Stanford", "stanford")]
    got = outcomes(["a", "b", "c"], [entries[0], entries[1]], known(a="stanford", b="stanford"))
    assert got[:2] != ["tie", "tie"] and got[2] == "no entry"


def test_other_year_evidence_decides_only_when_unique() -> None:
    entries = [entry("A"), entry("B")]
    assert outcomes(["a", "b", "c"], entries, known(a="-A", b="-A")) == ["tie", "tie", "tie"]
    assert outcomes(["a", "b", "c"], entries, known(a="-A", c="-B")) == ["A", "no entry", "B"]


def test_decide_agrees_with_enumerating_every_alignment() -> None:
    """The dynamic programme against brute force over all C(p, k) skip sets."""
    rng = random.Random(7)
    for _ in range(300):
        p = rng.randint(2, 7)
        m = rng.randint(1, p - 1)
        entries = [entry(rng.choice("ABCD")) for _ in range(m)]
        scores = [
            [rng.choice([0.0, 0.0, 1.0, SAME_YEAR, -1.0]) for _ in range(m)] for _ in range(p)
        ]
        skips = [rng.choice([0.0, 0.0, -2.0]) for _ in range(p)]
        assert decide(scores, skips, entries) == brute(scores, skips, entries)


def brute(scores: list[list[float]], skips: list[float], entries: list[Entry]) -> list:
    p, m = len(skips), len(entries)
    best, winners = float("-inf"), []
    for kept in itertools.combinations(range(p), m):
        slot = {i: j for j, i in enumerate(kept)}
        total = sum(scores[i][slot[i]] if i in slot else skips[i] for i in range(p))
        choice = [slot.get(i) for i in range(p)]
        if total > best + 1e-9:
            best, winners = total, [choice]
        elif abs(total - best) <= 1e-9:
            winners.append(choice)
    out: list = []
    for i in range(p):
        keys = {(entries[w[i]].orgs if w[i] is not None else None) for w in winners}
        if len(keys) > 1:
            out.append("tie")
        else:
            first = winners[0][i]
            js = [w[i] for w in winners]
            out.append(min(j for j in js) if first is not None else None)
    return out
