"""Rendering results: tables to a terminal, CSV and JSON to stdout or a file."""

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
) -> None:
    """Print ``result`` (JSON) or its ``rows`` (table, CSV, Parquet)."""
    if fmt == "parquet":
        if output is None:
            raise click.UsageError("--format parquet needs --output FILE")
        import pyarrow as pa
        import pyarrow.parquet as pq

        pq.write_table(
            pa.Table.from_pylist([{k: _plain(v) for k, v in r.items()} for r in rows]), output
        )
        return
    if fmt == "json":
        text = json.dumps(result, indent=2, ensure_ascii=False, default=json_value) + "\n"
    elif fmt == "csv":
        text = to_csv(rows, columns)
    else:
        if output is None:
            Console(file=sys.stdout, width=max(100, Console().width)).print(
                to_table(rows, title, columns)
            )
            return
        buffer = io.StringIO()
        Console(file=buffer, width=160).print(to_table(rows, title, columns))
        text = buffer.getvalue()
    if output is None:
        sys.stdout.write(text)
    else:
        output.write_text(text, encoding="utf-8")


def to_csv(rows: list[dict[str, Any]], columns: list[str] | None = None) -> str:
    buffer = io.StringIO()
    names = columns or (list(rows[0]) if rows else [])
    writer = csv.DictWriter(buffer, fieldnames=names, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(v) for k, v in row.items()})
    return buffer.getvalue()


def to_table(
    rows: list[dict[str, Any]], title: str | None, columns: list[str] | None = None
) -> Table:
    names = columns or (list(rows[0]) if rows else [])
    table = Table(title=title, show_lines=False)
    for name in names:
        numeric = bool(rows) and isinstance(rows[0].get(name), int | float)
        table.add_column(name, justify="right" if numeric else "left", overflow="fold")
    for row in rows:
        table.add_row(*[_cell(row.get(n)) for n in names])
    return table


def _plain(value: Any) -> Any:
    return value if isinstance(value, str | int | float | bool | type(None)) else _cell(value)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.4f}".rstrip("0").rstrip(".") if abs(value) < 1000 else f"{value:.1f}"
    if isinstance(value, list | tuple):
        return "; ".join(str(v) for v in value)
    return str(value)
