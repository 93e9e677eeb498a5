"""Watches: what changed for a watched shortlist or org between two radars."""

from __future__ import annotations

import shutil
from datetime import datetime

from talentradar import shortlists, watch
from talentradar.store.duckdb import DuckDBStore
from talentradar.store.radar import open_radar, workspace_of
from tests.conftest import copy_radar

NOW = datetime(2026, 3, 1)


def _previous(settings, tmp_path) -> DuckDBStore:
    """A writable copy of the radar, to play the previous build."""
    path = tmp_path / "previous.duckdb"
    shutil.copy(settings.db_path, path)
    return DuckDBStore(path)


def test_a_paper_missing_from_the_previous_radar_is_recorded_once(fixture_settings, tmp_path):
    settings = copy_radar(fixture_settings, tmp_path / "new")
    workspace = workspace_of(settings)
    radar = open_radar(settings, workspace)
    person = radar.query(
        "SELECT person_id FROM mention_person GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
    )[0]["person_id"]
    with workspace.write() as ws:
        shortlists.add(radar, ws, "watched", person, NOW)
        watch.add_watch(radar, ws, "shortlist", "watched", NOW)
    previous = _previous(settings, tmp_path)
    paper = previous.query(
        "SELECT m.paper_id, m.mention_id FROM mention_person mp JOIN mentions m USING (mention_id) "
        "WHERE mp.person_id = ? ORDER BY m.paper_id LIMIT 1",
        [person],
    )[0]
    previous.execute("DELETE FROM mention_person WHERE mention_id = ?", [paper["mention_id"]])
    with workspace.read() as ws:
        before = watch.watch_state(previous, ws)
    rows = watch.record_after_build(before, radar, workspace, NOW)
    assert [(r["change"], r["person_id"], r["subject"]) for r in rows] == [
        ("new_paper", person, paper["paper_id"])
    ]
    again = open_radar(settings, workspace)  # sees the workspace as written
    assert [c["subject"] for c in watch.changes(again, "shortlist", "watched")] == [
        paper["paper_id"]
    ]
    with workspace.read() as ws:
        assert watch.record_changes(watch.watch_state(again, ws), again, ws, NOW) == []
    for store in (previous, radar, again):
        store.close()


def test_a_move_into_a_watched_org_is_recorded(fixture_settings, tmp_path):
    settings = copy_radar(fixture_settings, tmp_path / "new")
    workspace = workspace_of(settings)
    radar = open_radar(settings, workspace)
    move = radar.query(
        "SELECT person_id, to_org FROM moves_detail WHERE NOT internal ORDER BY 1, 2 LIMIT 1"
    )
    assert move, "the fixture has a move between orgs"
    org = move[0]["to_org"]
    with workspace.write() as ws:
        watch.add_watch(radar, ws, "org", org, NOW)
    previous = _previous(settings, tmp_path)
    previous.execute("DELETE FROM moves_detail WHERE to_org = ?", [org])
    with workspace.read() as ws:
        before = watch.watch_state(previous, ws)
    rows = watch.record_after_build(before, radar, workspace, NOW)
    assert rows and {r["change"] for r in rows} == {"move_in"}
    assert move[0]["person_id"] in {r["person_id"] for r in rows}
    previous.close()
    radar.close()


def test_nothing_watched_records_nothing(fixture_settings, tmp_path):
    settings = copy_radar(fixture_settings, tmp_path / "new")
    workspace = workspace_of(settings)
    radar = open_radar(settings, workspace)
    with workspace.read() as ws:
        assert watch.watch_state(radar, ws).facts == {}
    assert watch.record_after_build(None, radar, workspace, NOW) == []
    radar.close()
