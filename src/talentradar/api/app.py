"""The FastAPI application: the JSON API under /api, the web pages at /."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from importlib.resources import files

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from talentradar import __version__
from talentradar.api import pages
from talentradar.api.cache import CacheMiddleware, ResponseCache
from talentradar.api.errors import install_error_handlers
from talentradar.api.routes import curation, flows, market, orgs, people, pipeline, scout, tracker
from talentradar.settings import Settings
from talentradar.store.radar import RadarReader

ROUTERS = (tracker, flows, pipeline, people, orgs, scout, market, curation)


def create_app(settings: Settings, open_reads: bool = True, read_only: bool = False) -> FastAPI:
    """The app over the store of ``settings``.

    ``open_reads``: reads need no token (serve sets it for loopback hosts only).
    ``read_only``: refuse every write to the workspace (writes answer 503).

    The radar is read-only and reopened when a build swaps a new one in; user data is written
    to the workspace, one short write at a time, so builds and CLI commands run beside it.
    """

    @asynccontextmanager
    async def lifespan(app: FastAPI) -> AsyncIterator[None]:
        yield
        app.state.radar.close()

    app = FastAPI(
        lifespan=lifespan,
        title="TalentRadar",
        version=__version__,
        description="Open AI-talent intelligence from public research records. "
        "Reads are open on localhost; writes need `Authorization: Bearer <token>` "
        "(`talentradar token create NAME`). Every error has the shape "
        '{"error": {"status", "message", "detail"}}.',
    )
    app.state.settings = settings
    app.state.cache = ResponseCache()
    app.state.radar = RadarReader(settings, on_change=app.state.cache.clear)
    app.state.workspace = app.state.radar.workspace
    app.state.open_reads = open_reads
    app.state.read_only = read_only
    install_error_handlers(app)
    for module in ROUTERS:
        app.include_router(module.router, prefix="/api")
    app.include_router(pages.router)
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
    return app
