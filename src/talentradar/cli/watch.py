"""``talentradar watch``, ``talentradar changes``: watch shortlists and orgs, read what changed."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from talentradar import watch as watches
from talentradar.cli import Context, pass_context
from talentradar.cli.output import emit, format_option
from talentradar.errors import NotFoundError
from talentradar.store.radar import reading, workspace_of

COLUMNS = ["recorded_at", "kind", "target", "change", "person_id", "person_name", "detail"]


@click.group("watch")
def watch() -> None:
    """Watch a shortlist or an org: each build records what changed for it.

    \b
    Example:
      talentradar watch add shortlist video-gen
      talentradar watch add org deepmind
      talentradar watch list
    """


@watch.command("add")
@click.argument("kind", type=click.Choice(watches.KINDS))
@click.argument("target")
@pass_context
def watch_add(ctx: Context, kind: str, target: str) -> None:
    """Watch a shortlist (by name) or an org (by id).

    \b
    Example:
      talentradar watch add org deepmind
    """
    now = datetime.now(UTC).replace(tzinfo=None)
    with reading(ctx.settings) as radar, workspace_of(ctx.settings).write() as workspace:
        watches.add_watch(radar, workspace, kind, target, now)
    click.echo(f"watching {kind} {target}; the next build records what changed", err=True)


@watch.command("remove")
@click.argument("kind", type=click.Choice(watches.KINDS))
@click.argument("target")
@pass_context
def watch_remove(ctx: Context, kind: str, target: str) -> None:
    """Stop watching.

    \b
    Example:
      talentradar watch remove org deepmind
    """
    with workspace_of(ctx.settings).write() as workspace:
        removed = watches.remove_watch(workspace, kind, target)
    if not removed:
        raise NotFoundError(f"{kind} {target!r} is not watched; see `talentradar watch list`")
    click.echo(f"no longer watching {kind} {target}", err=True)


@watch.command("list")
@format_option
@pass_context
def watch_list(ctx: Context, fmt: str, output: Path | None) -> None:
    """The watched shortlists and orgs.

    \b
    Example:
      talentradar watch list --format json
    """
    with workspace_of(ctx.settings).read() as workspace:
        rows = watches.watches(workspace)
    emit(
        {"watches": rows},
        rows,
        fmt,
        output,
        "watches",
        empty="nothing is watched; add one with `talentradar watch add org ORG_ID`",
    )


@click.command("changes")
@click.option("--kind", type=click.Choice(watches.KINDS), help="Only shortlists or only orgs.")
@click.option("--target", help="Only this shortlist name or org id.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=200, show_default=True)
@format_option
@pass_context
def changes(
    ctx: Context,
    kind: str | None,
    target: str | None,
    limit: int,
    fmt: str,
    output: Path | None,
) -> None:
    """What changed for watched items at each build: new papers, new orgs, moves in and out.

    \b
    Example:
      talentradar changes
      talentradar changes --kind org --target deepmind --format json
    """
    with reading(ctx.settings) as radar:
        rows = watches.changes(radar, kind, target, limit)
    emit(
        {"changes": rows},
        rows,
        fmt,
        output,
        "changes",
        COLUMNS,
        empty="no change recorded for watched items (builds record them once something is watched)",
    )
