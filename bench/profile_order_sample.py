"""Draw the profile-order sample to be labelled by hand (tests/data/orgs/profile_order_sample.csv).

Usage: python -m bench.profile_order_sample DB OUT.csv [N]   (N: default 80, seed 20261203)

Finds, in every venue-year's paperlists records of the store, the authors of one-entry-per-
profile lists whose entry the venue-year's signatures read differently from author order
(:func:`talentradar.sources.profile_order.layout`: another entry, or none), draws N of them
at random before any is looked at, and writes for each only raw evidence: the paper's
``author``/``authorids``/``aff``/``aff_domain``/``position`` strings and up to eight other
records that carry the same OpenReview id (their lists as stored, whatever their source).
Neither reading is written: the judge fills ``expected`` with the index of the ``aff`` entry
that is this author's (``|`` between equivalent ones), or ``?`` when the records cannot
decide.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path
from typing import Any

from bench.alignment_sample import write_sample
from talentradar.model import Record
from talentradar.raw import RECORD_COLUMNS, record_of
from talentradar.sources import paperlists, signatures
from talentradar.sources.profile_order import entry_key, layout
from talentradar.store.duckdb import DuckDBStore

SEED = 20261203
COLUMNS = ("key", "venue", "year", "position", "author", "source_person_id", "paper")
COLUMNS += ("same_id_elsewhere", "expected", "note")
FIELDS = ("author", "authorids", "aff", "aff_domain", "position", "or_profile")

GROUPS_SQL = "SELECT DISTINCT venue, year FROM records WHERE source = 'paperlists' ORDER BY 1, 2"
RECORDS_SQL = (
    f"SELECT {RECORD_COLUMNS} FROM records WHERE source = 'paperlists' AND venue = ? AND year = ?"
)
ELSEWHERE_SQL = """
SELECT source, venue, year, payload FROM records
WHERE record_id <> ? AND contains(CAST(payload AS VARCHAR), ?) ORDER BY year, venue LIMIT 8
"""


def changed(records: list[Record]) -> list[tuple[Record, int]]:
    """(record, author index) where the signatures' reading gives another entry than author
    order, or none."""
    known = signatures(records)
    out = []
    for record in records:
        _, ids, affs = paperlists.author_lists(record)
        profiled = [i for i, v in enumerate(ids) if v.startswith("~")]
        if record.payload.get("or_profile") or not affs or len(affs) != len(profiled):
            continue
        slots, _ = layout(ids, affs, known)
        for j, i in enumerate(profiled):
            now = slots[i]
            if now is None or entry_key(affs[now]) != entry_key(affs[j]):
                out.append((record, i))
    return out


def draw(db: Path, n: int) -> list[dict[str, Any]]:
    store = DuckDBStore(db, read_only=True)
    try:
        found: list[tuple[Record, int]] = []
        for g in store.query(GROUPS_SQL):
            rows = store.arrow(RECORDS_SQL, [g["venue"], g["year"]]).to_pylist()
            found.extend(changed([record_of(r) for r in rows]))
        found.sort(key=lambda c: (c[0].record_id, c[1]))
        picked = random.Random(SEED).sample(found, min(n, len(found)))
        print(f"{len(found)} authors read differently; {len(picked)} drawn", file=sys.stderr)
        return [
            _row(store, rec, i) for rec, i in sorted(picked, key=lambda c: (c[0].record_id, c[1]))
        ]
    finally:
        store.close()


def _row(store: DuckDBStore, record: Record, i: int) -> dict[str, Any]:
    p = record.payload
    names, ids, _ = paperlists.author_lists(record)
    elsewhere = []
    for e in store.query(ELSEWHERE_SQL, [record.record_id, f"{ids[i]};"]) + store.query(
        ELSEWHERE_SQL, [record.record_id, f'{ids[i]}"']
    ):
        q = json.loads(e["payload"]) if isinstance(e["payload"], str) else e["payload"]
        lists = {k: q.get(k) for k in FIELDS if q.get(k)}
        elsewhere.append(
            f"{e['source']} {e['venue']} {e['year']}: {json.dumps(lists, ensure_ascii=False)}"
        )
    return {
        "key": f"{record.record_id}#{i}",
        "venue": record.venue,
        "year": record.year,
        "position": i,
        "author": names[i],
        "source_person_id": ids[i],
        "paper": json.dumps({k: p.get(k) for k in FIELDS[:5]}, ensure_ascii=False),
        "same_id_elsewhere": " || ".join(elsewhere[:8]),
        "expected": "",
        "note": "",
    }


def main(argv: list[str]) -> None:
    db, out = Path(argv[0]), Path(argv[1])
    write_sample(out, COLUMNS, draw(db, int(argv[2]) if len(argv) > 2 else 80))


if __name__ == "__main__":
    main(sys.argv[1:])
