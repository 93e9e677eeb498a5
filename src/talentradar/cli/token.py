"""``talentradar token …``: API tokens for writes (kept in the workspace, so they can be made
while ``serve`` runs)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from talentradar import tokens
from talentradar.cli import Context, pass_context
from talentradar.cli.output import emit, format_option
from talentradar.store.radar import workspace_of


@click.group("token")
def command() -> None:
    """API tokens (the API's writes need one)."""


@command.command("create")
@click.argument("name")
@pass_context
def create_cmd(ctx: Context, name: str) -> None:
    """Create a token; it is shown once, only its hash is stored.

    \b
    Example:
      talentradar token create recruiter-laptop
    """
    with workspace_of(ctx.settings).write() as workspace:
        token = tokens.create(workspace, name, datetime.now(UTC).replace(tzinfo=None))
    click.echo(token)
    click.echo("keep it safe: send it as 'Authorization: Bearer <token>'", err=True)


@command.command("list")
@format_option
@pass_context
def list_cmd(ctx: Context, fmt: str, output: Path | None) -> None:
    """Token ids and names (never the tokens).

    \b
    Example:
      talentradar token list
    """
    with workspace_of(ctx.settings).read() as workspace:
        rows = tokens.listing(workspace)
    emit({"tokens": rows}, rows, fmt, output, title="tokens")


@command.command("revoke")
@click.argument("token_id")
@pass_context
def revoke_cmd(ctx: Context, token_id: str) -> None:
    """Revoke a token by its id (the part before the dot).

    \b
    Example:
      talentradar token revoke 1a2b3c4d
    """
    with workspace_of(ctx.settings).write() as workspace:
        found = tokens.revoke(workspace, token_id)
    click.echo("revoked" if found else "no such token", err=True)
