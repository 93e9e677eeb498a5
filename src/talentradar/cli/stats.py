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
    if result.get("deleted_files"):
        console.print(
            to_table(
                result["deleted_files"],
                "deleted files: no longer found; their records are retired "
                "(kept in the raw layer, left out of every derived table)",
            )
        )
    console.print(
        to_table(
            result["quarantine"] or [{"source": "-", "field": "-", "reason": "none", "records": 0}],
            "quarantined records",
        )
    )
    console.print(to_table(result["joins"], "enrichment joins (by id, title or author names)"))
    cov = result["coverage"]
    share = f"{100 * cov['share']:.2f}%" if cov["share"] is not None else "n/a"
    console.print(f"org coverage: {cov['resolved']}/{cov['carry']} = {share} ({cov['definition']})")
    place = result["placement"]
    if place["by_venue_year"]:
        console.print(
            to_table(
                placement_rows(place["by_venue_year"]), "placement of accepted mentions (% of all)"
            )
        )
        console.print(place["definition"])
    if place["unaligned"]:
        console.print(
            to_table(place["unaligned"], "papers whose per-author list could not be aligned")
        )
    if place.get("alignment"):
        console.print(
            to_table(
                place["alignment"],
                "short lists aligned by evidence: profiled authors placed, with no entry, "
                "or tied (left unaligned)",
            )
        )


def placement_rows(rows: list[dict]) -> list[dict]:
    """The placement table as printed: shares in per cent, one line per venue-year."""
    return [
        {
            "venue": r["venue"],
            "year": r["year"],
            "mentions": r["mentions"],
            "own": f"{100 * r['shares']['own_paper']:.1f}",
            "paper": f"{100 * r['shares']['paper_level']:.1f}",
            "infer": f"{100 * r['shares']['inferred']:.1f}",
            "ctry": f"{100 * r['shares']['country_only']:.1f}",
            "none": f"{100 * r['shares']['none']:.1f}",
            "ceil": f"{100 * r['ceiling']:.1f}",
        }
        for r in rows
    ]
