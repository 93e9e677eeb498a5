"""The OpenAPI schema, completed: every operation documents the error answers it can give
(in the one error shape), CSV where ``format=csv`` is offered, and the valid values of each
parameter restricted by a pattern of alternatives as an enum."""

from __future__ import annotations

import re
from typing import Any

from fastapi import FastAPI
from fastapi.openapi.utils import get_openapi

ERROR = {
    "type": "object",
    "required": ["error"],
    "properties": {
        "error": {
            "type": "object",
            "required": ["status", "message", "detail"],
            "properties": {
                "status": {"type": "integer"},
                "message": {"type": "string"},
                "detail": {},
            },
        }
    },
}
ERRORS = {
    "400": "refused: the library cannot do this (see the message); a body that is not UTF-8",
    "401": "a token is needed (writes; every request when reads are not open)",
    "403": "invalid token",
    "404": "unknown path, person, org or shortlist entry (a suppressed person answers alike)",
    "413": "request body too large",
    "422": "a parameter out of range or not one of the valid values",
    "503": "the store is missing or busy, or serve runs --read-only",
}
ALTERNATIVES = re.compile(r"^\^\(([^()]*)\)\$$")


def install_schema(app: FastAPI) -> None:
    def openapi() -> dict[str, Any]:
        if app.openapi_schema is None:
            schema = get_openapi(
                title=app.title,
                version=app.version,
                description=app.description,
                routes=app.routes,
            )
            for operations in schema.get("paths", {}).values():
                for operation in operations.values():
                    _complete(operation)
            app.openapi_schema = schema
        return app.openapi_schema

    app.openapi = openapi  # type: ignore[method-assign]


def _complete(operation: dict[str, Any]) -> None:
    responses = operation.setdefault("responses", {})
    for status, text in ERRORS.items():
        responses.setdefault(
            status,
            {"description": text, "content": {"application/json": {"schema": ERROR}}},
        )
    responses.pop("422", None)
    responses["422"] = {
        "description": ERRORS["422"],
        "content": {"application/json": {"schema": ERROR}},
    }
    names = set()
    for parameter in operation.get("parameters", []):
        names.add(parameter.get("name"))
        _enum(parameter.get("schema", {}))
    if "format" in names:
        for status, answer in responses.items():
            if status.startswith("2"):
                answer.setdefault("content", {})["text/csv"] = {"schema": {"type": "string"}}


def _enum(schema: dict[str, Any]) -> None:
    for part in [schema, *schema.get("anyOf", [])]:
        found = ALTERNATIVES.match(part.get("pattern", "")) if isinstance(part, dict) else None
        if found:
            part["enum"] = [re.sub(r"\\(.)", r"\1", v) for v in found.group(1).split("|")]
