"""Loading is idempotent, failures lose nothing, quarantine is counted."""

from __future__ import annotations

import gzip
import hashlib
import json
import shutil
import subprocess
from datetime import datetime
from pathlib import Path

import pytest

from talentradar import pipeline
from talentradar.pipeline import build
from talentradar.settings import load_settings
from talentradar.store.radar import open_radar
from tests.conftest import REAL_DATA, make_mirror


def _counts(settings):
    store = open_radar(settings)
    try:
        return {
            t: store.query(f"SELECT count(*) AS n FROM {t}")[0]["n"]
            for t in ("records", "quarantine", "papers", "mentions", "mention_orgs")
        }
    finally:
        store.close()


def test_build_from_fixture_mirror(fixture_settings) -> None:
    counts = _counts(fixture_settings)
    # nips2019 + valid icml2023 + proceedings + schedule, then nips2023 + its OpenReview profiles,
    # nips2024 + its site affiliations, eccv2022 + its older paper-level list
    assert counts["records"] == 4 + 2 + 3 + 1 + 3 + 3 + 1 + 1 + 2 + 2
    assert counts["quarantine"] == 2  # icml2023: title of wrong type, author of wrong type


@pytest.fixture(params=["in this process", "in worker processes"])
def parse_where(request: pytest.FixtureRequest, monkeypatch: pytest.MonkeyPatch) -> str:
    if request.param == "in worker processes":
        monkeypatch.setattr(pipeline, "IN_WORKERS_FROM", 1)
    return str(request.param)


def test_rebuild_changes_no_counts(tmp_path: Path, parse_where: str) -> None:
    mirror = make_mirror(tmp_path / "data")
    settings = load_settings(data_dir=str(mirror), db_path=tmp_path / "tr.duckdb")
    first = build(settings, now=datetime(2026, 1, 1))
    before = _counts(settings)
    second = build(settings, now=datetime(2026, 1, 2))
    assert _counts(settings) == before
    assert all(r.status == "loaded" for r in first.loads)
    assert all(r.status == "unchanged" for r in second.loads)


def test_failed_file_loses_nothing_already_stored(tmp_path: Path, parse_where: str) -> None:
    mirror = make_mirror(tmp_path / "data")
    settings = load_settings(data_dir=str(mirror), db_path=tmp_path / "tr.duckdb")
    build(settings, now=datetime(2026, 1, 1))
    before = _counts(settings)
    target = mirror / "paperlists/nips/nips2019.json"
    target.write_text(target.read_text()[:120])  # truncated JSON
    summary = build(settings, now=datetime(2026, 1, 2))
    (failed,) = summary.failed
    assert "nips2019.json: invalid or truncated JSON" in (failed.error or "")
    assert _counts(settings) == before


def test_changed_record_is_updated_not_duplicated(tmp_path: Path) -> None:
    mirror = make_mirror(tmp_path / "data")
    settings = load_settings(data_dir=str(mirror), db_path=tmp_path / "tr.duckdb")
    build(settings, now=datetime(2026, 1, 1))
    before = _counts(settings)
    target = mirror / "paperlists/nips/nips2019.json"
    target.write_text(target.read_text().replace('"Spotlight"', '"Oral"'))
    summary = build(settings, now=datetime(2026, 1, 2))
    assert sum(r.updated for r in summary.loads) == 1
    assert _counts(settings) == before


def test_enrichment_join_is_reported(fixture_settings) -> None:
    store = open_radar(fixture_settings)
    try:
        joins = {
            (j["source"], j["year"]): j
            for j in json.loads(
                store.query("SELECT value FROM build_info WHERE key = 'joins'")[0]["value"]
            )
        }
        papers = store.query(
            "SELECT title, status, presentation, author_source FROM papers "
            "WHERE venue = 'neurips' AND year = 2019 ORDER BY title"
        )
    finally:
        store.close()
    assert joins[("neurips_proceedings", 2019)]["joined"] == 2
    assert joins[("neurips_proceedings", 2019)]["unjoined"] == 1
    by_title = {p["title"]: p for p in papers}
    assert by_title["Deep Oral Learning"]["presentation"] == "oral"
    assert by_title["Deep Oral Learning"]["author_source"] == "neurips_proceedings"
    assert by_title["Only In The Proceedings"]["status"] == "Accepted"


def test_no_shared_data_file_is_copied_into_the_repository() -> None:
    """No tracked file has the content of a file in the shared data mirror (raw or gunzipped)."""
    repo = Path(__file__).parent.parent
    if not REAL_DATA.is_dir() or shutil.which("git") is None:
        pytest.skip("needs git and the shared data mirror")
    tracked = subprocess.run(
        ["git", "ls-files"], cwd=repo, capture_output=True, text=True, check=True
    )
    ours = {
        hashlib.sha1((repo / name).read_bytes()).hexdigest()
        for name in tracked.stdout.splitlines()
        if (repo / name).is_file()
    }
    shared = set()
    for path in REAL_DATA.rglob("*"):
        if path.is_file():
            data = path.read_bytes()
            shared.add(hashlib.sha1(data).hexdigest())
            if path.suffix == ".gz":
                shared.add(hashlib.sha1(gzip.decompress(data)).hexdigest())
    assert ours and not (ours & shared)


def test_unknown_venue_and_empty_files_fail_alone(tmp_path: Path) -> None:
    mirror = make_mirror(tmp_path / "data")
    (mirror / "paperlists/foo").mkdir()
    (mirror / "paperlists/foo/foo2020.json").write_text('[{"title": "x"}]')
    (mirror / "paperlists/icml/icml2024.json").write_text("")
    settings = load_settings(data_dir=str(mirror), db_path=tmp_path / "tr.duckdb")
    summary = build(settings)
    errors = " | ".join(sorted(r.error or "" for r in summary.failed))
    assert len(summary.failed) == 2
    assert "foo2020.json: unknown venue 'foo'" in errors
    assert "icml2024.json: empty file" in errors
    assert _counts(settings)["records"] == 22  # everything else loaded
