"""People overrides: must-link and cannot-link rules kept as data.

A rule names two subjects, each a mention id or a source person id
(``~Jane_Doe1``, ``/j/jane-doe/``): all their mentions are, or are never, one
person. Rules live in the durable ``person_overrides`` table and are re-applied
on every rebuild. A rule that contradicts another (A must link B while B cannot
link A) is refused with a message naming both.
"""

from __future__ import annotations

import itertools
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime
from typing import Literal

from talentradar.errors import TalentRadarError
from talentradar.store import Store

Kind = Literal["must", "cannot"]
KINDS: tuple[Kind, ...] = ("must", "cannot")


class OverrideConflict(TalentRadarError):
    """Overrides that cannot all hold."""


@dataclass(frozen=True)
class Override:
    kind: Kind
    a: str
    b: str
    note: str | None = None


def list_overrides(store: Store) -> list[Override]:
    return [
        Override(r["kind"], r["a"], r["b"], r["note"])
        for r in store.query(
            "SELECT kind, a, b, note FROM person_overrides ORDER BY added_at, kind, a, b"
        )
    ]


def add_override(radar: Store, workspace: Store, rule: Override, now: datetime) -> None:
    """Store a rule in the ``workspace`` after checking it against the others and the radar's
    mentions; refuses conflicts and unknown subjects."""
    if rule.kind not in KINDS:
        raise TalentRadarError(f"unknown override kind {rule.kind!r}; valid: must, cannot")
    if rule.a == rule.b:
        raise TalentRadarError(f"an override needs two different subjects, got {rule.a!r} twice")
    for subject in (rule.a, rule.b):
        if not mentions_of(radar, subject):
            raise TalentRadarError(f"no mention or source person id {subject!r} in the radar")
    check_consistent([*list_overrides(workspace), rule])
    a, b = sorted((rule.a, rule.b))
    workspace.execute(
        "INSERT OR REPLACE INTO person_overrides VALUES (?, ?, ?, ?, ?)",
        [rule.kind, a, b, rule.note, now],
    )


def remove_override(store: Store, kind: str, a: str, b: str) -> bool:
    a, b = sorted((a, b))
    found = store.query(
        "SELECT 1 FROM person_overrides WHERE kind = ? AND a = ? AND b = ?", [kind, a, b]
    )
    store.execute("DELETE FROM person_overrides WHERE kind = ? AND a = ? AND b = ?", [kind, a, b])
    return bool(found)


def check_consistent(rules: Iterable[Override]) -> None:
    """Refuse a set where a cannot-link joins two subjects that must-links connect."""
    rules = list(rules)
    parent: dict[str, str] = {}

    def find(x: str) -> str:
        while parent.get(x, x) != x:
            x = parent[x]
        return x

    for r in rules:
        if r.kind == "must":
            parent[find(r.a)] = find(r.b)
    for r in rules:
        if r.kind == "cannot" and find(r.a) == find(r.b):
            raise OverrideConflict(
                f"conflicting overrides: {r.a} cannot link {r.b}, but must-link rules join them; "
                f"remove one with `talentradar people override remove`"
            )


def mentions_of(store: Store, subject: str) -> list[str]:
    rows = store.query(
        "SELECT mention_id FROM mentions WHERE mention_id = ? OR source_person_id = ?",
        [subject, subject],
    )
    return [r["mention_id"] for r in rows]


def expand(
    store: Store, rules: Iterable[Override]
) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(must-link mention pairs, cannot-link mention pairs) for the clustering."""
    must: list[tuple[str, str]] = []
    cannot: list[tuple[str, str]] = []
    for rule in rules:
        left, right = mentions_of(store, rule.a), mentions_of(store, rule.b)
        if rule.kind == "must":
            chain = left + right
            must.extend(itertools.pairwise(chain))
        else:
            cannot.extend((x, y) for x in left for y in right)
    return must, cannot
