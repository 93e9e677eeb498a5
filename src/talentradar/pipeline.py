"""The one place that wires I/O to pure code: sources → raw → mentions → orgs → facts."""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import pyarrow as pa

from talentradar import __version__
from talentradar.analytics.flows import build_careers
from talentradar.analytics.scout import build_person_facts
from talentradar.errors import ExtraMissingError, SourceError
from talentradar.geo import country_name, region_rows
from talentradar.market import derive as market
from talentradar.market.sources import MARKET_SOURCES, import_source
from talentradar.mentions import MENTIONS, PAPERS, JoinReport, paper_tables
from talentradar.model import Record, SourceFile
from talentradar.progress import NoProgress, Progress
from talentradar.raw import (
    RECORD_COLUMNS,
    LoadResult,
    ParsedFile,
    load_failed,
    load_file,
    loaded_checksums,
    log_load,
    parse_file,
    record_of,
    store_file,
)
from talentradar.resolve.orgs.registry import Registry, load_registry
from talentradar.resolve.orgs.tables import (
    AFFILIATION_KEYS_SQL,
    AFFILIATION_MATCHES,
    AFFILIATIONS,
    MENTION_ORGS_SQL,
    ORGS,
    org_rows,
    resolve_affiliations,
)
from talentradar.resolve.people.link import LinkSummary, link_people
from talentradar.search import fulltext, semantic
from talentradar.settings import Settings
from talentradar.sources import connectors
from talentradar.sources.fetch import join_location
from talentradar.store import Store
from talentradar.store.duckdb import DuckDBStore
from talentradar.workers import map_in_order

log = logging.getLogger(__name__)

IN_WORKERS_FROM = 8
"""Loads of this many files, and reads of this many venue-years of papers, run in worker
processes."""

# Where each connector's files live under the data folder.
SOURCE_FOLDERS = {
    "paperlists": "paperlists",
    "neurips_proceedings": "neurips_affiliations/2019_2020",
    "neurips_schedule": "neurips_affiliations/2022",
    "compensation": "compensation",
    "layoffs": "layoffs",
    "jobs": "jobs",
}


@dataclass
class BuildSummary:
    loads: list[LoadResult] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    joins: list[dict[str, Any]] = field(default_factory=list)
    seconds: float = 0.0

    @property
    def failed(self) -> list[LoadResult]:
        return [r for r in self.loads if r.status == "failed"]


def open_store(settings: Settings, read_only: bool = False) -> DuckDBStore:
    return DuckDBStore(
        settings.db_path,
        read_only=read_only,
        threads=settings.threads,
        memory_limit=settings.memory_limit,
    )


def source_roots(settings: Settings, overrides: dict[str, str] | None = None) -> dict[str, str]:
    roots = {
        name: join_location(settings.data_dir, folder) for name, folder in SOURCE_FOLDERS.items()
    }
    roots.update(overrides or {})
    return roots


def build(
    settings: Settings,
    progress: Progress | None = None,
    roots: dict[str, str] | None = None,
    now: datetime | None = None,
) -> BuildSummary:
    """Load every source file, then rebuild every derived table."""
    started = time.perf_counter()
    progress = progress or NoProgress()
    now = now or datetime.now(UTC).replace(tzinfo=None)
    summary = BuildSummary()
    store = open_store(settings)
    try:
        with store.bulk():
            summary.loads = load_sources(store, source_roots(settings, roots), progress, now)
        summary.joins = derive(store, settings, progress)
        summary.counts = table_counts(store)
        store.execute(
            "INSERT OR REPLACE INTO build_info VALUES ('built_at', ?), ('version', ?), ('joins', ?)",
            [now.isoformat(), __version__, json.dumps(summary.joins)],
        )
    finally:
        store.close()
    summary.seconds = time.perf_counter() - started
    return summary


def load_sources(
    store: Store, roots: dict[str, str], progress: Progress, now: datetime
) -> list[LoadResult]:
    files: list[tuple[Any, SourceFile]] = []
    results = []
    for name, module in all_connectors().items():
        for location in module.discover(roots[name]):
            try:
                files.append((module, module.file_for(location)))
            except SourceError as exc:
                log.warning("%s", exc)
                unknown = SourceFile(source=name, location=location, venue="", year=0)
                results.append(LoadResult(file=unknown, status="failed", error=str(exc)))
                log_load(store, results[-1], None, now)
    advance = progress.step("load sources", len(files))
    for file, parsed in _parse_files(store, files, now):
        if isinstance(parsed, SourceError):
            result = load_failed(store, file, parsed, now)
            log.warning("%s", result.error)
        else:
            result = store_file(store, parsed, now)
        results.append(result)
        advance(1)
    return results


def _parse_files(
    store: Store, files: list[tuple[Any, SourceFile]], now: datetime
) -> Iterator[tuple[SourceFile, ParsedFile | SourceError]]:
    """Each file parsed, in order; from IN_WORKERS_FROM files on, by worker processes (parsing
    is Python, one core each) while the caller stores the files already parsed."""
    calls = ((f.source, f, now, loaded_checksums(store, f)) for _, f in files)
    done = map_in_order(_parse, calls, in_workers=len(files) >= IN_WORKERS_FROM)
    for (_, file), future in zip(files, done, strict=True):
        try:
            yield file, future.result()
        except SourceError as exc:
            yield file, exc


def _parse(source: str, file: SourceFile, now: datetime, loaded: frozenset[str]) -> ParsedFile:
    return parse_file(all_connectors()[source], file, now, loaded)


def derive(store: Store, settings: Settings, progress: Progress) -> list[dict[str, Any]]:
    """Rebuild every derived table from the raw records: papers, mentions, orgs, persons,
    careers, the search index and the market tables."""
    report = derive_papers(store, progress)
    # The text index needs only the papers: it is built on a second connection while org and
    # people resolution (mostly Python) run here, so both cores work.
    text_store = store.cursor()
    try:
        with ThreadPoolExecutor(max_workers=1) as background:
            text_index = background.submit(index_text, text_store, progress)
            registry = resolve_orgs(store, settings, progress)
            resolve_people(store, settings, progress)
            searchable = text_index.result()
    finally:
        text_store.close()
    if searchable:
        build_person_facts(store, settings.top_venues, settings.rising_fields)
    derive_market(store, registry)
    return report.rows()


def derive_papers(store: Store, progress: Progress) -> JoinReport:
    """The ``papers`` and ``mentions`` tables from the paper records, one venue-year at a time
    (in worker processes from IN_WORKERS_FROM venue-years on); how enrichment joined."""
    names = list(connectors())
    of_sources = f"source IN ({', '.join('?' for _ in names)})"
    groups = store.query(
        f"SELECT venue, year, count(*) AS n FROM records WHERE {of_sources} "
        "GROUP BY ALL ORDER BY venue, year",
        names,
    )
    advance = progress.step("read papers", sum(g["n"] for g in groups))
    calls = (
        (
            store.arrow(
                f"SELECT {RECORD_COLUMNS} FROM records WHERE {of_sources} AND venue = ? "
                "AND year = ? ORDER BY source, record_id",
                [*names, g["venue"], g["year"]],
            ),
        )
        for g in groups
    )
    report = JoinReport()
    papers, mentions = [PAPERS.empty_table()], [MENTIONS.empty_table()]
    done = map_in_order(paper_tables, calls, in_workers=len(groups) >= IN_WORKERS_FROM)
    for group, future in zip(groups, done, strict=True):
        group_papers, group_mentions, group_report = future.result()
        papers.append(group_papers)
        mentions.append(group_mentions)
        report.add(group_report)
        advance(group["n"])
    with store.transaction():
        store.replace_table("papers", pa.concat_tables(papers))
        store.replace_table("mentions", pa.concat_tables(mentions))
    return report


def resolve_orgs(store: Store, settings: Settings, progress: Progress) -> Registry:
    """Resolve every mention's affiliation and e-mail domain to orgs (each distinct affiliation
    once); the registry used."""
    keys = store.query(AFFILIATION_KEYS_SQL)
    advance = progress.step("resolve orgs", len(keys))
    registry = load_registry(settings.data_dir)
    matches, affiliations = resolve_affiliations(registry, keys)
    advance(len(keys))
    used = {m["org_id"] for m in matches}
    with store.transaction():
        store.replace_table("orgs", pa.Table.from_pylist(org_rows(registry, used), schema=ORGS))
        store.replace_table("affiliations", pa.Table.from_pylist(affiliations, schema=AFFILIATIONS))
        store.register(
            "affiliation_matches", pa.Table.from_pylist(matches, schema=AFFILIATION_MATCHES)
        )
        try:
            store.execute(MENTION_ORGS_SQL)
        finally:
            store.unregister("affiliation_matches")
        store.replace_table("countries", pa.Table.from_pylist(_countries(), schema=COUNTRIES))
    return registry


def derive_market(store: Store, registry: Registry) -> None:
    """Compensation, layoffs and job postings, mapped to orgs."""
    builders = (
        ("comp", ("compensation", "compensation_import"), market.comp_rows, market.COMP),
        ("layoffs", ("layoffs",), market.layoff_rows, market.LAYOFFS),
        ("jobs", ("jobs",), market.job_rows, market.JOBS),
    )
    for table, sources, rows_of, schema in builders:
        rows = rows_of(_records(store, sources), registry)
        store.replace_table(table, pa.Table.from_pylist(rows, schema=schema))


def import_compensation(
    settings: Settings,
    location: str,
    mapping: dict[str, str],
    delimiter: str = ",",
    now: datetime | None = None,
) -> LoadResult:
    """Load a user's compensation CSV (columns named by ``mapping``) and re-derive the market
    tables. Bad rows are quarantined; importing the same file again changes nothing."""
    source = import_source(mapping, delimiter)
    store = open_store(settings)
    try:
        result = load_file(
            store, source, source.file_for(location), now or datetime.now(UTC).replace(tzinfo=None)
        )
        if result.status == "loaded":
            derive_market(store, load_registry(settings.data_dir))
    finally:
        store.close()
    return result


def index_text(store: Store, progress: Progress) -> bool:
    """Full-text index and embeddings of the papers; False when the search extra is missing."""
    advance = progress.step("index for search", 2)
    try:
        fulltext.build_index(store)
    except ExtraMissingError as exc:
        log.warning("%s; scout is unavailable", exc)
        return False
    advance(1)
    semantic.build(store)
    advance(1)
    return True


def resolve_people(store: Store, settings: Settings, progress: Progress) -> LinkSummary | None:
    """Link mentions into persons (Splink); without the linkage extra, fall back to
    one person per source person id or normalised name, and say so."""
    advance = progress.step("link people", 1)
    try:
        summary = link_people(
            store, settings.data_dir, settings.engine, train=settings.train_linkage
        )
    except ExtraMissingError as exc:
        log.warning("%s; persons fall back to source ids and names", exc)
        store.execute(MENTION_PERSON_SQL)
        summary = None
    store.execute(SUPPRESSED_SQL)
    build_careers(store)
    advance(1)
    return summary


def all_connectors() -> dict[str, Any]:
    """Paper connectors and market sources, in load order."""
    return {**connectors(), **MARKET_SOURCES}


def _records(store: Store, sources: tuple[str, ...]) -> Iterator[Record]:
    sql = (
        f"SELECT {RECORD_COLUMNS} FROM records "
        f"WHERE source IN ({', '.join('?' for _ in sources)}) ORDER BY source, record_id"
    )
    for row in store.stream(sql, list(sources)):
        yield record_of(row)


def table_counts(store: Store) -> dict[str, int]:
    return {
        t: store.query(f"SELECT count(*) AS n FROM {t}")[0]["n"]
        for t in store.tables()
        if not t.startswith("_")
    }


# Without the linkage extra, a person is a source person id or, failing that, a normalised
# full name (the exact-name baseline).
MENTION_PERSON_SQL = """
CREATE OR REPLACE TABLE mention_person AS
SELECT mention_id,
       CASE WHEN source_person_id LIKE '~%' THEN 'or:' || source_person_id
            ELSE 'name:' || name_norm END AS person_id
FROM mentions
"""

SUPPRESSED_SQL = """
CREATE OR REPLACE VIEW suppressed_persons AS
SELECT mp.person_id FROM suppressions s JOIN mention_person mp ON mp.person_id = s.subject
UNION
SELECT mp.person_id
FROM suppressions s JOIN mentions m ON m.source_person_id = s.subject
JOIN mention_person mp USING (mention_id)
"""


def _countries() -> list[dict[str, str]]:
    return [
        {"code": code, "name": country_name(code), "region": reg} for code, reg in region_rows()
    ]


COUNTRIES = pa.schema([("code", pa.string()), ("name", pa.string()), ("region", pa.string())])
