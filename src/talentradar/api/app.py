"""The FastAPI application: JSON API under /api, pages at /."""

from __future__ import annotations

from collections.abc import Iterator
from importlib.resources import files
from typing import Annotated, Any

from fastapi import Depends, FastAPI, Query, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, JSONResponse
from fastapi.staticfiles import StaticFiles
from fastapi.templating import Jinja2Templates
from starlette.exceptions import HTTPException as StarletteHTTPException

from talentradar import __version__
from talentradar.analytics.cohorts import TIERS, Selection
from talentradar.analytics.coverage import store_stats
from talentradar.analytics.tracker import DIMENSIONS, RULES, tracker
from talentradar.errors import StoreError, TalentRadarError, UnknownValueError
from talentradar.settings import Settings
from talentradar.store.duckdb import DuckDBStore


def error_body(status: int, message: str, detail: Any = None) -> dict[str, Any]:
    """The one JSON error shape of the API."""
    return {"error": {"status": status, "message": message, "detail": detail}}


def get_store(request: Request) -> Iterator[DuckDBStore]:
    """One cursor of the app's read-only store per request."""
    cursor = request.app.state.store.cursor()
    try:
        yield cursor
    finally:
        cursor.close()


Store = Annotated[DuckDBStore, Depends(get_store)]


def create_app(settings: Settings) -> FastAPI:
    app = FastAPI(
        title="TalentRadar",
        version=__version__,
        description="Open AI-talent intelligence from public research records.",
    )
    app.state.store = DuckDBStore(
        settings.db_path,
        read_only=True,
        threads=settings.threads,
        memory_limit=settings.memory_limit,
    )
    templates = Jinja2Templates(directory=str(files("talentradar.web").joinpath("templates")))
    app.mount(
        "/static",
        StaticFiles(directory=str(files("talentradar.web").joinpath("static"))),
        name="static",
    )

    @app.exception_handler(UnknownValueError)
    async def unknown_value(_: Request, exc: UnknownValueError) -> JSONResponse:
        return JSONResponse(error_body(422, str(exc), {"valid": exc.valid}), status_code=422)

    @app.exception_handler(StoreError)
    async def store_error(_: Request, exc: StoreError) -> JSONResponse:
        return JSONResponse(error_body(503, str(exc)), status_code=503)

    @app.exception_handler(TalentRadarError)
    async def tr_error(_: Request, exc: TalentRadarError) -> JSONResponse:
        return JSONResponse(error_body(400, str(exc)), status_code=400)

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        detail = [{"loc": list(e.get("loc", ())), "msg": e.get("msg")} for e in exc.errors()]
        return JSONResponse(error_body(422, "invalid request", detail), status_code=422)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return JSONResponse(
            error_body(exc.status_code, str(exc.detail)), status_code=exc.status_code
        )

    @app.get("/api/tracker", tags=["tracker"])
    def api_tracker(
        store: Store,
        venue: Annotated[list[str], Query(min_length=1, max_length=30)],
        year: Annotated[list[int], Query(max_length=60)] = [],  # noqa: B006
        tier: Annotated[str, Query(pattern="^(" + "|".join(TIERS) + ")$")] = "top",
        by: Annotated[str, Query(pattern="^(" + "|".join(DIMENSIONS) + ")$")] = "country",
        rule: Annotated[str, Query(pattern="^(" + "|".join(RULES) + ")$")] = "hq",
        track: Annotated[list[str], Query(max_length=10)] = [],  # noqa: B006
        top: Annotated[int | None, Query(ge=1, le=1000)] = None,
    ) -> dict[str, Any]:
        """Shares of a cohort's authors by country, region, sector, org or parent org."""
        for y in year:
            if not 1900 <= y <= 2100:
                raise UnknownValueError("year", y, ["1900–2100"])
        return tracker(store, Selection.of(venue, year, tier, track), by=by, rule=rule, top=top)

    @app.get("/api/stats", tags=["stats"])
    def api_stats(store: Store) -> dict[str, Any]:
        """Counts per table, loads, quarantine and org coverage."""
        return store_stats(store)

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def overview(request: Request, store: Store) -> HTMLResponse:
        years = [
            r["year"]
            for r in store.query(
                "SELECT DISTINCT year FROM papers WHERE venue = 'neurips' AND decision = 'accepted' ORDER BY 1"
            )
        ]
        panels = []
        for year in [y for y in (2019, 2022) if y in years] or years[-2:]:
            for tier in ("top", "elite"):
                panels.append(
                    {
                        "year": year,
                        "tier": tier,
                        "result": tracker(
                            store, Selection.of(["neurips"], [year], tier), by="region"
                        ),
                    }
                )
        stats = store_stats(store)
        return templates.TemplateResponse(
            request, "overview.html", {"panels": panels, "stats": stats, "version": __version__}
        )

    return app
