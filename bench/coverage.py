"""Per venue-year placement of ALL accepted-paper mentions, against the issue's thresholds.

Usage: python -m bench.coverage [DB] [--json]   (DB: a built store, default var/talentradar.duckdb)

Prints, for NeurIPS, ICML, ICLR, EMNLP, CVPR, ICCV and ECCV 2019–2025: mentions, the share with
an org from their own paper (exact or aligned), from the paper-level list, inferred,
country-only, none, and the ceiling (mentions whose own record carries an affiliation or
e-mail domain). Per-author venues pass when own ≥ 85 % (or ≥ 95 % of the ceiling) and own +
paper-level + inferred ≥ 95 %; paper-level venues when the share placed at least at country level from the own paper
(``c-lvl``: an own-paper or paper-level org, or a country-level placement, also where an org
was inferred as well) ≥ 85 % and own + paper-level ≥ 60 %. Venue-years whose sources carry no affiliation are listed.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Any

from talentradar.analytics.coverage import placement
from talentradar.store.duckdb import DuckDBStore

PER_AUTHOR = ("neurips", "icml", "iclr", "emnlp")
PAPER_LEVEL = ("cvpr", "iccv", "eccv")
YEARS = range(2019, 2026)


def verdict(row: dict[str, Any]) -> str:
    s = row["shares"]
    own, paper, inferred = s["own_paper"], s["paper_level"], s["inferred"]
    if row["carry"] == 0 and row["listed_papers"] == 0:
        return "no source affiliations"
    if row["venue"] in PAPER_LEVEL:
        ok = row["country_level_share"] >= 0.85 and own + paper >= 0.60
    else:
        ceiling = row["ceiling"]
        ok = (own >= 0.85 or own >= 0.95 * ceiling) and own + paper + inferred >= 0.95
    return "pass" if ok else "FAIL"


def rows(db: Path) -> list[dict[str, Any]]:
    store = DuckDBStore(db, read_only=True)
    try:
        wanted = [(v, y) for v in (*PER_AUTHOR, *PAPER_LEVEL) for y in YEARS]
        out = placement(store, wanted)
    finally:
        store.close()
    for row in out:
        row["verdict"] = verdict(row)
    return out


def main(argv: list[str]) -> None:
    args = [a for a in argv if not a.startswith("--")]
    db = Path(args[0]) if args else Path("var/talentradar.duckdb")
    table = rows(db)
    if "--json" in argv:
        print(json.dumps(table, indent=1))
        return
    head = f"{'venue':7} {'year':4} {'mentions':>8} {'own':>6} {'paper':>6} {'infer':>6} {'ctry':>6} {'none':>6} {'ceil':>6} {'c-lvl':>6}  verdict"
    print(head)
    for r in table:
        s = r["shares"]
        print(
            f"{r['venue']:7} {r['year']:4} {r['mentions']:8d} "
            + " ".join(
                f"{100 * s[c]:6.1f}"
                for c in ("own_paper", "paper_level", "inferred", "country_only", "none")
            )
            + f" {100 * r['ceiling']:6.1f} {100 * r['country_level_share']:6.1f}  {r['verdict']}"
        )


if __name__ == "__main__":
    main(sys.argv[1:])
