"""``build --engine spark`` and the DuckDB build give the same radar: papers, mentions, orgs
per mention (aligned rows included), paper orgs, persons, careers (observations, person-years,
spells, moves: made on Spark by the ``facts`` step) and tracker answers, on six
venue-years of the shared mirror plus
the OpenAlex and DBLP fixtures (Spark local[2])."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from talentradar.analytics.cohorts import Selection
from talentradar.analytics.tracker import tracker
from talentradar.pipeline import build
from talentradar.settings import load_settings
from talentradar.store.radar import open_radar
from tests.conftest import REAL_DATA
from tests.sources.big_mirror import DATA

pytestmark = [
    pytest.mark.spark,
    pytest.mark.slow,
    pytest.mark.xdist_group("spark"),
]

VENUE_YEARS = [
    ("automl", 2022),
    ("automl", 2023),
    ("automl", 2024),
    ("acml", 2014),
    ("rss", 2010),
    ("www", 2024),
]
"""Small venue-years; www 2024 has short per-author affiliation lists (aligned, and paper-level
lists for paper_orgs)."""
FIXTURE_YEARS = [("iclr", 2021), ("iclr", 2022), ("icml", 2021), ("aaai", 2021), ("aaai", 2022)]

QUERIES = {
    "papers": "SELECT * FROM papers ORDER BY paper_id",
    "mentions": "SELECT * FROM mentions ORDER BY mention_id",
    "orgs per mention": "SELECT * FROM mention_orgs ORDER BY mention_id, org_id",
    "affiliations": "SELECT * FROM affiliations ORDER BY ALL",
    "affiliation matches": "SELECT * FROM affiliation_matches ORDER BY ALL",
    "paper orgs": "SELECT * FROM paper_orgs ORDER BY ALL",
    "alignments": "SELECT * FROM alignments ORDER BY ALL",
    "paper parts": "SELECT * FROM paper_parts ORDER BY ALL",
    "org inputs": "SELECT * FROM org_inputs",
    "placements": "SELECT * FROM placements ORDER BY ALL",
    "orgs": "SELECT * FROM orgs ORDER BY org_id",
    "persons": "SELECT mention_id, person_id FROM mention_person ORDER BY mention_id",
    "moves": "SELECT * FROM moves ORDER BY ALL",
    "observations": "SELECT * FROM observations ORDER BY person_id, year, org_id",
    "person years": "SELECT * FROM person_years ORDER BY person_id, year, org_id",
    "spells": "SELECT * FROM spells ORDER BY person_id, spell_no",
    "records": "SELECT record_id, source, checksum FROM records ORDER BY record_id",
    "quarantine": "SELECT source, source_key, field, reason FROM quarantine ORDER BY ALL",
}


def _data_dir(root: Path) -> Path:
    data = root / "data"
    for venue, year in VENUE_YEARS:
        (data / "paperlists" / venue).mkdir(parents=True, exist_ok=True)
        name = f"{venue}{year}.json.gz"
        (data / "paperlists" / venue / name).symlink_to(REAL_DATA / "paperlists" / venue / name)
    (data / "registry").symlink_to(REAL_DATA / "registry")
    for folder in (
        "neurips_affiliations/2019_2020",
        "neurips_affiliations/2024",
        "openreview_authors",
        "paperlists_history",
        "compensation",
        "layoffs",
        "jobs",
    ):
        (data / folder).mkdir(parents=True)
    schedule = data / "neurips_affiliations" / "2022"
    schedule.mkdir(parents=True)
    (schedule / "neurips_2022_title_and_authors.tsv").write_text("")
    (schedule / "pp_authors_name_affiliation.json").write_text("[]")
    (data / "openalex").symlink_to(DATA / "openalex")
    (data / "dblp").symlink_to(DATA / "dblp")
    return data


@pytest.fixture(scope="module")
def stores(tmp_path_factory: pytest.TempPathFactory):
    pytest.importorskip("pyspark")
    if not (REAL_DATA / "paperlists").is_dir():
        pytest.skip(f"shared data not found at {REAL_DATA}")
    root = tmp_path_factory.mktemp("parity")
    data = _data_dir(root)
    os.environ.setdefault("TALENTRADAR_SPARK_MASTER", "local[2]")
    out = {}
    for engine in ("duckdb", "spark"):
        settings = load_settings(
            data_dir=str(data), db_path=root / f"{engine}.duckdb", engine=engine
        )
        summary = build(settings)
        assert not summary.failed, [r.error for r in summary.failed]
        out[engine] = open_radar(settings)
    yield out
    for store in out.values():
        store.close()


@pytest.mark.parametrize("table", list(QUERIES))
def test_same_tables(stores, table: str) -> None:
    duck = stores["duckdb"].query(QUERIES[table])
    spark = stores["spark"].query(QUERIES[table])
    assert duck, f"{table}: nothing to compare"
    assert len(duck) == len(spark)
    assert duck == spark


ROW_ORDER = {
    "mention_orgs": "SELECT mention_id, org_id, method FROM mention_orgs "
    "WHERE method IN ('exact', 'aligned')",
    "affiliation_matches": "SELECT affiliation, email_domain, rank FROM affiliation_matches",
    "affiliations": "SELECT affiliation, email_domain, mentions FROM affiliations",
    "mentions": "SELECT mention_id FROM mentions",
}
"""Tables whose row order later steps read (rowid order): the same in both radars. Of
``mention_orgs``, the rows whose order the DuckDB build sets (its own and aligned rows); the
paper-level rows are appended by an INSERT without ORDER BY (resolve.orgs.paper_level), whose
order DuckDB does not fix in either build."""


@pytest.mark.parametrize("table", list(ROW_ORDER))
def test_rows_in_the_same_order(stores, table: str) -> None:
    sql = ROW_ORDER[table]
    assert stores["duckdb"].query(sql) == stores["spark"].query(sql)


@pytest.mark.parametrize("by", ["country", "org", "sector"])
def test_same_tracker_answers(stores, by: str) -> None:
    for venue, year in VENUE_YEARS + FIXTURE_YEARS:
        selection = Selection.of([venue], [year])
        duck = tracker(stores["duckdb"], selection, by=by)
        spark = tracker(stores["spark"], selection, by=by)
        assert duck["cohorts"][0]["papers"] > 0, (venue, year)
        assert duck == spark, (venue, year, by)


def test_the_comparison_covers_aligned_and_paper_level_orgs(stores) -> None:
    duck = stores["duckdb"]
    aligned = duck.query("SELECT count(*) AS n FROM mention_orgs WHERE method = 'aligned'")
    assert aligned[0]["n"] > 0
    assert duck.query("SELECT count(*) AS n FROM paper_orgs")[0]["n"] > 0
