"""Rendering results: tables to a terminal, CSV and JSON to stdout or a file.

Tables fit the terminal: ids are never wrapped (so they can be copied), other text
wraps at word boundaries, shares are shown as percentages and counts rounded. CSV
and JSON keep full precision. An empty result prints a message on stderr and exits
with EXIT_EMPTY (after writing the empty CSV/JSON, so scripts still get the shape).
"""

from __future__ import annotations

import csv
import io
import json
import sys
from pathlib import Path
from typing import Any

import click
from rich.console import Console
from rich.table import Table

from talentradar.serialise import json_value

FORMATS = ("table", "csv", "json")
EXIT_EMPTY = 1
ID_SUFFIXES = ("_id", "_ids", "id", "key", "_org", "_parent", "lab")
MIN_WIDTH = 40


class NothingFound(click.ClickException):
    """Nothing to show: a message on stderr and a non-zero exit (1), not an empty table."""

    exit_code = EXIT_EMPTY

    def show(self, file: Any = None) -> None:
        click.echo(self.format_message(), err=True)


EXPORT_FORMATS = (*FORMATS, "parquet")


def export_option(func: Any) -> Any:
    """Like format_option, plus Parquet (which needs --output)."""
    func = click.option(
        "--output",
        "-o",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write to this file instead of stdout (required for parquet).",
    )(func)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(EXPORT_FORMATS),
        default="table",
        show_default=True,
        help="Output format.",
    )(func)


def format_option(func: Any) -> Any:
    func = click.option(
        "--output",
        "-o",
        type=click.Path(dir_okay=False, path_type=Path),
        help="Write to this file instead of stdout.",
    )(func)
    return click.option(
        "--format",
        "fmt",
        type=click.Choice(FORMATS),
        default="table",
        show_default=True,
        help="Output format.",
    )(func)


def emit(
    result: Any,
    rows: list[dict[str, Any]],
    fmt: str,
    output: Path | None = None,
    title: str | None = None,
    columns: list[str] | None = None,
    empty: str | None = None,
    allow_empty: bool = False,
) -> None:
    """Print ``result`` (JSON) or its ``rows`` (table, CSV, Parquet).

    No rows: the CSV/JSON is still written, then NothingFound (``empty`` or a generic
    message) ends the command with exit code 1 (unless ``allow_empty``)."""
    if fmt == "parquet":
        if output is None:
            raise click.UsageError("--format parquet needs --output FILE")
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(
            pa.Table.from_pylist([{k: _plain(v) for k, v in r.items()} for r in rows]), output
        )
    elif fmt == "json":
        _write(json.dumps(result, indent=2, ensure_ascii=False, default=json_value) + "\n", output)
    elif fmt == "csv":
        _write(to_csv(rows, columns), output)
    elif rows:
        width = terminal_width() if output is None else 160
        console = Console(file=io.StringIO() if output else sys.stdout, width=width)
        names = fitting(rows, columns or list(rows[0]), width)
        console.print(to_table(rows, title, names))
        if output is not None:
            _write(console.file.getvalue(), output)  # type: ignore[attr-defined]
    if not rows and not allow_empty:
        raise NothingFound(empty or f"nothing found{f' ({title})' if title else ''}")


def _write(text: str, output: Path | None) -> None:
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


def terminal_width() -> int:
    """The width of the terminal (COLUMNS wins), at least MIN_WIDTH; 80 when not a terminal."""
    return max(MIN_WIDTH, Console().width)


def to_csv(rows: list[dict[str, Any]], columns: list[str] | None = None) -> str:
    buffer = io.StringIO()
    names = columns or (list(rows[0]) if rows else [])
    writer = csv.DictWriter(buffer, fieldnames=names, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return buffer.getvalue()


def fitting(rows: list[dict[str, Any]], names: list[str], width: int) -> list[str]:
    """The columns that fit ``width`` without breaking ids, numbers or (short) words: ids and
    the first column first, then the others in order; those left out are named on stderr
    (CSV and JSON always have them all)."""
    order = [n for i, n in enumerate(names) if i == 0 or is_id(n)]
    order += [n for n in names if n not in order]
    kept: set[str] = set()
    used = 1
    for name in order:
        need = min_width(rows, name) + 3
        if kept and used + need > width:
            continue
        kept.add(name)
        used += need
    left = [n for n in names if n not in kept]
    if left:
        click.echo(
            f"note: {len(left)} column(s) left out to fit {width} columns: {', '.join(left)} "
            "(use --format csv or json, or a wider terminal)",
            err=True,
        )
    return [n for n in names if n in kept]


def min_width(rows: list[dict[str, Any]], name: str) -> int:
    """The narrowest a column can be: ids and numbers whole (with their header), text at its
    longest word (at most 16)."""
    sample = rows[:500]
    if is_id(name) or any(isinstance(r.get(name), int | float) for r in sample[:50]):
        return max(len(name), *(len(display(name, r.get(name))) for r in sample))
    header = max(len(w) for w in _header(name).split())
    words = [len(w) for r in sample for w in display(name, r.get(name)).split()]
    return max(header, min(16, max(words, default=1)))


def _header(name: str) -> str:
    return name.replace("_", " ")


def to_table(
    rows: list[dict[str, Any]], title: str | None, columns: list[str] | None = None
) -> Table:
    names = columns or (list(rows[0]) if rows else [])
    table = Table(title=title, show_lines=False)
    for name in names:
        numeric = bool(rows) and any(isinstance(r.get(name), int | float) for r in rows[:50])
        header = _header(name)
        if is_id(name):
            table.add_column(
                header, no_wrap=True, overflow="ignore", min_width=min_width(rows, name)
            )
        elif numeric:
            table.add_column(header, justify="right", no_wrap=True, min_width=min_width(rows, name))
        else:
            table.add_column(header, overflow="ellipsis", min_width=min_width(rows, name))
    for row in rows:
        table.add_row(*[display(n, row.get(n)) for n in names])
    return table


def is_id(name: str) -> bool:
    """Columns holding ids (never wrapped in tables)."""
    return name.endswith(ID_SUFFIXES) or name in ("from", "to", "venue")


EVALUATION_SUFFIXES = ("precision", "recall", "f1", "kept_apart")
"""Evaluation figures: shown to 4 decimals (0.9852 is not 0.99 when the target is 0.99)."""


def display(name: str, value: Any) -> str:
    """A cell for a terminal: shares as percentages, counts rounded, evaluation figures to 4
    decimals, other scores to 2."""
    if isinstance(value, bool) or not isinstance(value, float):
        return _cell(value)
    if name.endswith(EVALUATION_SUFFIXES):
        return f"{value:.4f}"
    if "share" in name or name.endswith(("_pct_of", "coverage", "rate")):
        return f"{100 * value:.1f}%"
    if abs(value) >= 10:
        return f"{value:,.0f}"
    if abs(value) >= 1:
        return f"{value:.1f}"
    return f"{value:.2f}"


def _plain(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool | type(None)) else _cell(value)


def _cell(value: Any) -> str:
    """A cell for CSV: full precision."""
    if value is None:
        return ""
    if isinstance(value, float):
        return repr(value)
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)
