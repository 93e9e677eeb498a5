"""Request plumbing shared by the API routes: the store, tokens, pagination, CSV output."""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterator
from typing import Annotated, Any

from fastapi import Depends, Header, HTTPException, Query, Request
from fastapi.responses import JSONResponse, Response

from talentradar import tokens
from talentradar.errors import UnknownValueError
from talentradar.serialise import jsonable
from talentradar.store.duckdb import DuckDBStore

MAX_LIMIT = 500
YEARS = {"ge": 1900, "le": 2100}


def get_store(request: Request) -> Iterator[DuckDBStore]:
    """One cursor of the current radar per request (user tables registered on it)."""
    cursor = request.app.state.radar.cursor()
    try:
        yield cursor
    finally:
        cursor.close()


Store = Annotated[DuckDBStore, Depends(get_store)]


def get_workspace(request: Request) -> Iterator[DuckDBStore]:
    """The workspace opened for this request's one write (writers take turns)."""
    with request.app.state.workspace.write() as workspace:
        yield workspace
    request.app.state.cache.clear()


WorkspaceStore = Annotated[DuckDBStore, Depends(get_workspace)]


def _check_token(store: DuckDBStore, authorization: str | None) -> None:
    if not authorization:
        raise HTTPException(
            401,
            "this needs an API token: send 'Authorization: Bearer <token>' "
            "(create one with `talentradar token create NAME`)",
        )
    scheme, _, token = authorization.partition(" ")
    if scheme.lower() != "bearer" or not tokens.verify(store, token.strip()):
        raise HTTPException(403, "invalid API token")


def require_token(
    request: Request, store: Store, authorization: Annotated[str | None, Header()] = None
) -> Iterator[None]:
    """Writes always need a token; after a write the response cache is emptied."""
    if request.app.state.read_only:
        raise HTTPException(
            503, "serve runs with --read-only: writes are refused; restart without it"
        )
    _check_token(store, authorization)
    yield
    request.app.state.cache.clear()


def reads_allowed(
    request: Request, store: Store, authorization: Annotated[str | None, Header()] = None
) -> None:
    """Reads are open when the app serves only loopback; otherwise they need a token too."""
    if not request.app.state.open_reads:
        _check_token(store, authorization)


Writer = Depends(require_token)
Reader = Depends(reads_allowed)


class Page:
    """``limit`` (1–500) and ``offset`` over a list of rows."""

    def __init__(
        self,
        limit: Annotated[int, Query(ge=1, le=MAX_LIMIT)] = 50,
        offset: Annotated[int, Query(ge=0, le=10_000_000)] = 0,
    ) -> None:
        self.limit = limit
        self.offset = offset

    def cut(self, rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
        return rows[self.offset : self.offset + self.limit]

    def meta(self, total: int) -> dict[str, int]:
        return {"limit": self.limit, "offset": self.offset, "total": total}


Paging = Annotated[Page, Depends()]
Format = Annotated[str, Query(pattern="^(json|csv)$", description="json (default) or csv")]
Year = Annotated[int | None, Query(**YEARS)]


def pattern(values: tuple[str, ...] | list[str]) -> str:
    """A regular expression accepting exactly one of ``values`` (for Query(pattern=…))."""
    return "^(" + "|".join(re.escape(v) for v in values) + ")$"


def check_years(years: list[int]) -> list[int]:
    for year in years:
        if not YEARS["ge"] <= year <= YEARS["le"]:
            raise UnknownValueError("year", year, [f"{YEARS['ge']}–{YEARS['le']}"])
    return years


def respond(result: dict[str, Any], rows: list[dict[str, Any]], fmt: str = "json") -> Response:
    """JSON (the whole result) or CSV (its rows)."""
    if fmt == "csv":
        buffer = io.StringIO()
        names = list(rows[0]) if rows else []
        writer = csv.DictWriter(
            buffer, fieldnames=names, extrasaction="ignore", lineterminator="\n"
        )
        writer.writeheader()
        for row in rows:
            writer.writerow({k: _flat(v) for k, v in row.items()})
        return Response(buffer.getvalue(), media_type="text/csv; charset=utf-8")
    return JSONResponse(jsonable(result))


def paged(result: dict[str, Any], key: str, page: Page, fmt: str) -> Response:
    """``result[key]`` cut to the page, with ``page`` metadata; JSON or CSV."""
    rows = result[key]
    cut = page.cut(rows)
    return respond({**result, key: cut, "page": page.meta(len(rows))}, cut, fmt)


def _flat(value: Any) -> Any:
    if isinstance(value, list | tuple):
        return "; ".join(str(_flat(v)) for v in value)
    if isinstance(value, dict):
        return "; ".join(f"{k}={v}" for k, v in value.items())
    return value
