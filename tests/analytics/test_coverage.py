"""Org coverage measures the resolver: an org inferred from other papers does not count."""

from __future__ import annotations

import pyarrow as pa

from talentradar.analytics.coverage import coverage
from talentradar.store.duckdb import DuckDBStore


def test_inferred_orgs_do_not_count_as_resolved(tmp_path) -> None:
    store = DuckDBStore(tmp_path / "cov.duckdb")
    store.replace_table(
        "papers",
        pa.table({"paper_id": ["p"], "venue": ["icml"], "year": [2023], "decision": ["accepted"]}),
    )
    store.replace_table(
        "mentions",
        pa.table(
            {
                "mention_id": ["p-1", "p-2", "p-3"],
                "paper_id": ["p", "p", "p"],
                "affiliation": ["Stanford University", "Nowhere Institute", None],
                "email_domain": [None, None, None],
            }
        ),
    )
    placed = {"org_id": ["stanford"], "hq_country": ["US"], "weight": [1.0]}
    store.replace_table("mention_orgs", pa.table({"mention_id": ["p-1"], **placed}))
    # p-2's own string did not resolve: its org, like p-3's, was inferred from other papers
    store.replace_table(
        "inferred_orgs",
        pa.table({"mention_id": ["p-2", "p-3"], **{k: v * 2 for k, v in placed.items()}}),
    )
    (row,) = coverage(store)
    store.close()
    assert (row["mentions"], row["carry"], row["carry_neither"], row["resolved"]) == (3, 2, 1, 1)
    assert row["coverage"] == 0.5
