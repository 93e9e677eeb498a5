"""Draw the short-list alignment sample to be labelled by hand (tests/data/orgs/alignment_sample.csv).

Usage: python -m bench.alignment_sample DB OUT.csv [N]   (N: default 170, seed 20261202)

Draws N of the authors placed by evidence (``alignments.outcome = 'placed'``) at random,
before any of them is looked at, and writes for each only the raw evidence: the paper's
``author``/``authorids``/``aff``/``aff_domain`` strings from its paperlists record and the
same OpenReview id's affiliation entries in other records (venue, year, string, domain). The
system's choice is NOT written: the judge fills ``expected`` with the entry of ``aff`` that is
this author's (verbatim), ``none`` when the author is the one skipped, or ``?`` when the
records cannot decide.
"""

from __future__ import annotations

import csv
import json
import random
import sys
from pathlib import Path

from talentradar.store.duckdb import DuckDBStore

SEED = 20261202
COLUMNS = (
    "mention_id",
    "venue",
    "year",
    "position",
    "author",
    "source_person_id",
    "paper",
    "same_id_elsewhere",
    "expected",
    "note",
)

PLACED_SQL = """
SELECT a.mention_id, a.paper_id, m.venue, m.year, m.position, m.name, m.source_person_id
FROM alignments a JOIN mentions m USING (mention_id)
WHERE a.outcome = 'placed' ORDER BY a.mention_id
"""
RECORD_SQL = """
SELECT r.payload FROM papers p, unnest(p.record_ids) AS u(record_id)
JOIN records r ON r.record_id = u.record_id AND r.source = 'paperlists'
WHERE p.paper_id = ?
"""
ELSEWHERE_SQL = """
SELECT m.venue, m.year, m.affiliation, m.email_domain FROM mentions m
WHERE m.source_person_id = ? AND m.paper_id <> ? AND (m.affiliation IS NOT NULL
      OR m.email_domain IS NOT NULL)
ORDER BY m.year, m.venue
"""


def draw(db: Path, n: int) -> list[dict[str, object]]:
    store = DuckDBStore(db, read_only=True)
    try:
        placed = store.query(PLACED_SQL)
        picked = random.Random(SEED).sample(placed, min(n, len(placed)))
        return [_row(store, r) for r in sorted(picked, key=lambda r: r["mention_id"])]
    finally:
        store.close()


def _row(store: DuckDBStore, r: dict[str, object]) -> dict[str, object]:
    payload = store.query(RECORD_SQL, [r["paper_id"]])[0]["payload"]
    p = json.loads(payload) if isinstance(payload, str) else payload
    paper = {k: p.get(k) for k in ("author", "authorids", "aff", "aff_domain")}
    elsewhere = [
        f"{e['venue']} {e['year']}: {e['affiliation'] or ''} | {e['email_domain'] or ''}"
        for e in store.query(ELSEWHERE_SQL, [r["source_person_id"], r["paper_id"]])
    ]
    return {
        "mention_id": r["mention_id"],
        "venue": r["venue"],
        "year": r["year"],
        "position": r["position"],
        "author": r["name"],
        "source_person_id": r["source_person_id"],
        "paper": json.dumps(paper, ensure_ascii=False),
        "same_id_elsewhere": " || ".join(elsewhere),
        "expected": "",
        "note": "",
    }


def main(argv: list[str]) -> None:
    db, out = Path(argv[0]), Path(argv[1])
    n = int(argv[2]) if len(argv) > 2 else 170
    write_sample(out, COLUMNS, draw(db, n))


def write_sample(out: Path, columns: tuple[str, ...], rows: list[dict[str, object]]) -> None:
    """A drawn sample as CSV, to be labelled by hand."""
    with out.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=columns)
        writer.writeheader()
        writer.writerows(rows)
    print(f"{len(rows)} rows -> {out}", file=sys.stderr)


if __name__ == "__main__":
    main(sys.argv[1:])
