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

    Reads are open without a token only when HOST is a loopback address; otherwise every
    page and API read needs one too (header or the talentradar_token cookie). Writes
    (shortlists, overrides, suppressions) always need one (`talentradar token create`).
    Requests naming another Host than localhost, HOST or the setting allowed_hosts are
    refused (400).

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
    app = create_app(
        ctx.settings,
        open_reads=_loopback(host),
        read_only=read_only,
        allowed_hosts=allowed_hosts(host, ctx.settings.allowed_hosts),
        on_warmed=_say_warmed,
    )
    click.echo(
        f"TalentRadar on http://{host}:{port}/  (API docs: http://{host}:{port}/docs)", err=True
    )
    uvicorn.run(app, host=host, port=port, log_level="warning")


def _say_warmed(seconds: dict[str, float]) -> None:
    parts = ", ".join(f"{name} {s:.1f} s" for name, s in seconds.items())
    click.echo(f"ready: first views loaded in the background ({parts})", err=True)


def allowed_hosts(host: str, configured: tuple[str, ...]) -> tuple[str, ...] | None:
    """The Host names answered: localhost, the bound address and the setting ``allowed_hosts``.
    Bound to every address (0.0.0.0) with none configured, any Host is answered (every read
    needs a token there, so a rebinding page reads nothing)."""
    from talentradar.api.guard import LOOPBACK_HOSTS

    if host in ("0.0.0.0", "::") and not configured:
        return None
    bound = f"[{host}]" if ":" in host else host
    return (*LOOPBACK_HOSTS, bound.lower(), *configured)


def _loopback(host: str) -> bool:
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return host == "localhost"
