"""Store statistics: counts per table, load outcomes, quarantine reasons, org coverage."""

from __future__ import annotations

import json
from typing import Any

from talentradar.store import Store

# A mention "carries" an affiliation when it has a string or an e-mail domain; it is resolved
# when that string or domain resolved to an org with a country (an org inferred from the same
# person's other papers does not count: coverage measures the resolver).
COVERAGE_SQL = """
SELECT p.venue, p.year,
       count(*) AS mentions,
       count(*) FILTER (WHERE m.affiliation IS NULL AND m.email_domain IS NULL) AS carry_neither,
       count(*) FILTER (WHERE m.affiliation IS NOT NULL OR m.email_domain IS NOT NULL) AS carry,
       count(*) FILTER (WHERE (m.affiliation IS NOT NULL OR m.email_domain IS NOT NULL)
                          AND r.mention_id IS NOT NULL) AS resolved
FROM papers p JOIN mentions m USING (paper_id)
LEFT JOIN (SELECT DISTINCT mention_id FROM mention_orgs WHERE hq_country IS NOT NULL) r
    USING (mention_id)
WHERE p.decision = 'accepted' {where}
GROUP BY ALL ORDER BY 1, 2
"""


def coverage(
    store: Store, venue_years: list[tuple[str, int]] | None = None
) -> list[dict[str, Any]]:
    """Per venue-year: accepted-paper mentions, how many carry an affiliation, how many resolve."""
    where, params = "", []
    if venue_years:
        where = "AND (p.venue, p.year) IN (" + ", ".join("(?, ?)" for _ in venue_years) + ")"
        params = [x for vy in venue_years for x in vy]
    rows = store.query(COVERAGE_SQL.format(where=where), params)
    for row in rows:
        row["neither_share"] = row["carry_neither"] / row["mentions"] if row["mentions"] else 0.0
        row["coverage"] = row["resolved"] / row["carry"] if row["carry"] else None
    return rows


def store_stats(store: Store, venue_years: list[tuple[str, int]] | None = None) -> dict[str, Any]:
    """Everything ``talentradar stats`` shows; JSON-ready (docs/cli.md)."""
    tables = {
        t: store.query(f"SELECT count(*) AS n FROM {t}")[0]["n"]
        for t in store.tables()
        if not t.startswith("_")
    }
    info = {r["key"]: r["value"] for r in store.query("SELECT key, value FROM build_info")}
    cov = coverage(store, venue_years) if "papers" in tables else []
    carry = sum(r["carry"] for r in cov)
    return {
        "built_at": info.get("built_at"),
        "version": info.get("version"),
        "tables": tables,
        "records_by_source": store.query(
            "SELECT source, count(*) AS records, count(DISTINCT location) AS files "
            "FROM records GROUP BY 1 ORDER BY 1"
        ),
        "loads": store.query(
            "SELECT status, count(*) AS files FROM (SELECT DISTINCT ON (source, location) * FROM loads "
            "ORDER BY source, location, finished_at DESC) GROUP BY 1 ORDER BY 1"
        ),
        "failed_files": store.query(
            "SELECT location, error FROM (SELECT DISTINCT ON (source, location) * FROM loads "
            "ORDER BY source, location, finished_at DESC) WHERE status = 'failed' ORDER BY 1"
        ),
        "quarantine": store.query(
            "SELECT source, field, reason, count(*) AS records FROM quarantine GROUP BY ALL ORDER BY 4 DESC"
        ),
        "joins": json.loads(info.get("joins") or "[]"),
        "coverage": {
            "definition": "accepted-paper mentions carrying an affiliation string or e-mail domain "
            "that resolve to an org with a country",
            "carry": carry,
            "resolved": sum(r["resolved"] for r in cov),
            "share": (sum(r["resolved"] for r in cov) / carry) if carry else None,
            "by_venue_year": cov,
        },
    }
