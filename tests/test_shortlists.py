"""Shortlists through the CLI: add, show, export; suppressed persons never appear."""

from __future__ import annotations

import csv
import json
import subprocess
import sys


def _run(settings, *args):
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "talentradar",
            "--db",
            str(settings.db_path),
            "--data-dir",
            settings.data_dir,
            *args,
        ],
        capture_output=True,
        text=True,
        check=False,
    )


def test_shortlist_round_trip(fixture_settings, tmp_path) -> None:
    people = json.loads(
        _run(fixture_settings, "people", "show", "Zhang", "--format", "json").stdout
    )
    person = (
        people["persons"][0]["person_id"] if "persons" in people else people["person"]["person_id"]
    )
    assert (
        _run(
            fixture_settings,
            "shortlist",
            "add",
            "test-list",
            person,
            "--stage",
            "contacted",
            "--note",
            "met at a poster",
        ).returncode
        == 0
    )
    shown = json.loads(
        _run(fixture_settings, "shortlist", "show", "test-list", "--format", "json").stdout
    )
    assert [(e["person_id"], e["stage"], e["note"]) for e in shown["entries"]] == [
        (person, "contacted", "met at a poster")
    ]
    out = tmp_path / "list.csv"
    assert (
        _run(fixture_settings, "shortlist", "export", "test-list", "--output", str(out)).returncode
        == 0
    )
    assert [r["person_id"] for r in csv.DictReader(out.open())] == [person]
    bad = _run(fixture_settings, "shortlist", "add", "test-list", person, "--stage", "married")
    assert bad.returncode == 2 and "'married' is not one of" in bad.stderr
    assert _run(fixture_settings, "people", "suppress", person).returncode == 0
    shown = json.loads(
        _run(fixture_settings, "shortlist", "show", "test-list", "--format", "json").stdout
    )
    assert shown["entries"] == []
    _run(fixture_settings, "people", "suppress", person, "--undo")
