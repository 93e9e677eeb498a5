"""Which author an entry of an OpenReview profile-order list belongs to, from evidence.

OpenReview-era paperlists files keep ``aff``/``aff_domain``/``position`` in *profile order*:
first the authors who signed with their profile's own id, in author order, then those who
signed with another id of their profile (an alias), in author order. A record does not say
which ids are aliases, so a list with one entry per profile, read in author order, gives a
wrong entry to every author from the first alias on (in the OpenReview-profile files, whose
``or_profile`` says the truth, that reading is wrong for 7–10 % of the entries).

The venue-year's other records say more: one profile gives one entry per conference-year,
so the entries an id takes on its other papers (its *signature*) are what it must take here.
:func:`layout` reads a list in author order when no signature says otherwise; else it tries
the fewest aliases (at most two) that make every signature agree and places an author where
every agreeing reading gives the same entry (``aligned``), the others get none. When no
reading agrees (the evidence contradicts itself), the authors keep author order, except one
whose own signature the list contradicts. The same holds for the OpenReview-profile files'
records without ``or_profile`` (one entry per author, e-mail authors in place), ordered by the
records with it. Short lists (profiles without an affiliation skipped) are aligned later,
from resolved orgs (:mod:`talentradar.resolve.orgs.alignment`).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from itertools import combinations

MAX_ALIASES = 2
MAX_AUTHORS_FOR_ALIASES = 30  # longer lists are read in author order only

_FOLD = re.compile(r"[\s,;.]+")


def entry_key(text: str) -> str:
    """An entry as compared across records: case, spacing and punctuation folded."""
    return _FOLD.sub(" ", text).strip().lower()


@dataclass
class Signatures:
    """The entries each OpenReview id takes on a venue-year's records: lists read in author
    order (paperlists) and lists whose ``or_profile`` says whose each entry is."""

    by_id: dict[str, Counter[str]] = field(default_factory=dict)

    def add(self, ids: list[str], entries: list[str]) -> None:
        """A list read in author order."""
        self.add_pairs(reading(ids, entries))

    def add_pairs(self, pairs: Iterable[tuple[str, str]]) -> None:
        """(id, entry key) pairs known to go together."""
        for ident, key in pairs:
            self.by_id.setdefault(ident, Counter())[key] += 1

    def of(self, ident: str, own: Counter[tuple[str, str]]) -> frozenset[str]:
        """The entries ``ident`` takes on records other than the one read now (``own``)."""
        seen = self.by_id.get(ident, Counter())
        return frozenset(key for key, n in seen.items() if n - own[(ident, key)] > 0)


def reading(ids: list[str], entries: list[str]) -> list[tuple[str, str]]:
    """(id, entry key) of a list with one entry per profile, read in author order; none for
    any other list."""
    profiled = [ident for ident in ids if ident.startswith("~")]
    if len(entries) != len(profiled):
        return []
    return [(i, entry_key(e)) for i, e in zip(profiled, entries, strict=True) if entry_key(e)]


def layout(
    ids: list[str],
    entries: list[str],
    signatures: Signatures,
    own: Counter[tuple[str, str]] | None = None,
) -> tuple[list[int | None], list[str | None]]:
    """Entry index and method (``exact``: author order; ``aligned``: an alias reading) of each
    author of a list with one entry per ``~`` profile (e-mail authors take none), or with one
    entry per author (e-mail authors keep their place: only a ``~`` id can be an alias).
    ``own``: what this record itself added to ``signatures`` (its author-order reading by
    default), never evidence for itself."""
    profiled = [i for i, v in enumerate(ids) if v.startswith("~")]
    members = list(range(len(ids))) if len(entries) == len(ids) else profiled
    in_order: dict[int, int] = {i: j for j, i in enumerate(members)}
    own = Counter(reading(ids, entries)) if own is None else own
    seen = {i: signatures.of(ids[i], own) if i in profiled else frozenset() for i in members}
    keys = [entry_key(e) for e in entries]
    decided: dict[int, int] = {}
    explained = False  # an alias reading agrees: author order is known to be wrong
    most = MAX_ALIASES if len(profiled) <= MAX_AUTHORS_FOR_ALIASES else 0
    for aliases in range(most + 1):
        readings = _readings(members, profiled, aliases)
        agreeing = [r for r in readings if _agrees(r, keys, seen)]
        if agreeing:
            decided = _common(agreeing, keys)
            explained = aliases > 0
            break
    slots: list[int | None] = [None] * len(ids)
    methods: list[str | None] = [None] * len(ids)
    for i in members:
        if i in decided and keys[decided[i]] == keys[in_order[i]]:
            slots[i], methods[i] = in_order[i], "exact"  # the same entry as in author order
        elif i in decided:
            slots[i], methods[i] = decided[i], "aligned"
        elif not explained and (not seen[i] or keys[in_order[i]] in seen[i]):
            slots[i], methods[i] = in_order[i], "exact"
    return slots, methods


def _readings(members: list[int], profiled: list[int], aliases: int) -> Iterator[dict[int, int]]:
    """Every reading with ``aliases`` profile ids moved to the end: author index → entry."""
    for moved in combinations(profiled, aliases):
        sequence = [i for i in members if i not in moved] + list(moved)
        yield {i: j for j, i in enumerate(sequence)}


def _agrees(reading: dict[int, int], keys: list[str], seen: dict[int, frozenset[str]]) -> bool:
    return all(not seen[i] or keys[j] in seen[i] for i, j in reading.items())


def _common(agreeing: Iterable[dict[int, int]], keys: list[str]) -> dict[int, int]:
    """The authors every agreeing reading gives the same entry (by its folded text)."""
    readings = list(agreeing)
    out = {}
    for i, j in readings[0].items():
        if all(keys[r[i]] == keys[j] for r in readings[1:]):
            out[i] = j
    return out
