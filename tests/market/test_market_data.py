"""Market sources and benchmarks on fixtures: quarantine of bad rows, percentiles vs NumPy."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from talentradar.market.comp import benchmarks
from talentradar.market.derive import location_parts, role_family
from talentradar.pipeline import build
from talentradar.settings import load_settings
from talentradar.store.radar import open_radar
from tests.conftest import make_mirror

COMP = """company;title;totalyearlycompensation;location;yearsofexperience;yearsatcompany;tag
{rows}Google;Software Engineer;-5000;Seattle, WA;3;1;Full Stack
Google;Software Engineer;lots;Seattle, WA;3;1;Full Stack
"""
LAYOFFS = """company,location,total_laid_off,date,percentage_laid_off,industry,source,stage,funds_raised,country,date_added
Meta,SF Bay Area,11000,11/9/2022,0.13,Consumer,https://example.org,Post-IPO,26000,United States,11/9/2022
Meta,SF Bay Area,10000,2023-03-14,,Consumer,https://example.org,Post-IPO,26000,United States,3/14/2023
"""
TOTALS = [150_000 + 7_919 * i % 120_000 for i in range(40)]


@pytest.fixture(scope="module")
def settings(tmp_path_factory):
    root = tmp_path_factory.mktemp("market")
    mirror = make_mirror(root / "data")
    rows = "".join(
        f"Google;Software Engineer;{t};Mountain View, CA;{i % 12};1;Full Stack\n"
        for i, t in enumerate(TOTALS)
    )
    (mirror / "compensation").mkdir()
    (mirror / "compensation" / "comp.csv").write_text(COMP.format(rows=rows))
    (mirror / "layoffs").mkdir()
    (mirror / "layoffs" / "layoffs.csv").write_text(LAYOFFS)
    settings = load_settings(data_dir=str(mirror), db_path=Path(root) / "tr.duckdb")
    build(settings)
    return settings


def test_bad_rows_are_quarantined_with_field_and_reason(settings) -> None:
    store = open_radar(settings)
    try:
        rows = store.query(
            "SELECT source, field, reason FROM quarantine WHERE source IN ('compensation', 'layoffs') ORDER BY reason"
        )
        comp = store.query("SELECT count(*) AS n FROM comp")[0]["n"]
        layoffs = store.query("SELECT org_id, date FROM layoffs")
    finally:
        store.close()
    reasons = {(r["source"], r["field"], r["reason"]) for r in rows}
    assert ("compensation", "totalyearlycompensation", "must be ≥ 0, got -5000") in reasons
    assert ("compensation", "totalyearlycompensation", "expected a number, got 'lots'") in reasons
    assert ("layoffs", "date", "expected a date M/D/YYYY, got '2023-03-14'") in reasons
    assert comp == len(TOTALS)
    assert layoffs == [{"org_id": "meta", "date": "2022-11-09"}]


def test_percentiles_agree_with_numpy(settings) -> None:
    store = open_radar(settings)
    try:
        (row,) = benchmarks(store, org="google", role="software engineer")["rows"]
        few = benchmarks(store, org="google", yoe=(0, 0), min_rows=10)["rows"]
    finally:
        store.close()
    assert row["n"] == len(TOTALS)
    for p in (10, 25, 50, 75, 90):
        assert row[f"p{p}"] == pytest.approx(np.percentile(TOTALS, p))
    assert few[0]["p50"] is None and "fewer than 10 rows" in few[0]["note"]


def test_role_families_and_locations() -> None:
    assert role_family("Software Engineer", "ML / AI") == "ML/AI engineer"
    assert role_family("Research Scientist") == "research scientist"
    assert role_family("Data Scientist") == "data scientist"
    assert location_parts("Seattle, WA") == ("US", "Seattle")
    assert location_parts("Bangalore, KA, India") == ("IN", "Bangalore")


MINE = """Employer,Role,Base,Equity,Bonus,YOE,When
Google,Research Scientist,200000,150000,30000,4,2025-03-01
Meta,Machine Learning Engineer,180000,100000,20000,2,2025-04-15
Google,Research Scientist,-5000,0,0,4,2025-03-01
Meta,Software Engineer,150000,50000,0,3,last spring
"""
MAPPING = {
    "company": "Employer",
    "title": "Role",
    "base": "Base",
    "stock": "Equity",
    "bonus": "Bonus",
    "yearsofexperience": "YOE",
    "date": "When",
}


def test_a_users_csv_imports_with_a_column_mapping(settings, tmp_path) -> None:
    from talentradar.errors import SourceError
    from talentradar.pipeline import IMPORTS, build, import_compensation
    from talentradar.store.radar import workspace_of

    mine = tmp_path / "mine.csv"
    mine.write_text(MINE)
    first = import_compensation(settings, str(mine), MAPPING)
    summary = build(settings, changed=[IMPORTS])
    assert [s["step"] for s in summary.steps] == ["market"]
    again = import_compensation(settings, str(mine), MAPPING)
    with workspace_of(settings).read() as workspace:
        reasons = workspace.query(
            "SELECT field, reason FROM quarantine WHERE source = 'compensation_import' ORDER BY field"
        )
    store = open_radar(settings)
    try:
        rows = store.query(
            "SELECT org_id, role_family, total, years_experience FROM comp "
            "WHERE source = 'compensation_import' ORDER BY total"
        )
        shipped = store.query("SELECT count(*) AS n FROM comp WHERE source = 'compensation'")[0][
            "n"
        ]
    finally:
        store.close()
    assert (first.status, first.new, first.quarantined) == ("loaded", 2, 2)
    assert again.status == "unchanged"
    assert [(r["org_id"], r["total"], r["years_experience"]) for r in rows] == [
        ("meta", 300000, 2),
        ("google", 380000, 4),
    ]
    assert {r["field"] for r in reasons} == {"Base", "When"}
    assert shipped == len(TOTALS)  # the shipped data is untouched
    with pytest.raises(SourceError, match="salary"):
        import_compensation(settings, str(mine), {**MAPPING, "salary": "Base"})
    with pytest.raises(SourceError, match="company"):
        import_compensation(settings, str(mine), {"title": "Role", "base": "Base"})
