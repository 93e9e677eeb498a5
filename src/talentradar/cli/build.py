"""``talentradar build``: every step (or the steps from one on) into a new radar."""

from __future__ import annotations

from collections.abc import Iterable

import click
from rich.console import Console

from talentradar.cli import Context, pass_context
from talentradar.cli.progress import RichProgress
from talentradar.settings import Settings

EXIT_FILES_FAILED = 1
STEP_NAMES = ("load", "papers", "search", "orgs", "people", "facts", "market")
"""The build's steps, in order (talentradar.pipeline.STEPS; a test keeps the two equal)."""


def _roots(values: tuple[str, ...]) -> dict[str, str]:
    from talentradar.sources import connectors

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
    "--from",
    "start",
    type=click.Choice(STEP_NAMES),
    help="Re-run only this step and the steps downstream of it (the rest is copied).",
)
@pass_context
def command(ctx: Context, source_roots: tuple[str, ...], start: str | None) -> None:
    """Load every source and build a new radar (or part of one).

    The new radar is written beside the served one and swapped in when every
    step has succeeded: a failed build leaves the previous radar as it was, and
    `serve` answers from the new one without a restart. Re-running with
    unchanged inputs loads nothing new. A file that cannot be read is reported,
    the rest is built, and the command exits with status 1.

    \b
    Example:
      talentradar build
      talentradar build --from people
      talentradar build --source-root paperlists=https://raw.githubusercontent.com/papercopilot/paperlists/main
    """
    rebuild(ctx.settings, start=start, roots=_roots(source_roots))


def rebuild(
    settings: Settings,
    start: str | None = None,
    changed: Iterable[str] | None = None,
    roots: dict[str, str] | None = None,
) -> None:
    """Run the build (all of it, from ``start``, or downstream of ``changed`` inputs) with
    progress bars, say which steps ran, and exit 1 when any file failed."""
    from talentradar.pipeline import build

    with RichProgress() as progress:
        summary = build(settings, progress, roots, start=start, changed=changed)
    err = Console(stderr=True, width=100)
    loaded = [r for r in summary.loads if r.status == "loaded"]
    ran = ", ".join(f"{s['step']} {s['seconds']:.1f}s" for s in summary.steps)
    err.print(f"[bold]built[/] {settings.db_path} in {summary.seconds:.1f}s; steps: {ran}")
    if summary.loads:
        err.print(
            f"  {len(summary.loads)} files ({len(loaded)} loaded, "
            f"{sum(r.status == 'unchanged' for r in summary.loads)} unchanged, "
            f"{len(summary.failed)} failed); records +{sum(r.new for r in summary.loads)} new, "
            f"{sum(r.updated for r in summary.loads)} updated; "
            f"quarantined {sum(r.quarantined for r in summary.loads)}"
        )
    err.print(
        f"  papers {summary.counts.get('papers', 0)}, mentions {summary.counts.get('mentions', 0)}, "
        f"persons {summary.counts.get('persons', 0)}"
    )
    for join in summary.joins:
        err.print(
            f"  join {join['source']} {join['year']}: {join['joined']} joined, "
            f"{join['unjoined']} not joined"
        )
    for failed in summary.failed:
        err.print(f"[red]failed[/] {failed.error}")
    if summary.failed:
        err.print(f"[red]{len(summary.failed)} file(s) failed[/]; the rest was built")
        raise SystemExit(EXIT_FILES_FAILED)
