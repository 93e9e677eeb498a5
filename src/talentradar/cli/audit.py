"""``talentradar audit``: the log of every write to the workspace, and undo of a line."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from talentradar import audit
from talentradar.cli import Context, pass_context
from talentradar.cli.output import emit, format_option
from talentradar.store.radar import workspace_of


@click.group("audit", invoke_without_command=True)
@click.option("--action", help="Only this action, e.g. suppress, override.add, shortlist.add.")
@click.option("--subject", help="Only lines about this subject.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=200, show_default=True)
@format_option
@pass_context
@click.pass_context
def command(
    click_ctx: click.Context,
    ctx: Context,
    action: str | None,
    subject: str | None,
    limit: int,
    fmt: str,
    output: Path | None,
) -> None:
    """Every write (who, when, what, why), newest first; `audit undo ID` reverses one.

    \b
    Example:
      talentradar audit --action suppress --format json
      talentradar audit undo 3f2a9c1b7d0e
    """
    if click_ctx.invoked_subcommand is not None:
        return
    with workspace_of(ctx.settings).read() as workspace:
        rows = audit.entries(workspace, action, subject, limit)
    emit({"audit": rows}, rows, fmt, output, title="audit log")


@command.command("undo")
@click.argument("audit_id")
@pass_context
def undo_cmd(ctx: Context, audit_id: str) -> None:
    """Undo an override or a suppression (suppress, unsuppress, override.add, override.remove).
    An undone override applies at the next `talentradar people link` or build.

    \b
    Example:
      talentradar audit undo 3f2a9c1b7d0e
    """
    with workspace_of(ctx.settings).write() as workspace:
        result = audit.undo(workspace, audit_id, datetime.now(UTC).replace(tzinfo=None))
    click.echo(f"undone {result['action']} of {result['subject']}", err=True)
