"""Draw the placement precision sample: author → org placements from the newly covered cases.

Usage: python -m bench.placement_sample DB OUT.csv

Strata (seed 20261201, uniform within each): NeurIPS 2023, NeurIPS 2024 and ICML 2025 own-paper
placements; ``aligned`` placements of any venue-year; ``paper-level`` placements. Each row gets
the raw evidence a judge needs — the paper's author list with ids, its per-author and
paper-level affiliation lists as the records state them — and the candidate orgs of every
string on the paper, but NOT the org the system chose: the judge picks the author's org(s) from
the evidence (``expected_org_ids``) or writes ``?`` when the records cannot decide.
"""

from __future__ import annotations

import csv
import json
import random
import sys
from pathlib import Path

from talentradar.store.duckdb import DuckDBStore

SEED = 20261201
STRATA = {
    "neurips2023": (
        "m.venue = 'neurips' AND m.year = 2023 AND mo.method IN ('exact','aligned')",
        50,
    ),
    "neurips2024": (
        "m.venue = 'neurips' AND m.year = 2024 AND mo.method IN ('exact','aligned')",
        50,
    ),
    "icml2025": ("m.venue = 'icml' AND m.year = 2025 AND mo.method IN ('exact','aligned')", 50),
    "aligned": ("mo.method = 'aligned'", 70),
    "paper-level": ("mo.method = 'paper-level'", 100),
}


def draw(store: DuckDBStore) -> list[dict]:
    rng = random.Random(SEED)
    rows, seen = [], set()
    for stratum, (where, n) in STRATA.items():
        ids = [
            r["mention_id"]
            for r in store.query(
                "SELECT DISTINCT m.mention_id FROM mention_orgs mo JOIN mentions m USING (mention_id) "
                f"JOIN papers p USING (paper_id) WHERE p.decision = 'accepted' AND {where} "
                "ORDER BY 1"
            )
        ]
        picked = [i for i in rng.sample(ids, min(len(ids), n + 20)) if i not in seen][:n]
        seen.update(picked)
        rows.extend({"stratum": stratum, "mention_id": i} for i in picked)
    return rows


def evidence(store: DuckDBStore, mention_id: str) -> dict:
    m = store.query(
        "SELECT m.*, p.title, p.record_ids, p.affiliations AS paper_list FROM mentions m "
        "JOIN papers p USING (paper_id) WHERE mention_id = ?",
        [mention_id],
    )[0]
    records = store.query(
        "SELECT source, payload FROM records WHERE record_id IN (SELECT unnest(?))",
        [m["record_ids"]],
    )
    raw = []
    for r in records:
        p = json.loads(r["payload"])
        keep = {
            k: p[k]
            for k in (
                "author",
                "authorids",
                "or_profile",
                "aff",
                "aff_domain",
                "older_aff",
                "position",
            )
            if p.get(k)
        }
        if r["source"] == "neurips_speakers":
            keep = {
                "authors": [(a.get("name"), a.get("affiliation")) for a in p.get("authors", [])]
            }
        raw.append(f"[{r['source']}] " + json.dumps(keep, ensure_ascii=False))
    strings = sorted(
        {s for s in (m["paper_list"] or [])}
        | {
            x["affiliation"]
            for x in store.query(
                "SELECT affiliation FROM mentions WHERE paper_id = ? AND affiliation IS NOT NULL",
                [m["paper_id"]],
            )
        }
    )
    cands = []
    for s in strings:
        found = store.query(
            "SELECT list(org_ids) AS ids FROM affiliations WHERE affiliation = ? AND email_domain IS NULL "
            "AND affiliation_norm IS NULL AND country_hint IS NULL",
            [s],
        )
        ids = found[0]["ids"][0] if found and found[0]["ids"] else []
        cands.append(f"{s} => {'|'.join(ids) or '-'}")
    return {
        "venue": m["venue"],
        "year": m["year"],
        "position": m["position"],
        "author": m["name"],
        "source_person_id": m["source_person_id"] or "",
        "email_domain": m["email_domain"] or "",
        "paper_list": " ; ".join(m["paper_list"] or []),
        "raw": " || ".join(raw)[:3000],
        "candidates": " ;; ".join(cands),
    }


def main(db: str, out: str) -> None:
    store = DuckDBStore(Path(db), read_only=True)
    try:
        rows = [r | evidence(store, r["mention_id"]) for r in draw(store)]
    finally:
        store.close()
    fields = [
        "stratum",
        "mention_id",
        "venue",
        "year",
        "position",
        "author",
        "source_person_id",
        "email_domain",
        "paper_list",
        "raw",
        "candidates",
        "expected_org_ids",
        "note",
    ]
    with open(out, "w", newline="", encoding="utf-8") as f:
        w = csv.DictWriter(f, fieldnames=fields)
        w.writeheader()
        for r in rows:
            w.writerow({k: r.get(k, "") for k in fields})


if __name__ == "__main__":
    main(*sys.argv[1:3])
