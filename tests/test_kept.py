"""A rebuild copies the venue-years and affiliation resolutions whose inputs did not change
(talentradar.kept), and its radar is the one a build from nothing makes: unchanged, after one
file changed, and after the code changed."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from talentradar import kept
from talentradar.pipeline import build
from talentradar.settings import load_settings
from talentradar.store.radar import open_radar
from tests.conftest import make_mirror

TABLES = {
    "papers": "paper_id",
    "mentions": "mention_id",
    "affiliations": "affiliation, email_domain, affiliation_norm, country_hint",
    "affiliation_matches": "affiliation, email_domain, affiliation_norm, country_hint, rank",
    "mention_orgs": "mention_id, org_id",
    "orgs": "org_id",
    "mention_person": "mention_id",
    "text_terms": "docid, termid",
    "paper_vectors": "paper_id",
}


def _rows(settings) -> dict[str, list[tuple]]:
    """Every row of the compared tables, in stored order (a rebuild writes the same order)."""
    store = open_radar(settings)
    try:
        return {t: [tuple(r.values()) for r in store.query(f"SELECT * FROM {t}")] for t in TABLES}
    finally:
        store.close()


def _joins(settings) -> list[dict]:
    store = open_radar(settings)
    try:
        return json.loads(
            store.query("SELECT value FROM build_info WHERE key = 'joins'")[0]["value"]
        )
    finally:
        store.close()


def _settings(data: Path, db: Path):
    return load_settings(data_dir=str(data), db_path=db)


@pytest.fixture()
def mirror_and_fresh(tmp_path):
    data = make_mirror(tmp_path / "data")
    fresh = _settings(data, tmp_path / "fresh" / "radar.duckdb")
    build(fresh)
    return data, fresh


def test_an_unchanged_rebuild_copies_every_part_and_equals_a_fresh_build(
    mirror_and_fresh, monkeypatch
) -> None:
    _, fresh = mirror_and_fresh
    before = (_rows(fresh), _joins(fresh))
    made = _count_paper_tables(monkeypatch)
    build(fresh)
    assert made == []  # every venue-year copied
    assert (_rows(fresh), _joins(fresh)) == before


def test_a_changed_file_is_read_again_and_the_rest_copied(mirror_and_fresh, tmp_path) -> None:
    data, previous = mirror_and_fresh
    path = data / "paperlists" / "nips" / "nips2019.json"
    rows = json.loads(path.read_text())
    rows[0]["title"] = rows[0]["title"] + " (revised)"
    path.write_text(json.dumps(rows))
    build(previous)  # over the radar of the unchanged files
    reference = _settings(data, tmp_path / "reference" / "radar.duckdb")
    build(reference)  # from nothing
    assert _rows(previous) == _rows(reference)
    assert _joins(previous) == _joins(reference)


def test_changed_code_makes_every_part_again(mirror_and_fresh, monkeypatch) -> None:
    _, fresh = mirror_and_fresh
    before = _rows(fresh)
    made = _count_paper_tables(monkeypatch)
    monkeypatch.setattr(kept, "code_digest", lambda: "another version of the code")
    build(fresh)
    store = open_radar(fresh)
    try:
        parts = store.query("SELECT count(*) AS n FROM paper_parts")[0]["n"]
    finally:
        store.close()
    assert len(made) == parts > 0
    assert _rows(fresh) == before


def _count_paper_tables(monkeypatch) -> list[int]:
    """Calls of the papers step's per-venue-year function (run in-process to be seen)."""
    from talentradar import pipeline

    made: list[int] = []
    original = pipeline.paper_tables

    def counted(table):
        made.append(1)
        return original(table)

    monkeypatch.setattr(pipeline, "paper_tables", counted)
    monkeypatch.setattr(pipeline, "IN_WORKERS_FROM", 10_000)
    return made
