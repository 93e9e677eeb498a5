"""``talentradar stats``: counts per table, loads, quarantine and coverage."""

from __future__ import annotations

from pathlib import Path

import click
from rich.console import Console

from talentradar.analytics.coverage import store_stats
from talentradar.cli import Context, pass_context
from talentradar.cli.output import emit, format_option, to_table
from talentradar.store.radar import reading


@click.command("stats")
@format_option
@pass_context
def command(ctx: Context, fmt: str, output: Path | None) -> None:
    """Counts per table, files loaded or failed, quarantined records and why, org coverage.

    \b
    Example:
      talentradar stats
      talentradar stats --format json
    """
    with reading(ctx.settings) as store:
        result = store_stats(store)
    rows = [{"table": k, "rows": v} for k, v in result["tables"].items()]
    if fmt != "table" or output is not None:
        emit(result, rows, fmt, output)
        return
    console = Console()
    console.print(f"store built {result['built_at']} (version {result['version']})")
    console.print(to_table(rows, "tables"))
    console.print(to_table(result["records_by_source"], "records by source"))
    console.print(to_table(result["loads"], "files by last load status"))
    if result["failed_files"]:
        console.print(to_table(result["failed_files"], "failed files"))
    console.print(
        to_table(
            result["quarantine"] or [{"source": "-", "field": "-", "reason": "none", "records": 0}],
            "quarantined records",
        )
    )
    console.print(to_table(result["joins"], "enrichment joins (by normalised title)"))
    cov = result["coverage"]
    share = f"{100 * cov['share']:.2f}%" if cov["share"] is not None else "n/a"
    console.print(f"org coverage: {cov['resolved']}/{cov['carry']} = {share} ({cov['definition']})")
