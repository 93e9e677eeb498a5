"""Watches: what changed for a watched shortlist or org between two radars."""

from __future__ import annotations

import shutil
from datetime import datetime

from talentradar import shortlists, watch
from talentradar.store.duckdb import DuckDBStore

NOW = datetime(2026, 3, 1)


def _copy(settings, tmp_path, name):
    path = tmp_path / name
    shutil.copy(settings.db_path, path)
    return DuckDBStore(path)


def _busiest_person(store) -> str:
    return store.query(
        "SELECT person_id FROM mention_person GROUP BY 1 ORDER BY count(*) DESC, 1 LIMIT 1"
    )[0]["person_id"]


def test_a_paper_missing_from_the_previous_radar_is_recorded_once(fixture_settings, tmp_path):
    current = _copy(fixture_settings, tmp_path, "new.duckdb")
    previous = _copy(fixture_settings, tmp_path, "old.duckdb")
    person = _busiest_person(current)
    shortlists.add(current, "watched", person, NOW)
    watch.add_watch(current, "shortlist", "watched", NOW)
    paper = previous.query(
        "SELECT m.paper_id, m.mention_id FROM mention_person mp JOIN mentions m USING (mention_id) "
        "WHERE mp.person_id = ? ORDER BY m.paper_id LIMIT 1",
        [person],
    )[0]
    previous.execute("DELETE FROM mention_person WHERE mention_id = ?", [paper["mention_id"]])
    before = watch.watch_state(previous, current)  # the workspace holds the watch list
    rows = watch.record_changes(before, current, current, NOW)
    assert [(r["change"], r["person_id"], r["subject"]) for r in rows] == [
        ("new_paper", person, paper["paper_id"])
    ]
    assert len(watch.changes(current, "shortlist", "watched")) == 1
    assert watch.record_changes(current, current, current, NOW) == []  # same radar: nothing new
    previous.close()
    current.close()


def test_a_move_into_a_watched_org_is_recorded(fixture_settings, tmp_path):
    current = _copy(fixture_settings, tmp_path, "new.duckdb")
    previous = _copy(fixture_settings, tmp_path, "old.duckdb")
    move = current.query(
        "SELECT person_id, to_org FROM moves_detail WHERE NOT internal ORDER BY 1, 2 LIMIT 1"
    )
    if not move:
        current.close()
        previous.close()
        return
    org = move[0]["to_org"]
    watch.add_watch(current, "org", org, NOW)
    previous.execute("DELETE FROM moves_detail WHERE to_org = ?", [org])
    rows = watch.record_changes(watch.watch_state(previous, current), current, current, NOW)
    assert rows and {r["change"] for r in rows} == {"move_in"}
    assert move[0]["person_id"] in {r["person_id"] for r in rows}
    previous.close()
    current.close()


def test_nothing_watched_records_nothing(fixture_settings, tmp_path):
    current = _copy(fixture_settings, tmp_path, "new.duckdb")
    assert watch.record_changes(current, current, current, NOW) == []
    current.close()
