"""The one JSON error shape of the API, and the handlers that produce it."""

from __future__ import annotations

import logging
import secrets
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from starlette.exceptions import HTTPException as StarletteHTTPException

from talentradar.errors import NotFoundError, StoreError, TalentRadarError, UnknownValueError

log = logging.getLogger("talentradar.api")


def error_body(status: int, message: str, detail: Any = None) -> dict[str, Any]:
    """``{"error": {"status", "message", "detail"}}`` — every API error looks like this."""
    return {"error": {"status": status, "message": message, "detail": detail}}


def _reply(status: int, message: str, detail: Any = None) -> JSONResponse:
    return JSONResponse(error_body(status, message, detail), status_code=status)


def install_error_handlers(app: FastAPI) -> None:
    @app.exception_handler(UnknownValueError)
    async def unknown_value(_: Request, exc: UnknownValueError) -> JSONResponse:
        return _reply(422, str(exc), {"valid": exc.valid})

    @app.exception_handler(NotFoundError)
    async def not_found(_: Request, exc: NotFoundError) -> JSONResponse:
        return _reply(404, str(exc))

    @app.exception_handler(StoreError)
    async def store_error(_: Request, exc: StoreError) -> JSONResponse:
        return _reply(503, str(exc))

    @app.exception_handler(TalentRadarError)
    async def refused(_: Request, exc: TalentRadarError) -> JSONResponse:
        return _reply(400, str(exc))

    @app.exception_handler(RequestValidationError)
    async def invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        detail = [{"loc": list(e.get("loc", ())), "msg": e.get("msg")} for e in exc.errors()]
        return _reply(422, "invalid request", detail)

    @app.exception_handler(StarletteHTTPException)
    async def http_error(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        return _reply(exc.status_code, str(exc.detail))

    @app.exception_handler(Exception)
    async def unexpected(request: Request, exc: Exception) -> JSONResponse:
        """Anything else: a 500 in the error shape, with an id to find the logged traceback
        (the body holds no trace and no path)."""
        error_id = secrets.token_hex(6)
        log.error("error %s on %s %s", error_id, request.method, request.url.path, exc_info=exc)
        return _reply(500, "internal error; it was logged", {"error_id": error_id})
