"""Profile-order lists ordered by signatures, scored on the real OpenReview-profile files.

In ``../shared/data/openreview_authors`` a record's ``or_profile`` says whose each entry is.
The test hides it and rebuilds the list in the two shapes the method reads, then scores the
method's placements against what ``or_profile`` says (an author whose profile the stem rule
cannot match is left out, never counted as right):

* **paperlists shape**: profile order, e-mail authors and profiles without an affiliation
  dropped; signatures from the other records read in author order (as ``paperlists`` does);
* **full shape** (ICLR 2023 records without ``or_profile``): one entry per author; signatures
  from the other records' ``or_profile`` alignment, this record's own left out.
"""

from __future__ import annotations

import gzip
import json
import re
from collections import Counter
from pathlib import Path

import pytest

from talentradar.normalise import split_list
from talentradar.sources.profile_order import Signatures, entry_key, layout
from tests.conftest import REAL_DATA

pytestmark = pytest.mark.slow

FILES = ("nips2023", "iclr2023", "nips2024")
Truth = dict[int, int | None]


def _rows(name: str) -> list[dict[str, str]]:
    path = Path(REAL_DATA, "openreview_authors", f"{name}.json.gz")
    if not path.exists():
        pytest.skip(f"{path} not found; set TALENTRADAR_DATA_DIR")
    return json.loads(gzip.decompress(path.read_bytes()))


def _stem(ident: str) -> str:
    return re.sub(r"\d+$", "", ident)


def _truth(row: dict[str, str]) -> tuple[list[str], list[str], list[str], Truth] | None:
    """ids, profiles, entries (profile order) and each author's entry index by or_profile."""
    ids, profiles = split_list(row.get("authorids")), split_list(row.get("or_profile"))
    entries = split_list(row.get("aff"))
    if not any(profiles) or len(entries) != len(profiles):
        return None
    if len(ids) != len(split_list(row.get("author"))):
        return None
    truth: Truth = {}
    for i, ident in enumerate(ids):
        hits = [j for j, p in enumerate(profiles) if p == ident]
        if not hits and ident.startswith("~"):
            hits = [j for j, p in enumerate(profiles) if _stem(p) == _stem(ident)]
        truth[i] = hits[0] if len(hits) == 1 else None
    return ids, profiles, entries, truth


def _score(counts: Counter[str], name: str, truth_entry: str | None, placed: str) -> None:
    if truth_entry is None:
        return
    counts[name + (" right" if entry_key(truth_entry) == entry_key(placed) else " wrong")] += 1


def _precision(counts: Counter[str], name: str) -> float:
    right, wrong = counts[name + " right"], counts[name + " wrong"]
    return right / (right + wrong)


@pytest.mark.parametrize("name", FILES)
def test_paperlists_shape_lists_are_ordered_better_than_author_order(name: str) -> None:
    lists = []
    for row in _rows(name):
        found = _truth(row)
        if found is None:
            continue
        ids, profiles, entries, truth = found
        kept = [j for j, p in enumerate(profiles) if p.startswith("~") and entries[j].strip()]
        if len(kept) != sum(1 for i in ids if i.startswith("~")):
            continue  # a short list: aligned later, from resolved orgs
        lists.append((ids, [entries[j] for j in kept], entries, truth))
    known = Signatures()
    for ids, shown, _, _ in lists:
        known.add(ids, shown)
    counts: Counter[str] = Counter()
    for ids, shown, entries, truth in lists:
        slots, _ = layout(ids, shown, known)
        profiled = [i for i, v in enumerate(ids) if v.startswith("~")]
        for k, i in enumerate(profiled):
            t = truth[i]
            true_entry = entries[t] if t is not None else None
            _score(counts, "author order", true_entry, shown[k])
            if slots[i] is not None:
                _score(counts, "signatures", true_entry, shown[slots[i]])
    # measured (2026-12-02): nips2023 0.965 (author order 0.921), iclr2023 0.971 (0.929),
    # nips2024 0.957 (0.903)
    assert _precision(counts, "signatures") >= 0.95, counts
    assert counts["signatures wrong"] <= 0.5 * counts["author order wrong"], counts
    assert counts["signatures right"] >= counts["author order right"], counts


def test_full_lists_without_or_profile_are_ordered_by_the_records_with_it() -> None:
    found = [t for t in map(_truth, _rows("iclr2023")) if t is not None]
    pairs_of = []
    known = Signatures()
    for ids, _, entries, truth in found:
        pairs = Counter(
            (ids[i], entry_key(entries[j]))
            for i, j in truth.items()
            if j is not None and ids[i].startswith("~") and entry_key(entries[j])
        )
        known.add_pairs(pairs.elements())
        pairs_of.append(pairs)
    counts: Counter[str] = Counter()
    for (ids, profiles, entries, truth), own in zip(found, pairs_of, strict=True):
        if len(profiles) != len(ids):
            continue
        slots, _ = layout(ids, entries, known, own=own)
        for i, j in enumerate(slots):
            t = truth[i]
            if j is not None and entries[j].strip():
                _score(counts, "signatures", entries[t] if t is not None else None, entries[j])
        counts["entries"] += sum(1 for j in truth.values() if j is not None and entries[j].strip())
    # measured (2026-12-02): 0.985, 12,315 of 12,534 entries placed
    assert _precision(counts, "signatures") >= 0.98, counts
    assert counts["signatures right"] >= 0.9 * counts["entries"], counts
