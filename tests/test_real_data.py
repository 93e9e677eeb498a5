"""Evaluation on the real shared data: loading, org coverage and the published reference.

The store is built once per session from ../shared/data (about a minute).
"""

from __future__ import annotations

import pytest

from talentradar.analytics.cohorts import Selection
from talentradar.analytics.coverage import coverage
from talentradar.analytics.tracker import tracker
from talentradar.store.radar import open_radar
from tests.conftest import REAL_DATA

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("realdata")]

TARGET = [("neurips", 2019), ("neurips", 2021), ("neurips", 2022), ("icml", 2023), ("iclr", 2021)]
# MacroPolo Global AI Talent Tracker: share of authors working in each region (HQ rule).
REFERENCE = [
    (
        "top",
        2019,
        {
            "United States": 59,
            "China": 11,
            "Europe (excl. UK)": 10,
            "Canada": 6,
            "United Kingdom": 4,
        },
    ),
    ("top", 2022, {"United States": 42, "China": 28}),
    ("elite", 2019, {"United States": 65}),
]


@pytest.fixture(scope="module")
def store(real_settings):
    store = open_radar(real_settings)
    yield store
    store.close()


def test_every_shared_file_loads(store) -> None:
    loads = store.query("SELECT status, count(*) AS n FROM loads GROUP BY 1")
    assert {r["status"] for r in loads} <= {"loaded", "unchanged"}
    files = {
        r["source"]: r["n"]
        for r in store.query("SELECT source, count(DISTINCT location) AS n FROM records GROUP BY 1")
    }
    paperlists = len(list((REAL_DATA / "paperlists").rglob("*.json*")))
    assert files["paperlists"] == paperlists == 201
    assert files["neurips_proceedings"] == 2  # 2019 and 2020
    assert files["neurips_schedule"] == 1  # 2022
    assert store.query("SELECT count(*) AS n FROM papers")[0]["n"] > 120_000
    assert store.query("SELECT count(*) AS n FROM mentions")[0]["n"] > 500_000


def test_main_track_of_neurips_2022_is_macropolo_population(store) -> None:
    rows = store.query(
        "SELECT count(*) AS n FROM papers WHERE venue = 'neurips' AND year = 2022 "
        "AND decision = 'accepted' AND track = 'main'"
    )
    assert rows[0]["n"] == 2671


def test_neurips_enrichment_joins_by_title(store) -> None:
    papers = {
        (r["venue"], r["year"]): r
        for r in store.query(
            "SELECT venue, year, count(*) FILTER (WHERE len(record_ids) = 2) AS joined FROM papers "
            "WHERE venue = 'neurips' AND year IN (2019, 2020, 2022) GROUP BY ALL"
        )
    }
    assert papers[("neurips", 2019)]["joined"] >= 1400
    assert papers[("neurips", 2020)]["joined"] >= 1850
    assert papers[("neurips", 2022)]["joined"] >= 2600


def test_org_coverage_on_target_venue_years(store) -> None:
    rows = coverage(store, TARGET)
    assert len(rows) == len(TARGET)
    for row in rows:
        assert row["coverage"] >= 0.95, row
    overall = sum(r["resolved"] for r in rows) / sum(r["carry"] for r in rows)
    assert overall >= 0.97, rows


@pytest.mark.parametrize(("tier", "year", "expected"), REFERENCE)
def test_published_reference_within_five_points(store, tier, year, expected) -> None:
    # MacroPolo's population: the main-track accepted papers (2,671 in 2022).
    result = tracker(store, Selection.of(["neurips"], [year], tier, ["main"]), by="region")
    shares = {r["key"]: 100 * r["person_share"] for r in result["rows"]}
    for region, percent in expected.items():
        assert abs(shares.get(region, 0.0) - percent) <= 5.0, (region, shares)
