"""The command line: help texts, output formats, one-line errors."""

from __future__ import annotations

import json
import subprocess
import sys

import click
import pytest
from click.testing import CliRunner

from talentradar.cli import cli


def _commands(group: click.Group, prefix: tuple[str, ...] = ()):
    ctx = click.Context(group)
    for name in group.list_commands(ctx):
        command = group.get_command(ctx, name)
        assert command is not None, name
        yield (*prefix, name), command
        if isinstance(command, click.Group):
            yield from _commands(command, (*prefix, name))


def test_the_command_listing_matches_each_commands_help() -> None:
    """`talentradar --help` lists commands without importing them; its lines cannot drift."""
    from talentradar.cli import COMMANDS

    for name, (_, _, listed) in COMMANDS.items():
        command = cli.get_command(click.Context(cli), name)
        assert command is not None and command.name == name
        first = (command.help or "").strip().splitlines()[0]
        assert first == listed, f"{name}: listing says {listed!r}, the help says {first!r}"


def test_every_command_is_in_the_cli_docs() -> None:
    from pathlib import Path

    docs = (Path(__file__).parent.parent / "docs" / "cli.md").read_text(encoding="utf-8")
    missing = [" ".join(path) for path, _ in _commands(cli) if " ".join(path) not in docs]
    assert not missing, f"commands missing from docs/cli.md: {missing}"


@pytest.mark.parametrize(
    ("path", "command"),
    list(_commands(cli)),
    ids=lambda p: " ".join(p) if isinstance(p, tuple) else "",
)
def test_every_command_has_help_with_an_example(path, command) -> None:
    result = CliRunner().invoke(cli, [*path, "--help"])
    assert result.exit_code == 0, result.output
    if not isinstance(command, click.Group):
        assert "Example:" in result.output, f"`talentradar {' '.join(path)}` help has no example"


def _run(settings, *args: str) -> subprocess.CompletedProcess[str]:
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


def test_tracker_json_is_stable(fixture_settings) -> None:
    out = _run(
        fixture_settings, "tracker", "--venue", "neurips", "--year", "2019", "--format", "json"
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert set(data) == {"query", "measures", "cohorts", "rows"}
    assert set(data["rows"][0]) == {
        "venue",
        "year",
        "key",
        "label",
        "persons",
        "papers",
        "person_share",
        "paper_share",
    }


def test_tracker_csv_has_header_and_rows(fixture_settings) -> None:
    out = _run(
        fixture_settings, "tracker", "--venue", "neurips", "--year", "2019", "--format", "csv"
    )
    lines = out.stdout.strip().splitlines()
    assert lines[0] == "venue,year,key,label,persons,person_share,papers,paper_share"
    assert len(lines) == 4


def test_unknown_venue_is_one_line_error(fixture_settings) -> None:
    out = _run(fixture_settings, "tracker", "--venue", "neurip", "--year", "2019")
    assert out.returncode == 2
    assert out.stderr.strip().count("\n") == 0
    assert "unknown venue 'neurip'" in out.stderr and "did you mean 'neurips'" in out.stderr
    assert "Traceback" not in out.stderr


def test_missing_store_says_what_to_do(tmp_path) -> None:
    out = subprocess.run(
        [sys.executable, "-m", "talentradar", "--db", str(tmp_path / "none.duckdb"), "stats"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.returncode == 2
    assert "run `talentradar build` first" in out.stderr


def test_stats_json_reports_quarantine_and_coverage(fixture_settings) -> None:
    data = json.loads(_run(fixture_settings, "stats", "--format", "json").stdout)
    assert sum(q["records"] for q in data["quarantine"]) == 2
    assert {q["field"] for q in data["quarantine"]} == {"title", "author"}
    assert 0 < data["coverage"]["share"] <= 1


def test_orgs_unresolved_and_resolve(fixture_settings) -> None:
    rows = json.loads(_run(fixture_settings, "orgs", "unresolved", "--format", "json").stdout)[
        "unresolved"
    ]
    assert any(r["affiliation"] == "Nowhere Institute of Nothing" for r in rows)
    out = json.loads(
        _run(fixture_settings, "orgs", "resolve", "UCSD & Google Brain", "--format", "json").stdout
    )
    assert [m["org_id"] for m in out["matches"]] == ["ucsd", "google-brain"]


def test_tracker_cohorts_report_coverage_and_default_to_the_main_track(fixture_settings) -> None:
    out = _run(
        fixture_settings, "tracker", "--venue", "neurips", "--year", "2023", "--format", "json"
    )
    assert out.returncode == 0, out.stderr
    data = json.loads(out.stdout)
    assert data["query"]["tracks"] == ["main"]
    (cohort,) = data["cohorts"]
    assert set(cohort["coverage"]) == {
        "own_paper",
        "paper_level",
        "inferred",
        "country_only",
        "none",
    }
    # the fixture's NeurIPS 2023 main track: 4 + 1 mentions, all placed from their own paper
    assert cohort["mentions"] == 5
    assert cohort["coverage"]["own_paper"] == 1.0
    everything = _run(
        fixture_settings,
        "tracker",
        "--venue",
        "neurips",
        "--year",
        "2023",
        "--track",
        "all",
        "--format",
        "json",
    )
    assert json.loads(everything.stdout)["query"]["tracks"] == []


def test_stats_reports_placement_per_venue_year(fixture_settings) -> None:
    out = _run(fixture_settings, "stats", "--format", "json")
    assert out.returncode == 0, out.stderr
    place = json.loads(out.stdout)["placement"]
    eccv = next(r for r in place["by_venue_year"] if (r["venue"], r["year"]) == ("eccv", 2022))
    assert eccv["shares"]["paper_level"] == 0.4 and eccv["shares"]["country_only"] == 0.6
