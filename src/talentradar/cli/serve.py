"""``talentradar serve``: the web app and API on a local port."""

from __future__ import annotations

import click

from talentradar.cli import Context, pass_context
from talentradar.errors import ExtraMissingError


@click.command("serve")
@click.option("--host", default="127.0.0.1", show_default=True)
@click.option("--port", type=click.IntRange(1, 65535), default=8000, show_default=True)
@pass_context
def command(ctx: Context, host: str, port: int) -> None:
    """Serve the dashboard and REST API (OpenAPI docs at /docs).

    \b
    Example:
      talentradar serve --port 8000
    """
    try:
        import uvicorn

        from talentradar.api.app import create_app
    except ImportError as exc:
        raise ExtraMissingError(exc.name or "the web stack", "web") from None
    app = create_app(ctx.settings)
    click.echo(
        f"TalentRadar on http://{host}:{port}/  (API docs: http://{host}:{port}/docs)", err=True
    )
    uvicorn.run(app, host=host, port=port, log_level="warning")
