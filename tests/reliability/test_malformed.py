"""The malformed-input corpus (tests/data/malformed, 55 files, one problem each) loaded beside
the fixture mirror: no traceback, every bad file named with its problem (a failed load or
quarantined records), the control records loaded, and every other count equal to a clean
build's."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from talentradar.analytics.coverage import store_stats
from talentradar.pipeline import build
from talentradar.settings import load_settings
from talentradar.store.radar import reading
from tests.conftest import make_mirror

CORPUS = Path(__file__).parent.parent / "data" / "malformed" / "paperlists"
CONTROLS = {
    # control papers the corpus holds: 8 beside bad rows, 3 beside huge fields, 3 cleaned of
    # control characters, 209 and 210/211 from the duplicates, 213 beside an injection
    "ctl100", "ctl101", "ctl102", "ctl103", "ctl104", "ctl105", "ctl106", "ctl107",
    "ctl200", "ctl202", "ctl204", "ctl206", "ctl207", "ctl208", "ctl209", "ctl210", "ctl211",
    "ctl213",
}  # fmt: skip


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    root = tmp_path_factory.mktemp("malformed")
    clean = load_settings(
        data_dir=str(make_mirror(root / "clean")), db_path=root / "c" / "r.duckdb"
    )
    build(clean)
    mirror = make_mirror(root / "dirty")
    shutil.copytree(CORPUS, mirror / "paperlists", dirs_exist_ok=True)
    dirty = load_settings(data_dir=str(mirror), db_path=root / "d" / "r.duckdb")
    build(dirty)
    return clean, dirty


def _corpus_files() -> list[Path]:
    return sorted(p for p in CORPUS.rglob("*") if p.is_file())


def test_the_corpus_has_at_least_fifty_files() -> None:
    assert len(_corpus_files()) >= 50


def test_every_bad_file_is_named_with_its_problem(built) -> None:
    _, dirty = built
    with reading(dirty) as radar:
        loads = radar.query(
            "SELECT DISTINCT ON (location) location, status, error, quarantined FROM loads "
            "ORDER BY location, finished_at DESC"
        )
        quarantine = radar.query("SELECT location, field, reason FROM quarantine")
    by_name = {Path(r["location"]).name: r for r in loads}
    reasons = {Path(r["location"]).name: r["reason"] for r in quarantine}
    for path in _corpus_files():
        load = by_name.get(path.name)
        assert load is not None, f"{path.name} not in loads"
        problem = load["error"] if load["status"] == "failed" else reasons.get(path.name)
        clean_file = path.name in _CLEAN_FILES
        assert clean_file or problem, f"{path.name}: no problem named ({load})"
        if load["status"] == "failed":
            assert str(path.name) in load["error"] or "paperlists" in load["error"]


_CLEAN_FILES = {  # files whose records all load (cleaned of control characters) or none exist
    "icml2069.json", "icml2070.json", "icml2071.json", "icml2081.json",
}  # fmt: skip


def test_controls_load_and_everything_else_counts_as_a_clean_build(built) -> None:
    clean, dirty = built
    with reading(clean) as a, reading(dirty) as b:
        ours = {
            r["source_key"].rsplit("/", 1)[-1] for r in b.query("SELECT source_key FROM records")
        }
        assert ours >= CONTROLS
        stats_a, stats_b = store_stats(a), store_stats(b)
        extra_papers = b.query("SELECT count(*) AS n FROM papers WHERE year > 2030")[0]["n"]
        titles = [r["title"] for r in b.query("SELECT title FROM papers")]
        authors = [r["name"] for r in b.query("SELECT name FROM mentions")]
        kept = {
            r["payload"]
            for r in b.query("SELECT payload FROM records WHERE source_key LIKE '%ctl2%'")
        }
    assert not any("\x00" in t for t in titles + authors)
    assert max(len(t) for t in titles) <= 2_000
    assert not any("DROP TABLE" in a for a in authors)
    assert kept
    for table in ("orgs", "persons", "mentions", "papers"):
        assert stats_b["tables"][table] >= stats_a["tables"][table]
    # the clean build's papers are all there; the new ones are the corpus's loadable records
    assert stats_b["tables"]["papers"] - stats_a["tables"]["papers"] == extra_papers
    assert extra_papers == len(CONTROLS)
