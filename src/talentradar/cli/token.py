"""``talentradar token …``: API tokens for writes (shortlists, overrides, suppressions)."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from talentradar import tokens
from talentradar.cli import Context, pass_context
from talentradar.cli.output import emit, format_option
from talentradar.pipeline import open_store


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
    store = open_store(ctx.settings)
    try:
        token = tokens.create(store, name, datetime.now(UTC).replace(tzinfo=None))
    finally:
        store.close()
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
    store = open_store(ctx.settings, read_only=True)
    try:
        rows = tokens.listing(store)
    finally:
        store.close()
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
    store = open_store(ctx.settings)
    try:
        found = tokens.revoke(store, token_id)
    finally:
        store.close()
    click.echo("revoked" if found else "no such token", err=True)
