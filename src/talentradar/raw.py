"""The raw layer: every record kept as received, with provenance.

Loading a file is one transaction: new records are inserted, changed records
(same source key, new checksum) updated, unchanged ones left alone, and the
file's quarantine entries replaced. A failed read or parse writes a ``failed``
load entry and changes nothing else, so nothing already stored is lost, and
re-loading the same input changes no counts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

import pyarrow as pa

from talentradar.errors import SourceError
from talentradar.model import Quarantined, Record, SourceFile
from talentradar.sources.fetch import stable_id, to_json
from talentradar.store import Store


@dataclass(frozen=True, kw_only=True)
class LoadResult:
    file: SourceFile
    status: str  # loaded | unchanged | failed
    new: int = 0
    updated: int = 0
    unchanged: int = 0
    quarantined: int = 0
    error: str | None = None


class Connector(Protocol):
    """What loading needs of a source: read a file's bytes, parse them into records."""

    def read(self, file: SourceFile) -> bytes: ...

    def parse(self, file: SourceFile, data: bytes) -> Iterator[Record | Quarantined]: ...


def load_file(store: Store, connector: Connector, file: SourceFile, now: datetime) -> LoadResult:
    """Load one source file into ``records`` and ``quarantine``."""
    try:
        data: bytes = connector.read(file)
        digest = hashlib.sha1(data).hexdigest()
        if _already_loaded(store, file, digest):
            result = LoadResult(file=file, status="unchanged")
            log_load(store, result, digest, now)
            return result
        items = list(connector.parse(file, data))
    except SourceError as exc:
        result = LoadResult(file=file, status="failed", error=str(exc))
        log_load(store, result, None, now)
        return result
    records = [i for i in items if isinstance(i, Record)]
    quarantined = [i for i in items if isinstance(i, Quarantined)]
    with store.transaction():
        new, updated, unchanged = _upsert_records(store, records, now)
        _replace_quarantine(store, file, quarantined, now)
        result = LoadResult(
            file=file,
            status="loaded",
            new=new,
            updated=updated,
            unchanged=unchanged,
            quarantined=len(quarantined),
        )
        log_load(store, result, digest, now)
    return result


def _already_loaded(store: Store, file: SourceFile, digest: str) -> bool:
    rows = store.query(
        "SELECT 1 FROM loads WHERE source = ? AND location = ? AND file_checksum = ? "
        "AND status IN ('loaded', 'unchanged') LIMIT 1",
        [file.source, file.location, digest],
    )
    return bool(rows)


def _upsert_records(store: Store, records: list[Record], now: datetime) -> tuple[int, int, int]:
    if not records:
        return 0, 0, 0
    table = pa.table(
        {
            "record_id": [r.record_id for r in records],
            "source": [r.source for r in records],
            "source_key": [r.source_key for r in records],
            "location": [r.location for r in records],
            "venue": [r.venue for r in records],
            "year": pa.array([r.year for r in records], pa.int32()),
            "payload": [to_json(r.payload) for r in records],
            "checksum": [r.checksum for r in records],
            "loaded_at": pa.array([now] * len(records), pa.timestamp("us")),
        }
    )
    store.replace_table("_load_batch", table)
    counts = store.query(
        "SELECT count(*) FILTER (WHERE r.record_id IS NULL) AS new, "
        "count(*) FILTER (WHERE r.checksum <> b.checksum) AS updated, "
        "count(*) FILTER (WHERE r.checksum = b.checksum) AS unchanged "
        "FROM (SELECT DISTINCT ON (record_id) * FROM _load_batch) b "
        "LEFT JOIN records r USING (record_id)"
    )[0]
    store.execute(
        "DELETE FROM records WHERE record_id IN ("
        "SELECT b.record_id FROM _load_batch b JOIN records r USING (record_id) "
        "WHERE r.checksum <> b.checksum)"
    )
    store.execute(
        "INSERT INTO records SELECT DISTINCT ON (record_id) * FROM _load_batch b "
        "WHERE NOT EXISTS (SELECT 1 FROM records r WHERE r.record_id = b.record_id)"
    )
    store.execute("DROP TABLE _load_batch")
    return int(counts["new"]), int(counts["updated"]), int(counts["unchanged"])


def _replace_quarantine(
    store: Store, file: SourceFile, items: list[Quarantined], now: datetime
) -> None:
    store.execute(
        "DELETE FROM quarantine WHERE source = ? AND location = ?", [file.source, file.location]
    )
    unique = {(q.source, q.source_key, q.field): q for q in items}
    for source, key, field in unique:
        store.execute(
            "DELETE FROM quarantine WHERE source = ? AND source_key = ? AND field = ?",
            [source, key, field],
        )
    if not unique:
        return
    table = pa.table(
        {
            "source": [q.source for q in unique.values()],
            "location": [q.location for q in unique.values()],
            "source_key": [q.source_key for q in unique.values()],
            "field": [q.field for q in unique.values()],
            "reason": [q.reason for q in unique.values()],
            "payload": [q.payload for q in unique.values()],
            "seen_at": pa.array([now] * len(unique), pa.timestamp("us")),
        }
    )
    store.append("quarantine", table)


def log_load(store: Store, result: LoadResult, digest: str | None, now: datetime) -> None:
    file = result.file
    store.execute(
        "INSERT INTO loads VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        [
            stable_id(file.source, file.location, now.isoformat()),
            file.source,
            file.location,
            file.venue,
            file.year,
            digest,
            result.status,
            result.new,
            result.updated,
            result.unchanged,
            result.quarantined,
            result.error,
            now,
        ],
    )
