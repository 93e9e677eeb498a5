"""Short per-author lists placed by evidence (monotone subsequence alignment).

In OpenReview-era paperlists files ``aff``/``aff_domain`` follow profile order and skip the
authors whose profile has no affiliation. Authors with an e-mail id are skipped by the source
and handled at parse time; among the ``p`` authors with a ``~Profile`` id, ``k = p - m`` of
the ``m`` entries are missing and nothing says whose. The entries keep author order, so author
``i`` takes entry ``j`` with ``i - k <= j <= i``, or none.

Each choice of the ``k`` skipped authors is one alignment, scored by evidence only:

* the same OpenReview id's own-paper placements elsewhere (``mention_orgs`` rows made before
  this step's paper-level rules: exact or parse-time aligned, from lists placed one to one,
  and the OpenReview-profile enrichment files): an entry whose e-mail domain is one of the
  id's domains, or whose resolved org (or its root) is one of the id's orgs, scores
  ``SAME_YEAR`` when that placement is of the same venue-year (the same crawl), else
  ``OTHER_YEAR``;
* an id with a same-venue-year placement has an affiliation in that crawl: skipping it costs
  ``SKIP_KNOWN``, an entry that says something else costs ``MISMATCH``.

An author is placed (``method = 'aligned'``, the evidence in ``matched``) only when every
best-scoring alignment gives them the same entry (entries naming the same orgs, or
identical unresolved entries, count as one); otherwise
the author stays unaligned and the reason (``tie`` or ``no entry``) is kept in ``alignments``
for ``stats``. Nothing here reads a name.
"""

from __future__ import annotations

import json
import re
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

import pyarrow as pa

from talentradar.normalise import PUBLIC_MAIL, email_domain, split_authors, split_list
from talentradar.resolve.orgs.matcher import resolve_mention
from talentradar.resolve.orgs.registry import Registry
from talentradar.store import Store

SAME_YEAR, OTHER_YEAR, SKIP_KNOWN, MISMATCH = 3.0, 1.0, -2.0, -1.0
_EPS = 1e-9
SHORT_LIST = "% entries for % authors and % profiles"

CANDIDATES_SQL = f"""
SELECT p.paper_id, p.venue, p.year, r.payload
FROM (SELECT paper_id, venue, year, unnest(record_ids) AS record_id FROM papers
      WHERE unaligned LIKE '{SHORT_LIST}' AND author_source = 'paperlists') p
JOIN records r ON r.record_id = p.record_id AND r.source = 'paperlists'
ORDER BY p.paper_id
"""
MENTIONS_SQL = f"""
SELECT mention_id, paper_id, position, source_person_id FROM mentions
WHERE paper_id IN (SELECT paper_id FROM papers WHERE unaligned LIKE '{SHORT_LIST}'
                   AND author_source = 'paperlists')
ORDER BY paper_id, position
"""
EVIDENCE_SQL = f"""
SELECT m.source_person_id AS pid, m.venue, m.year, m.email_domain, mo.org_id, o.root_id
FROM mentions m JOIN mention_orgs mo USING (mention_id) JOIN orgs o USING (org_id)
WHERE mo.method IN ('exact', 'aligned') AND m.source_person_id IN (
    SELECT source_person_id FROM mentions WHERE paper_id IN (
        SELECT paper_id FROM papers WHERE unaligned LIKE '{SHORT_LIST}'))
"""

ALIGNMENTS = pa.schema(
    [
        ("mention_id", pa.string()),
        ("paper_id", pa.string()),
        ("venue", pa.string()),
        ("year", pa.int32()),
        ("outcome", pa.string()),
        ("affiliation", pa.string()),
        ("email_domain", pa.string()),
        ("evidence", pa.string()),
    ]
)
"""One row per profiled author of a short list: ``outcome`` placed | no entry | tie."""


@dataclass(frozen=True)
class Entry:
    affiliation: str
    domain: str | None
    orgs: frozenset[str]
    """Resolved org ids and their roots."""


@dataclass
class Known:
    """What the id's own-paper placements say: (venue, year) → domains and orgs; ``learned``:
    the same from this step's own placements of the id on other short lists."""

    by_venue_year: dict[tuple[str, int], set[str]] = field(default_factory=lambda: defaultdict(set))
    learned: dict[tuple[str, int], set[str]] = field(default_factory=lambda: defaultdict(set))


@dataclass(frozen=True)
class Decision:
    index: int
    """Author position among the profiled authors."""
    entry: int | None
    outcome: str
    evidence: str


def evidence_by_id(store: Store) -> dict[str, Known]:
    out: dict[str, Known] = defaultdict(Known)
    for row in store.query(EVIDENCE_SQL):
        keys = out[row["pid"]].by_venue_year[(row["venue"], row["year"])]
        keys.update(k for k in (row["org_id"], row["root_id"]) if k)
        if row["email_domain"] and row["email_domain"] not in PUBLIC_MAIL:
            keys.add("@" + row["email_domain"])
    return out


def entry_keys(entry: Entry) -> set[str]:
    keys = set(entry.orgs)
    if entry.domain and entry.domain not in PUBLIC_MAIL:
        keys.add("@" + entry.domain)
    return keys


def pair_score(known: Known | None, here: tuple[str, int], entry: Entry) -> tuple[float, str]:
    """(score, evidence) of one author taking one entry."""
    if known is None:
        return 0.0, ""
    keys = entry_keys(entry)
    facts, learned = known.by_venue_year.get(here), known.learned.get(here)
    if facts is not None or learned is not None:
        for same, how in ((facts, ""), (learned, " (aligned on another paper)")):
            hit = (same or set()) & keys
            if hit:
                return SAME_YEAR, f"same id, same venue-year{how}: {_show(hit)}"
        return MISMATCH, ""
    for (venue, year), other in sorted(known.by_venue_year.items(), key=lambda kv: _near(kv, here)):
        hit = other & keys
        if hit:
            return OTHER_YEAR, f"same id, {venue} {year}: {_show(hit)}"
    return 0.0, ""


def _near(item: tuple[tuple[str, int], set[str]], here: tuple[str, int]) -> tuple[int, str]:
    (venue, year), _ = item
    return abs(year - here[1]), venue


def _show(keys: set[str]) -> str:
    return ", ".join(sorted(keys)[:3])


def skip_score(known: Known | None, here: tuple[str, int]) -> float:
    if known is None:
        return 0.0
    return SKIP_KNOWN if here in known.by_venue_year or here in known.learned else 0.0


def decide(
    scores: list[list[float]], skips: list[float], entries: list[Entry]
) -> list[int | str | None]:
    """Per author: the entry index every best alignment gives them, ``None`` when every best
    alignment skips them, ``"tie"`` when the best alignments disagree. ``scores[i][j]``: author
    ``i`` taking entry ``j``; entries with the same affiliation and domain count as one."""
    p, m = len(skips), len(entries)
    k = p - m
    neg = float("-inf")
    f = [[neg] * (m + 1) for _ in range(p + 1)]
    g = [[neg] * (m + 1) for _ in range(p + 1)]
    f[0][0] = 0.0
    for i in range(p):
        for j in range(max(0, i - k), min(i, m) + 1):
            if f[i][j] == neg:
                continue
            if j < m:
                f[i + 1][j + 1] = max(f[i + 1][j + 1], f[i][j] + scores[i][j])
            if i + 1 - j <= k:
                f[i + 1][j] = max(f[i + 1][j], f[i][j] + skips[i])
    g[p][m] = 0.0
    for i in range(p - 1, -1, -1):
        for j in range(max(0, i - k), min(i, m) + 1):
            take = scores[i][j] + g[i + 1][j + 1] if j < m else neg
            skip = skips[i] + g[i + 1][j] if i + 1 - j <= k else neg
            g[i][j] = max(take, skip)
    best = f[p][m]
    return [_unique(i, f, g, scores, skips, entries, best, k) for i in range(p)]


def _unique(
    i: int,
    f: list[list[float]],
    g: list[list[float]],
    scores: list[list[float]],
    skips: list[float],
    entries: list[Entry],
    best: float,
    k: int,
) -> int | str | None:
    winners: dict[Any, int | None] = {}
    m = len(entries)
    for j in range(max(0, i - k), min(i, m) + 1):
        if j < m and f[i][j] + scores[i][j] + g[i + 1][j + 1] >= best - _EPS:
            winners.setdefault(_decision_key(entries[j]), j)
        if i + 1 - j <= k and f[i][j] + skips[i] + g[i + 1][j] >= best - _EPS:
            winners.setdefault(None, None)
    return next(iter(winners.values())) if len(winners) == 1 else "tie"


def _decision_key(entry: Entry) -> Any:
    """Entries naming the same orgs are one decision; an unresolved entry is its text."""
    return entry.orgs or (entry.affiliation, entry.domain)


def align_paper(
    profiled: list[str | None], entries: list[Entry], known: dict[str, Known], here: tuple[str, int]
) -> list[Decision]:
    """Decisions for the profiled authors (their ids, in author order) of one short list."""
    facts = [known.get(pid) if pid else None for pid in profiled]
    pairs = [[pair_score(kn, here, e) for e in entries] for kn in facts]
    scores = [[s for s, _ in row] for row in pairs]
    skips = [skip_score(kn, here) for kn in facts]
    k = len(profiled) - len(entries)
    out = []
    for i, choice in enumerate(decide(scores, skips, entries)):
        if choice == "tie":
            out.append(Decision(i, None, "tie", ""))
        elif choice is None:
            out.append(Decision(i, None, "no entry", ""))
        else:
            assert isinstance(choice, int)
            why = pairs[i][choice][1] or (
                f"forced by the other authors' evidence ({k} of {len(profiled)} entries missing)"
            )
            out.append(Decision(i, choice, "placed", why))
    return out


@dataclass(frozen=True)
class ShortList:
    paper_id: str
    venue: str
    year: int
    mention_ids: list[str]
    """Of the profiled authors, in author order."""
    pids: list[str | None]
    affiliations: list[str]
    domains: list[str | None]


def short_lists(store: Store) -> list[ShortList]:
    """Every paperlists paper whose list is shorter than its profiled authors."""
    by_paper: dict[str, list[dict[str, Any]]] = defaultdict(list)
    for row in store.query(MENTIONS_SQL):
        by_paper[row["paper_id"]].append(row)
    out = []
    for row in store.query(CANDIDATES_SQL):
        found = _short_list(row, by_paper.get(row["paper_id"], []))
        if found is not None:
            out.append(found)
    return out


def _short_list(row: dict[str, Any], mentions: list[dict[str, Any]]) -> ShortList | None:
    p = row["payload"]
    p = json.loads(p) if isinstance(p, str) else p
    names = split_authors(p.get("author") or p.get("authors") or "")
    ids = split_list(p.get("authorids"))
    affs = split_list(p.get("aff"))
    domains = split_list(p.get("aff_domain"))
    profiled = [i for i, v in enumerate(ids) if v.startswith("~")]
    if len(ids) != len(names) or len(mentions) != len(names) or not 0 < len(affs) < len(profiled):
        return None
    if any(mentions[i]["source_person_id"] != ids[i] for i in profiled):
        return None  # mentions not in the record's author order: nothing to align safely
    return ShortList(
        paper_id=row["paper_id"],
        venue=row["venue"],
        year=row["year"],
        mention_ids=[mentions[i]["mention_id"] for i in profiled],
        pids=[ids[i] for i in profiled],
        affiliations=affs,
        domains=[_domain(domains, j) for j in range(len(affs))]
        if len(domains) == len(affs)
        else [None] * len(affs),
    )


def _domain(domains: list[str], j: int) -> str | None:
    text = domains[j].split("+", 1)[0].strip()
    return email_domain(text) if text else None


_SPACE = re.compile(r"\s+")


def resolve_entries(reg: Registry, lists: Iterable[ShortList]) -> dict[tuple[str, str | None], Any]:
    """Each distinct (affiliation, domain) entry resolved once."""
    out: dict[tuple[str, str | None], Any] = {}
    for sl in lists:
        for aff, dom in zip(sl.affiliations, sl.domains, strict=True):
            key = (_SPACE.sub(" ", aff).strip(), dom)
            if key not in out:
                out[key] = resolve_mention(reg, key[0] or None, dom)
    return out


def place(store: Store, reg: Registry) -> None:
    """The ``alignments`` table, and ``mention_orgs`` rows (method ``aligned``) for every
    placed author whose entry resolved; run after ``mention_orgs`` is made and before the
    paper-level rules, so that these authors are not placed twice."""
    lists = short_lists(store)
    resolved = resolve_entries(reg, lists)
    decided = align_all(lists, resolved, reg, evidence_by_id(store))
    rows: list[dict[str, Any]] = []
    orgs: list[dict[str, Any]] = []
    for sl, entries, decisions in decided:
        for d in decisions:
            entry = entries[d.entry] if d.entry is not None else None
            rows.append(_row(sl, d, entry))
            if entry is not None:
                orgs.extend(_org_rows(reg, sl.mention_ids[d.index], resolved[_key(entry)], d))
    store.replace_table("alignments", pa.Table.from_pylist(rows, schema=ALIGNMENTS))
    if orgs:
        store.register("aligned_orgs", pa.Table.from_pylist(orgs))
        try:
            store.execute("INSERT INTO mention_orgs BY NAME SELECT * FROM aligned_orgs")
        finally:
            store.unregister("aligned_orgs")


ROUNDS = 3
"""Placements of one round are same-venue-year evidence for the id's other short lists."""


def align_all(
    lists: list[ShortList],
    resolved: dict[tuple[str, str | None], Any],
    reg: Registry,
    known: dict[str, Known],
) -> list[tuple[ShortList, list[Entry], list[Decision]]]:
    """Every short list aligned, rounds repeated while placements add evidence."""
    entries = [
        [_entry(reg, resolved, a, d) for a, d in zip(sl.affiliations, sl.domains, strict=True)]
        for sl in lists
    ]
    out: list[tuple[ShortList, list[Entry], list[Decision]]] = []
    for _ in range(ROUNDS):
        out = [
            (sl, es, align_paper(sl.pids, es, known, (sl.venue, sl.year)))
            for sl, es in zip(lists, entries, strict=True)
        ]
        if not _learn(out, known):
            break
    return out


def _learn(
    done: list[tuple[ShortList, list[Entry], list[Decision]]], known: dict[str, Known]
) -> bool:
    """Add this round's placements to ``known``; whether anything new was learnt."""
    new = False
    for sl, entries, decisions in done:
        for d in decisions:
            pid = sl.pids[d.index]
            if d.entry is None or not pid:
                continue
            keys = known.setdefault(pid, Known()).learned[(sl.venue, sl.year)]
            add = entry_keys(entries[d.entry]) - keys
            if add:
                keys.update(add)
                new = True
    return new


def _key(entry: Entry) -> tuple[str, str | None]:
    return (entry.affiliation, entry.domain)


def _entry(
    reg: Registry, resolved: dict[tuple[str, str | None], Any], aff: str, dom: str | None
) -> Entry:
    key = (_SPACE.sub(" ", aff).strip(), dom)
    ids = {m.org_id for m in resolved[key].matches}
    return Entry(key[0], dom, frozenset(ids | {reg.root(i) for i in ids}))


def _row(sl: ShortList, d: Decision, entry: Entry | None) -> dict[str, Any]:
    return {
        "mention_id": sl.mention_ids[d.index],
        "paper_id": sl.paper_id,
        "venue": sl.venue,
        "year": sl.year,
        "outcome": d.outcome,
        "affiliation": entry.affiliation or None if entry else None,
        "email_domain": entry.domain if entry else None,
        "evidence": d.evidence or None,
    }


def _org_rows(reg: Registry, mention_id: str, res: Any, d: Decision) -> list[dict[str, Any]]:
    n = len(res.matches)
    return [
        {
            "mention_id": mention_id,
            "org_id": m.org_id,
            "weight": 1.0 / n,
            "method": "aligned",
            "matched": f"{m.method}: {m.matched}; aligned by {d.evidence}",
            "site_country": m.site_country or reg.orgs[m.org_id].country,
            "hq_country": reg.hq_country(m.org_id),
        }
        for m in res.matches
    ]
