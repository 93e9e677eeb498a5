"""Curation writes: people overrides (must-link / cannot-link), the suppression list, shortlist
editing (create, rename, delete, stage and note) and watches with their recorded changes."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import Response
from pydantic import BaseModel, Field

from talentradar import shortlists, suppressions, watch
from talentradar.api.deps import Format, Reader, Store, WorkspaceStore, Writer, respond
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
def api_suppress(store: Store, workspace: WorkspaceStore, item: Suppression) -> dict[str, Any]:
    """Remove a person (person id or source person id) from every output at once, with the
    mentions behind it (so it survives relinking). Token needed."""
    keys = suppressions.keys_of(store, item.subject.strip())
    suppressions.suppress(workspace, item.subject, item.reason, _now(), keys)
    return {"suppressed": item.subject}


@router.delete("/suppressions/{subject}", dependencies=[Writer])
def api_unsuppress(
    workspace: WorkspaceStore, subject: Annotated[str, Path(max_length=200)]
) -> dict[str, Any]:
    """Take a subject off the suppression list. Token needed."""
    if not suppressions.unsuppress(workspace, subject):
        raise NotFoundError(f"{subject} is not on the suppression list")
    return {"unsuppressed": subject}


ListName = Annotated[str, Path(min_length=1, max_length=120)]


NAMED = r"\S"
"""A shortlist name holds something other than spaces (names are stored trimmed)."""


class NewShortlist(BaseModel):
    name: str = Field(min_length=1, max_length=100, pattern=NAMED)
    note: str | None = Field(None, max_length=2000)


class ShortlistChange(BaseModel):
    name: str = Field(min_length=1, max_length=100, pattern=NAMED, description="the new name")


class EntryChange(BaseModel):
    stage: str | None = Field(None, pattern="^(" + "|".join(shortlists.STAGES) + ")$")
    note: str | None = Field(None, max_length=2000, description="empty string clears the note")


class Watch(BaseModel):
    kind: Literal["shortlist", "org"]
    target: str = Field(min_length=1, max_length=200, description="shortlist name or org id")


@router.post("/shortlists", dependencies=[Writer], status_code=201, tags=["shortlists"])
def api_shortlist_create(workspace: WorkspaceStore, item: NewShortlist) -> dict[str, Any]:
    """Create an empty shortlist. Token needed."""
    return shortlists.create(workspace, item.name, _now(), item.note)


@router.patch("/shortlists/{name}", dependencies=[Writer], tags=["shortlists"])
def api_shortlist_rename(
    workspace: WorkspaceStore, name: ListName, change: ShortlistChange
) -> dict[str, Any]:
    """Rename a shortlist; its entries and watch follow. Token needed."""
    return shortlists.rename(workspace, name, change.name)


@router.delete("/shortlists/{name}", dependencies=[Writer], tags=["shortlists"])
def api_shortlist_delete(workspace: WorkspaceStore, name: ListName) -> dict[str, Any]:
    """Delete a shortlist and its entries. Token needed."""
    return shortlists.delete(workspace, name)


@router.patch("/shortlists/{name}/entries/{person_id}", dependencies=[Writer], tags=["shortlists"])
def api_shortlist_entry(
    workspace: WorkspaceStore,
    name: ListName,
    person_id: Annotated[str, Path(max_length=200)],
    change: EntryChange,
) -> dict[str, Any]:
    """Change a shortlisted person's hiring stage and/or note. Token needed."""
    return shortlists.update(workspace, name, person_id, _now(), change.stage, change.note)


@router.get("/watches", dependencies=[Reader], tags=["watch"])
def api_watches(store: Store) -> dict[str, Any]:
    """The watched shortlists and orgs."""
    return {"watches": watch.watches(store)}


@router.post("/watches", dependencies=[Writer], status_code=201, tags=["watch"])
def api_watch(store: Store, workspace: WorkspaceStore, item: Watch) -> dict[str, Any]:
    """Watch a shortlist or an org: each build records what changed for it. Token needed."""
    return watch.add_watch(store, workspace, item.kind, item.target, _now())


@router.delete("/watches/{kind}/{target}", dependencies=[Writer], tags=["watch"])
def api_unwatch(
    workspace: WorkspaceStore,
    kind: Literal["shortlist", "org"],
    target: Annotated[str, Path(max_length=200)],
) -> dict[str, Any]:
    """Stop watching. Token needed."""
    if not watch.remove_watch(workspace, kind, target):
        raise NotFoundError(f"{kind} {target!r} is not watched")
    return {"kind": kind, "target": target, "watched": False}


@router.get("/changes", dependencies=[Reader], tags=["watch"])
def api_changes(
    store: Store,
    kind: Annotated[Literal["shortlist", "org"] | None, Query()] = None,
    target: Annotated[str | None, Query(max_length=200)] = None,
    limit: Annotated[int, Query(ge=1, le=5000)] = 200,
    format: Format = "json",
) -> Response:
    """What changed for watched items at each build (new papers, new orgs, moves in and out)."""
    rows = watch.changes(store, kind, target, limit)
    return respond({"changes": rows}, rows, format)
