"""The audit log of every write, and undo of an override or a suppression (token needed: the
log names people and the writers)."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Any

from fastapi import APIRouter, Path, Query

from talentradar import audit
from talentradar.api.deps import Store, WorkspaceStore, Writer

router = APIRouter(tags=["audit"])
AuditId = Annotated[str, Path(pattern="^[0-9a-f]{12}$", description="An audit line's id")]


@router.get("/audit", dependencies=[Writer])
def api_audit(
    store: Store,
    action: Annotated[str | None, Query(max_length=40)] = None,
    subject: Annotated[str | None, Query(max_length=400)] = None,
    limit: Annotated[int, Query(ge=1, le=10_000)] = 200,
) -> dict[str, Any]:
    """Every write (who = token name or cli:user, when, what, why), newest first."""
    return {"audit": audit.entries(store, action, subject, limit)}


@router.post("/audit/{audit_id}/undo", dependencies=[Writer])
def api_undo(workspace: WorkspaceStore, audit_id: AuditId) -> dict[str, Any]:
    """Undo an override or suppression line (suppress, unsuppress, override.add,
    override.remove). Token needed."""
    return audit.undo(workspace, audit_id, datetime.now(UTC).replace(tzinfo=None))
