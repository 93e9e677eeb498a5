"""The raw layer: every record kept as received, with provenance.

Loading a file is one transaction: new records are inserted, changed records
(same source key, new checksum) updated, unchanged ones left alone, and the
file's quarantine entries replaced. A failed read or parse writes a ``failed``
load entry and changes nothing else, so nothing already stored is lost, and
re-loading the same input changes no counts.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterator
from dataclasses import dataclass, replace
from datetime import datetime
from typing import Any, Protocol

import orjson
import pyarrow as pa

from talentradar.errors import SourceError
from talentradar.model import Quarantined, Record, SourceFile
from talentradar.sources.fetch import stable_id, to_json
from talentradar.sources.scrub import scrub_text
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


@dataclass(frozen=True)
class ParsedFile:
    """A source file read and parsed, not yet stored (``records`` is None when the file is
    unchanged since a load with the same checksum). Made without the store, so that files
    can be parsed in worker processes while the store takes the ones already parsed."""

    file: SourceFile
    digest: str
    records: pa.Table | None
    quarantined: tuple[Quarantined, ...] = ()


def parse_file(
    connector: Connector, file: SourceFile, now: datetime, loaded: frozenset[str] = frozenset()
) -> ParsedFile:
    """Read and parse one file (``loaded``: checksums of this file's earlier loads)."""
    data: bytes = connector.read(file)
    digest = hashlib.sha1(data).hexdigest()
    if digest in loaded:
        return ParsedFile(file=file, digest=digest, records=None)
    items = _without_repeats(
        [screen(i) if isinstance(i, Record) else _scrubbed(i) for i in connector.parse(file, data)]
    )
    records = [i for i in items if isinstance(i, Record)]
    return ParsedFile(
        file=file,
        digest=digest,
        records=_records_table(records, now),
        quarantined=tuple(i for i in items if isinstance(i, Quarantined)),
    )


FIELD_LIMITS = {
    "title": 2_000,
    "name": 300,
    "author": 20_000,
    "authors": 20_000,
    "abstract": 50_000,
}
"""Characters a string field may hold, by field name (others: ``MAX_FIELD``)."""
MAX_FIELD = 100_000
CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
"""Control characters (NUL included) removed from every string; tab and newlines are kept."""


NAME_FIELDS = ("author", "authors")
NOT_A_NAME = re.compile(
    r"\b(DROP|DELETE|INSERT|UPDATE|ALTER|TRUNCATE)\s+(TABLE|FROM|INTO)\b|;\s*--|<\s*/?\s*script|"
    r"\bUNION\s+SELECT\b|\bOR\s+'?1'?\s*=\s*'?1",
    re.IGNORECASE,
)
"""Author strings that are code, not names (no name of the shared corpus matches)."""


def screen(record: Record) -> Record | Quarantined:
    """The input limits of the raw layer: control characters removed from every string of
    the payload and e-mail addresses reduced to their domain (whatever the source); a record
    with a string longer than its limit is quarantined, naming it."""
    for name in NAME_FIELDS:
        value = record.payload.get(name)
        found = NOT_A_NAME.search(value) if isinstance(value, str) else None
        if found:
            return _quarantined(record, name, f"not a name: {found.group(0)!r} looks like code")
    try:
        payload = _clean(record.payload, "payload")
    except _TooLong as exc:
        return _quarantined(
            record, exc.path, f"{exc.path} has {exc.size:,} characters; at most {exc.limit:,}"
        )
    if payload == record.payload:
        return record
    return Record(
        record_id=record.record_id,
        source=record.source,
        source_key=record.source_key,
        location=record.location,
        venue=record.venue,
        year=record.year,
        payload=payload,
        checksum=record.checksum,
    )


def _quarantined(record: Record, field: str, reason: str) -> Quarantined:
    return Quarantined(
        source=record.source,
        location=record.location,
        source_key=record.source_key,
        field=field,
        reason=reason,
        payload=scrub_text(to_json(record.payload))[:2000],
    )


def _scrubbed(item: Quarantined) -> Quarantined:
    """A connector's quarantined record with no e-mail address in what it keeps of the row."""
    return replace(item, payload=scrub_text(item.payload))


def _without_repeats(items: list[Record | Quarantined]) -> list[Record | Quarantined]:
    """A record repeated inside one file (same key before its ``#n`` suffix, same content) is
    kept once; the repeats are quarantined as duplicates, so they are counted, not loaded."""
    seen: set[tuple[str, str]] = set()
    out: list[Record | Quarantined] = []
    for item in items:
        if isinstance(item, Record):
            identity = (item.source_key.split("#")[0], item.checksum)
            if identity in seen:
                item = Quarantined(
                    source=item.source,
                    location=item.location,
                    source_key=item.source_key,
                    field="(record)",
                    reason="duplicate: the same record appears earlier in this file",
                    payload=identity[0],
                )
            seen.add(identity)
        out.append(item)
    return out


class _TooLong(Exception):
    def __init__(self, path: str, size: int, limit: int) -> None:
        self.path, self.size, self.limit = path, size, limit


def _clean(value: Any, path: str, key: str = "") -> Any:
    if isinstance(value, str):
        limit = FIELD_LIMITS.get(key, MAX_FIELD)
        if len(value) > limit:
            raise _TooLong(path, len(value), limit)
        value = CONTROL.sub("", value) if CONTROL.search(value) else value
        return scrub_text(value)
    if isinstance(value, dict):
        return {k: _clean(v, f"{path}.{k}", str(k)) for k, v in value.items()}
    if isinstance(value, list):
        return [_clean(v, f"{path}[]", key) for v in value]
    return value


RECORD_COLUMNS = "record_id, source, source_key, location, venue, year, payload, checksum"
"""The columns of ``records`` that make a :class:`Record` (see :func:`record_of`)."""


def record_of(row: dict[str, Any]) -> Record:
    """A stored record (a row of RECORD_COLUMNS) as it was received."""
    return Record(
        record_id=row["record_id"],
        source=row["source"],
        source_key=row["source_key"],
        location=row["location"],
        venue=row["venue"],
        year=row["year"],
        payload=orjson.loads(row["payload"]),
        checksum=row["checksum"],
    )


def loaded_checksums(store: Store, file: SourceFile) -> frozenset[str]:
    rows = store.query(
        "SELECT DISTINCT file_checksum FROM loads WHERE source = ? AND location = ? "
        "AND status IN ('loaded', 'unchanged')",
        [file.source, file.location],
    )
    return frozenset(r["file_checksum"] for r in rows)


def load_file(store: Store, connector: Connector, file: SourceFile, now: datetime) -> LoadResult:
    """Load one source file into ``records`` and ``quarantine``."""
    try:
        parsed = parse_file(connector, file, now, loaded_checksums(store, file))
    except SourceError as exc:
        return load_failed(store, file, exc, now)
    return store_file(store, parsed, now)


def load_failed(store: Store, file: SourceFile, error: SourceError, now: datetime) -> LoadResult:
    """Record a file that could not be read or parsed (nothing else changes)."""
    result = LoadResult(file=file, status="failed", error=str(error))
    log_load(store, result, None, now)
    return result


def store_file(store: Store, parsed: ParsedFile, now: datetime) -> LoadResult:
    """Store a parsed file in one transaction (an unchanged file is only logged)."""
    if parsed.records is None:
        result = LoadResult(file=parsed.file, status="unchanged")
        log_load(store, result, parsed.digest, now)
        return result
    with store.transaction():
        new, updated, unchanged = _upsert_records(store, parsed.records)
        _replace_quarantine(store, parsed.file, list(parsed.quarantined), now)
        result = LoadResult(
            file=parsed.file,
            status="loaded",
            new=new,
            updated=updated,
            unchanged=unchanged,
            quarantined=len(parsed.quarantined),
        )
        log_load(store, result, parsed.digest, now)
    return result


def _records_table(records: list[Record], now: datetime) -> pa.Table:
    return pa.table(
        {
            "record_id": pa.array([r.record_id for r in records], pa.string()),
            "source": pa.array([r.source for r in records], pa.string()),
            "source_key": pa.array([r.source_key for r in records], pa.string()),
            "location": pa.array([r.location for r in records], pa.string()),
            "venue": pa.array([r.venue for r in records], pa.string()),
            "year": pa.array([r.year for r in records], pa.int32()),
            "payload": pa.array([to_json(r.payload) for r in records], pa.string()),
            "checksum": pa.array([r.checksum for r in records], pa.string()),
            "loaded_at": pa.array([now] * len(records), pa.timestamp("us")),
        }
    )


def _upsert_records(store: Store, table: pa.Table) -> tuple[int, int, int]:
    if not table.num_rows:
        return 0, 0, 0
    store.replace_table("_load_batch", table)
    counts = store.query(
        "SELECT count(*) FILTER (WHERE r.record_id IS NULL) AS new, "
        "count(*) FILTER (WHERE r.checksum <> b.checksum OR r.location <> b.location) AS updated, "
        "count(*) FILTER (WHERE r.checksum = b.checksum AND r.location = b.location) AS unchanged "
        "FROM (SELECT DISTINCT ON (record_id) * FROM _load_batch) b "
        "LEFT JOIN records r USING (record_id)"
    )[0]
    store.execute(
        "DELETE FROM records WHERE record_id IN ("
        "SELECT b.record_id FROM _load_batch b JOIN records r USING (record_id) "
        "WHERE r.checksum <> b.checksum OR r.location <> b.location)"
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
