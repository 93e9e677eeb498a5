"""``talentradar build``: all sources → store."""

from __future__ import annotations

import os

import click
from rich.console import Console

from talentradar.cli import Context, pass_context
from talentradar.cli.progress import RichProgress
from talentradar.pipeline import build as run_build
from talentradar.sources import connectors


def _roots(values: tuple[str, ...]) -> dict[str, str]:
    roots = {}
    for value in values:
        name, sep, location = value.partition("=")
        if not sep or name not in connectors():
            raise click.BadParameter(
                f"{value!r}: expected NAME=PATH_OR_URL with NAME in {', '.join(connectors())}",
                param_hint="--source-root",
            )
        roots[name] = location
    return roots


@click.command("build")
@click.option(
    "--source-root",
    "source_roots",
    multiple=True,
    metavar="NAME=PATH_OR_URL",
    help="Read one source from another folder or its canonical URL (repeatable).",
)
@click.option(
    "--engine",
    type=click.Choice(["duckdb", "spark"]),
    default=None,
    help="Run the build on DuckDB (one machine, the default) or Spark (docs/scale.md).",
)
@click.option(
    "--spark-master",
    metavar="URL",
    default=None,
    help="Spark master for --engine spark (default local[2]; e.g. spark://host:7077).",
)
@pass_context
def command(
    ctx: Context, source_roots: tuple[str, ...], engine: str | None, spark_master: str | None
) -> None:
    """Load every source into the store and rebuild all derived tables.

    Re-running with unchanged inputs loads nothing new; a file that cannot be
    read is reported and skipped, and nothing already stored is lost.

    \b
    Example:
      talentradar build
      talentradar build --source-root paperlists=https://raw.githubusercontent.com/papercopilot/paperlists/main
      talentradar build --engine spark --spark-master local[2]
    """
    if spark_master:
        os.environ["TALENTRADAR_SPARK_MASTER"] = spark_master
    settings = ctx.settings.with_overrides(engine=engine)
    with RichProgress() as progress:
        summary = run_build(settings, progress, _roots(source_roots))
    err = Console(stderr=True)
    loaded = [r for r in summary.loads if r.status == "loaded"]
    err.print(
        f"[bold]built[/] {settings.db_path} in {summary.seconds:.1f}s: "
        f"{len(summary.loads)} files ({len(loaded)} loaded, "
        f"{sum(r.status == 'unchanged' for r in summary.loads)} unchanged, {len(summary.failed)} failed); "
        f"records +{sum(r.new for r in summary.loads)} new, {sum(r.updated for r in summary.loads)} updated; "
        f"quarantined {sum(r.quarantined for r in summary.loads)}; "
        f"papers {summary.counts.get('papers', 0)}, mentions {summary.counts.get('mentions', 0)}"
    )
    for join in summary.joins:
        err.print(
            f"  join {join['source']} {join['year']}: {join['joined']} joined, "
            f"{join['unjoined']} not joined"
        )
    for failed in summary.failed:
        err.print(f"[red]failed[/] {failed.error}")
