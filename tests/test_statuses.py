"""Every distinct status string of the paperlists corpus is classified on purpose.

The list below was read from every ``status`` field of ../shared/data/paperlists (29 strings);
a real-data test fails when the corpus holds a string this list does not name."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from talentradar.venues import classify_status

# status -> (decision, presentation), read with a venue whose name the string does not carry.
STATUSES = {
    "3DV 2025 Oral": ("3dv", 2025, "accepted", "oral"),
    "Accept": ("icml", 2023, "accepted", "unknown"),
    "Active": ("iclr", 2023, "withdrawn", "unknown"),
    "Desk Reject": ("iclr", 2023, "rejected", "unknown"),
    "Findings": ("emnlp", 2023, "accepted", "unknown"),
    "Highlight": ("cvpr", 2023, "accepted", "spotlight"),
    "Highlighted": ("neurips", 2022, "accepted", "oral"),
    "Industry": ("naacl", 2024, "accepted", "unknown"),
    "Journal": ("ijcai", 2023, "accepted", "unknown"),
    "Long": ("acl", 2023, "accepted", "unknown"),
    "Long Findings": ("acl", 2023, "accepted", "unknown"),
    "Long Main": ("acl", 2023, "accepted", "unknown"),
    "Main": ("emnlp", 2023, "accepted", "unknown"),
    "Oral": ("neurips", 2023, "accepted", "oral"),
    "Oral Workshop": ("acmmm", 2023, "workshop", "unknown"),
    "Poster": ("neurips", 2023, "accepted", "poster"),
    "Poster Workshop": ("acmmm", 2023, "workshop", "unknown"),
    "Reject": ("iclr", 2023, "rejected", "unknown"),
    "Short": ("acl", 2023, "accepted", "unknown"),
    "Short Findings": ("acl", 2023, "accepted", "unknown"),
    "Short Main": ("acl", 2023, "accepted", "unknown"),
    "Spotlight": ("neurips", 2023, "accepted", "spotlight"),
    "System Demonstrations": ("acl", 2023, "accepted", "unknown"),
    "Talk": ("icml", 2020, "accepted", "oral"),
    "Technical": ("kdd", 2023, "accepted", "unknown"),
    "Top-25%": ("iclr", 2023, "accepted", "spotlight"),
    "Top-5%": ("iclr", 2023, "accepted", "oral"),
    "Withdraw": ("iclr", 2023, "withdrawn", "unknown"),
    "Workshop": ("acmmm", 2023, "workshop", "unknown"),
}
# Forms other files (CoRL, OpenReview exports) write.
VARIANTS = {
    "Accept(Oral)": ("corl", 2023, "accepted", "oral"),
    "Accept (Poster)": ("corl", 2023, "accepted", "poster"),
    "Accepted (Spotlight)": ("corl", 2023, "accepted", "spotlight"),
}


@pytest.mark.parametrize("status", sorted({**STATUSES, **VARIANTS}))
def test_status_is_classified(status: str) -> None:
    venue, year, decision, presentation = {**STATUSES, **VARIANTS}[status]
    assert classify_status(venue, year, status) == (decision, presentation)


@pytest.mark.slow
def test_every_corpus_status_is_listed() -> None:
    root = Path(__file__).resolve().parents[2] / "shared" / "data" / "paperlists"
    if not root.is_dir():
        pytest.skip("../shared/data not present")
    found = set()
    for path in root.glob("*/*.json.gz"):
        for row in json.loads(gzip.decompress(path.read_bytes())):
            if isinstance(row, dict) and row.get("status"):
                found.add(row["status"])
    assert found - set(STATUSES) == set(), "classify these statuses and list them above"
