"""``talentradar serve``: the web app and API on a local port."""

from __future__ import annotations

import ipaddress

import click

from talentradar.cli import Context, pass_context
from talentradar.errors import ExtraMissingError, StoreError


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@click.option("--read-only", is_flag=True, help="Open the store read-only (API writes answer 503).")
@pass_context
def command(ctx: Context, host: str, port: int, read_only: bool) -> None:
    """Serve the dashboard and REST API (OpenAPI docs at /docs).

    Reads are open without a token only when HOST is a loopback address; writes
    (shortlists, overrides, suppressions) always need one (`talentradar token create`).

    \b
    Example:
      talentradar serve --port 8000
    """
    try:
        import uvicorn

        from talentradar.api.app import create_app
    except ImportError as exc:
        raise ExtraMissingError(exc.name or "the web stack", "web") from None
    if not ctx.settings.db_path.exists():
        raise StoreError(f"no store at {ctx.settings.db_path}; run `talentradar build` first")
    app = create_app(ctx.settings, open_reads=_loopback(host), read_only=read_only)
    click.echo(
        f"TalentRadar on http://{host}:{port}/  (API docs: http://{host}:{port}/docs)", err=True
    )
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"
