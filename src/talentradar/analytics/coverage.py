"""Store statistics: counts per table, load outcomes, quarantine reasons, org coverage."""

from __future__ import annotations

import json
from typing import Any

from talentradar.facts.cohort_placements import MENTION_CLASS_SQL, PLACEMENT_CLASSES
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


PLACEMENT_SQL = f"""
WITH cls AS ({MENTION_CLASS_SQL})
SELECT p.venue, p.year, count(*) AS mentions,
       {", ".join(f"count(*) FILTER (WHERE cls.placement = '{c}') AS {c}" for c in PLACEMENT_CLASSES)},
       count(*) FILTER (WHERE m.affiliation IS NOT NULL OR m.email_domain IS NOT NULL) AS carry,
       count(*) FILTER (WHERE cls.placement IN ('own_paper', 'paper_level')
                          OR m.mention_id IN (SELECT mention_id FROM mention_countries))
           AS country_level,
       count(DISTINCT p.paper_id) AS papers,
       count(DISTINCT p.paper_id) FILTER (WHERE p.unaligned IS NOT NULL) AS unaligned_papers,
       sum(CASE WHEN m.position = 1 THEN p.unaligned_entries ELSE 0 END) AS unaligned_entries,
       count(DISTINCT p.paper_id) FILTER (WHERE len(p.affiliations) > 0) AS listed_papers
FROM papers p JOIN mentions m USING (paper_id) JOIN cls USING (mention_id)
WHERE p.decision = 'accepted' {{where}}
GROUP BY ALL ORDER BY 1, 2
"""


def placement(
    store: Store, venue_years: list[tuple[str, int]] | None = None
) -> list[dict[str, Any]]:
    """Per venue-year, over ALL accepted-paper mentions: how many are placed by each class
    (counts and shares, denominator ``mentions``); ``carry``: mentions whose own record has an
    affiliation or e-mail domain; ``ceiling``: the share of mentions the sources give an
    affiliation or domain (``carry`` plus the entries of unaligned lists); papers whose
    per-author list could not be aligned and papers with a paper-level list."""
    if not {"mention_countries", "placements"} <= set(store.tables()):
        return []
    where, params = "", []
    if venue_years:
        where = "AND (p.venue, p.year) IN (" + ", ".join("(?, ?)" for _ in venue_years) + ")"
        params = [x for vy in venue_years for x in vy]
    rows = store.query(PLACEMENT_SQL.format(where=where), params)
    for row in rows:
        n = row["mentions"] or 1
        row["shares"] = {c: round(row[c] / n, 6) for c in PLACEMENT_CLASSES}
        # at least the country from the own paper: an own-paper or paper-level org, or a
        # country-level placement (also when an org was inferred from other papers)
        row["country_level_share"] = round(row["country_level"] / n, 6)
        # ceiling: mentions whose own record places an affiliation or domain on them, plus the
        # entries of per-author lists that could not be aligned (the source has them)
        row["ceiling"] = round(min(1.0, (row["carry"] + (row["unaligned_entries"] or 0)) / n), 6)
    return rows


def unaligned_reasons(store: Store) -> list[dict[str, Any]]:
    """Accepted papers whose per-author list could not be aligned, by venue-year and reason."""
    return store.query(
        "SELECT venue, year, regexp_replace(unaligned, '[0-9]+', 'N', 'g') AS reason, "
        "count(*) AS papers FROM papers WHERE decision = 'accepted' AND unaligned IS NOT NULL "
        "GROUP BY ALL ORDER BY 1, 2, 4 DESC"
    )


def alignment_outcomes(store: Store) -> list[dict[str, Any]]:
    """Profiled authors of short per-author lists (``alignments``), by venue-year: placed by
    evidence, decided to have no entry, or left unaligned because the best alignments tie."""
    if "alignments" not in store.tables():
        return []
    return store.query(
        "SELECT a.venue, a.year, count(DISTINCT a.paper_id) AS papers, count(*) AS authors, "
        "count(*) FILTER (WHERE outcome = 'placed') AS placed, "
        "count(*) FILTER (WHERE outcome = 'no entry') AS no_entry, "
        "count(*) FILTER (WHERE outcome = 'tie') AS tie "
        "FROM alignments a JOIN papers p USING (paper_id) WHERE p.decision = 'accepted' "
        "GROUP BY ALL ORDER BY 1, 2"
    )


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
        "deleted_files": store.query(
            "SELECT location, finished_at AS retired_at FROM (SELECT DISTINCT ON (source, location) * "
            "FROM loads ORDER BY source, location, finished_at DESC) WHERE status = 'deleted' ORDER BY 1"
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
        "placement": {
            "definition": "every accepted-paper mention in one class, the first that applies: "
            + ", ".join(PLACEMENT_CLASSES)
            + "; shares are of all accepted mentions of the venue-year",
            "by_venue_year": placement(store, venue_years) if "papers" in tables else [],
            "unaligned": unaligned_reasons(store) if "papers" in tables else [],
            "alignment": alignment_outcomes(store) if "papers" in tables else [],
        },
    }
