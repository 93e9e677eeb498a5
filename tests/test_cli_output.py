"""CLI tables fit the terminal; ids are never wrapped; JSON and CSV keep full precision;
empty results print a message and exit non-zero."""

from __future__ import annotations

import io
import json

from rich.console import Console

from talentradar.cli.output import display, fitting, to_table
from tests.test_cli import _run

ROWS = [
    {
        "person_id": "Pe0228122c3e",
        "name": "A Person With A Rather Long Name",
        "org": "University of California, Berkeley",
        "person_share": 0.563912,
        "persons": 2463.8,
        "confidence": 0.5639,
        "papers": 830.0188,
        "note": "x" * 5,
    }
]


def _render(rows, width):
    names = fitting(rows, list(rows[0]), width)
    buffer = io.StringIO()
    Console(file=buffer, width=width).print(to_table(rows, None, names))
    return buffer.getvalue(), names


def test_tables_fit_80_columns_and_keep_ids_whole() -> None:
    text, names = _render(ROWS * 3, 80)
    assert max(len(line) for line in text.splitlines()) <= 80
    assert "person_id" in names and text.count("Pe0228122c3e") == 3
    assert "Berkeley" in text and "Berkele\n" not in text


def test_numbers_are_rounded_for_people_and_exact_in_json() -> None:
    assert display("person_share", 0.563912) == "56.4%"
    assert display("persons", 2463.8) == "2,464"
    assert display("papers", 830.0188) == "830"
    assert display("confidence", 0.5639) == "0.56"
    assert display("b3_f1", 0.98523) == "0.9852"  # not "0.99" beside a 0.99 target
    assert display("year", 2019) == "2019"


def test_empty_results_exit_non_zero_with_a_message(fixture_settings) -> None:
    out = _run(fixture_settings, "tracker", "--venue", "neurips", "--year", "2031")
    assert out.returncode == 1 and out.stdout == ""
    assert "no NeurIPS 2031 papers are loaded (years loaded: 2019" in out.stderr
    out = _run(
        fixture_settings, "tracker", "--venue", "neurips", "--year", "2031", "--format", "json"
    )
    assert out.returncode == 1 and json.loads(out.stdout)["rows"] == []
    out = _run(fixture_settings, "comp", "--org", "googel")
    assert out.returncode == 1 and "no compensation rows match (org 'googel')" in out.stderr
    out = _run(fixture_settings, "people", "timeline", "ZZZNOBODY")
    assert out.returncode == 1 and "nobody matches 'ZZZNOBODY'" in out.stderr
    out = _run(fixture_settings, "changes")
    assert out.returncode == 1 and "no change recorded" in out.stderr


def test_table_of_a_real_command_fits_80_columns(fixture_settings) -> None:
    out = _run(fixture_settings, "tracker", "--venue", "neurips", "--year", "2019")
    assert out.returncode == 0, out.stderr
    assert max(len(line) for line in out.stdout.splitlines()) <= 80
    assert "%" in out.stdout
