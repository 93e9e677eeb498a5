"""The FastAPI application: the JSON API under /api, the web pages at /."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from importlib.resources import files

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from talentradar import __version__, tokens
from talentradar.api import docs, pages
from talentradar.api.cache import CacheMiddleware, ResponseCache
from talentradar.api.errors import install_error_handlers
from talentradar.api.guard import GuardMiddleware
from talentradar.api.routes import (
    audit,
    curation,
    drill,
    flows,
    market,
    orgs,
    people,
    pipeline,
    scout,
    tracker,
)
from talentradar.api.schema import install_schema
from talentradar.api.warm import Warmer
from talentradar.settings import Settings
from talentradar.store.radar import RadarReader

ROUTERS = (tracker, drill, flows, pipeline, people, orgs, scout, market, curation, audit)


def create_app(
    settings: Settings,
    open_reads: bool = True,
    read_only: bool = False,
    allowed_hosts: tuple[str, ...] | None = None,
    warm: bool = True,
    on_warmed: Callable[[dict[str, float]], None] | None = None,
) -> FastAPI:
    """The app over the store of ``settings``.

    ``open_reads``: reads need no token (serve sets it for loopback hosts only); otherwise every
    page and API read needs one (``api/guard.py``).
    ``read_only``: refuse every write to the workspace (writes answer 503).
    ``allowed_hosts``: the ``Host`` names answered (None: no check; ``serve`` always sets it).
    ``warm``: load at start-up, in the background, what first views would load (Scout's
    index, the Overview's trends; ``api/warm.py``); ``on_warmed`` is called with the seconds
    each part took once all are loaded.

    The radar is read-only and reopened when a build swaps a new one in; user data is written
    to the workspace, one short write at a time, so builds and CLI commands run beside it.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        app.state.warmer = Warmer(app, on_warmed)
        if warm:
            app.state.warmer.start()  # first views need not load indexes (api/warm.py)
        yield
        app.state.warmer.stop()
        app.state.radar.close()

    app = FastAPI(
        lifespan=lifespan,
        title="TalentRadar",
        version=__version__,
        description="Open AI-talent intelligence from public research records. "
        "Reads are open on localhost; writes need `Authorization: Bearer <token>` "
        "(`talentradar token create NAME`). Every error has the shape "
        '{"error": {"status", "message", "detail"}}.',
        docs_url=None,  # served from vendored assets by api/docs.py
        redoc_url=None,
    )
    app.state.settings = settings
    app.state.cache = ResponseCache()
    app.state.radar = RadarReader(settings, on_change=app.state.cache.clear)
    app.state.workspace = app.state.radar.workspace
    app.state.write_turns = asyncio.Lock()
    app.state.open_reads = open_reads
    app.state.read_only = read_only
    install_error_handlers(app)
    install_schema(app)
    for module in ROUTERS:
        app.include_router(module.router, prefix="/api")
    app.include_router(pages.router)
    app.include_router(docs.router)
    app.mount(
        "/static",
        StaticFiles(directory=str(files("talentradar.web").joinpath("static"))),
        name="static",
    )
    app.add_middleware(
        CacheMiddleware,
        cache=app.state.cache,
        enabled=lambda: app.state.open_reads,
        cacheable=lambda path: path.startswith("/api/") or pages.is_page(path),
        freshen=app.state.radar.check,
    )
    app.add_middleware(
        GuardMiddleware,
        open_reads=lambda: app.state.open_reads,
        verify=lambda token: _verify(app, token),
        allowed_hosts=allowed_hosts,
    )
    return app


def _verify(app: FastAPI, token: str) -> bool:
    cursor = app.state.radar.cursor()
    try:
        return tokens.verify(cursor, token)
    finally:
        cursor.close()
