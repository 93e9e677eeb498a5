"""Names on the real corpus: no mention name is a separator, an org or two names; the usual
names of well-known researchers find their main person (tests/data/people/name_lookup.csv)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

from talentradar.analytics.people import find_persons
from talentradar.normalise import is_org_word, name_tokens, normalise_title
from talentradar.store.radar import open_radar

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("realdata")]
LOOKUP = Path(__file__).parent / "data" / "people" / "name_lookup.csv"


@pytest.fixture(scope="module")
def store(real_settings):
    opened = open_radar(real_settings)
    yield opened
    opened.close()


def test_no_mention_name_holds_a_separator_an_org_word_or_two_names(store) -> None:
    names = [r["name"] for r in store.query("SELECT DISTINCT name FROM mentions")]
    assert len(names) > 100_000
    joined = [n for n in names if re.search(r"(^|\s)(and|&)(\s|$)", n, re.IGNORECASE)]
    orgs = [n for n in names if any(is_org_word(w) for w in n.split())]
    # Author lists are split by normalise.split_authors; the few left come from sources that
    # give each author as a record of its own (the NeurIPS proceedings files: 3 today).
    assert joined == [] and len(orgs) <= 5, (joined[:10], orgs[:10])
    # a list separator or an HTML entity left in a name is a list read wrong (CVPR 2024 split
    # "Noel O&#x27;Connor" at its ";" and kept seven authors as one name)
    listed = [n for n in names if re.search(r"[,;]|&#|&[a-z]+;", n)]
    assert len(listed) <= 5, listed[:10]
    marked = [n for n in names if re.search(r"[*†‡§¶⋆∗]\)?\s*$", n)]  # "Bo Dai*": a footnote
    assert len(marked) <= 5, marked[:10]
    # two full names: a 4-word name whose halves are both other authors' whole names
    whole = {" ".join(name_tokens(n)) for n in names if len(name_tokens(n)) == 2}
    doubled = [
        n
        for n in names
        if len(t := name_tokens(n)) == 4
        and " ".join(t[:2]) in whole
        and " ".join(t[2:]) in whole
        and not n[:1].islower()
    ]
    assert len(doubled) <= 25, doubled[:25]


def _main_person(store, key_token: str, titles: list[str]) -> str | None:
    """The person holding the mention on one of the evidence papers whose name has the token."""
    for title in titles:
        rows = store.query(
            "SELECT mp.person_id, m.name FROM papers p JOIN mentions m USING (paper_id) "
            "JOIN mention_person mp USING (mention_id) WHERE p.title_norm LIKE ? || '%'",
            [normalise_title(title)],
        )
        for row in rows:
            if key_token in name_tokens(row["name"]):
                return row["person_id"]
    return None


def test_usual_names_find_the_main_person(store) -> None:
    rows = list(csv.DictReader(LOOKUP.open(encoding="utf-8")))
    assert len(rows) >= 60
    hits, judged, misses = 0, 0, []
    for row in rows:
        main = _main_person(store, row["key_token"], row["evidence_titles"].split("|"))
        if main is None:
            continue
        judged += 1
        found = find_persons(store, row["query"], 5)
        if found and found[0]["person_id"] == main:
            hits += 1
        else:
            misses.append((row["query"], [f["name"] for f in found[:3]]))
    assert judged >= 60, judged
    assert hits >= 0.95 * judged, (hits, judged, misses)  # 57 of 60


MOVES_SAMPLES = [
    Path(__file__).parent / "data" / "people" / name
    for name in ("moves_sample.csv", "moves_sample_2.csv")
]


@pytest.mark.xfail(
    strict=True,
    reason="measured 0.886 on both samples (163 of 184 real, 2026-12-03); the target 0.90 is not met",
)
def test_hand_labelled_moves_are_real(store) -> None:
    """Precision of the stored moves on samples judged from each move's evidence records
    (tests/data/people/README.md); the moves no longer stored are left out."""
    rows = [r for f in MOVES_SAMPLES for r in csv.DictReader(f.open(encoding="utf-8"))]
    assert len(rows) >= 150 and sum(r["group"] == "big lab" for r in rows) >= 75
    present = [
        r
        for r in rows
        if store.query(
            "SELECT 1 FROM moves WHERE person_id = ? AND from_org = ? AND to_org = ? AND year = ?",
            [r["person_id"], r["from_org"], r["to_org"], int(r["year"])],
        )
    ]
    assert len(present) >= 120
    real = sum(r["real"] == "1" for r in present)
    assert real / len(present) >= 0.90, (real, len(present))
