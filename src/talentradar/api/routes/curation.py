"""Curation writes: people overrides (must-link / cannot-link) and the suppression list."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from pydantic import BaseModel, Field

from talentradar import suppressions
from talentradar.api.deps import Reader, Store, WorkspaceStore, Writer
from talentradar.errors import NotFoundError
from talentradar.resolve.people.overrides import (
    Override,
    add_override,
    list_overrides,
    remove_override,
)

router = APIRouter(tags=["curation"])
Subject = Annotated[str, Field(min_length=1, max_length=200)]


def _now() -> datetime:
    return datetime.now(UTC).replace(tzinfo=None)


class Rule(BaseModel):
    kind: Literal["must", "cannot"]
    a: Subject
    b: Subject
    note: str | None = Field(None, max_length=2000)


class Suppression(BaseModel):
    subject: Subject
    reason: str | None = Field(None, max_length=2000)


@router.get("/overrides", dependencies=[Reader])
def api_overrides(store: Store) -> dict[str, Any]:
    """Must-link and cannot-link rules between mention ids or source person ids."""
    return {"overrides": [vars(r) for r in list_overrides(store)]}


@router.post("/overrides", dependencies=[Writer], status_code=201)
def api_override_add(store: Store, workspace: WorkspaceStore, rule: Rule) -> dict[str, Any]:
    """Add a rule; it applies at the next `talentradar people link` or build. Token needed."""
    add_override(store, workspace, Override(rule.kind, rule.a, rule.b, rule.note), _now())
    return {"added": rule.model_dump(), "applies": "at the next `talentradar people link` or build"}


@router.delete("/overrides", dependencies=[Writer])
def api_override_remove(
    workspace: WorkspaceStore,
    kind: Annotated[Literal["must", "cannot"], Query()],
    a: Annotated[str, Query(max_length=200)],
    b: Annotated[str, Query(max_length=200)],
) -> dict[str, Any]:
    """Remove a rule. Token needed."""
    if not remove_override(workspace, kind, a, b):
        raise NotFoundError(f"no {kind}-link rule between {a} and {b}")
    return {"removed": {"kind": kind, "a": a, "b": b}}


@router.get("/suppressions", dependencies=[Writer])
def api_suppressions(store: Store) -> dict[str, Any]:
    """The suppression list (token needed: it names people who asked to be left out)."""
    return {"suppressions": suppressions.listing(store)}


@router.post("/suppressions", dependencies=[Writer], status_code=201)
def api_suppress(workspace: WorkspaceStore, item: Suppression) -> dict[str, Any]:
    """Remove a person (person id or source person id) from every output at once. Token needed."""
    suppressions.suppress(workspace, item.subject, item.reason, _now())
    return {"suppressed": item.subject}


@router.delete("/suppressions/{subject}", dependencies=[Writer])
def api_unsuppress(
    workspace: WorkspaceStore, subject: Annotated[str, Path(max_length=200)]
) -> dict[str, Any]:
    """Take a subject off the suppression list. Token needed."""
    if not suppressions.unsuppress(workspace, subject):
        raise NotFoundError(f"{subject} is not on the suppression list")
    return {"unsuppressed": subject}
