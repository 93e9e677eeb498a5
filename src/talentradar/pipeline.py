"""The one place that wires I/O to pure code: sources → raw → mentions → orgs → facts."""

from __future__ import annotations

import json
import logging
import multiprocessing
import time
from collections import deque
from collections.abc import Iterator
from concurrent.futures import Future, ProcessPoolExecutor, ThreadPoolExecutor
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

import orjson
import pyarrow as pa

from talentradar import __version__
from talentradar.analytics.flows import build_careers
from talentradar.analytics.scout import build_person_facts
from talentradar.errors import ExtraMissingError, SourceError
from talentradar.geo import country_name, region_rows
from talentradar.market import derive as market
from talentradar.market.sources import MARKET_SOURCES, import_source
from talentradar.mentions import build_papers
from talentradar.model import PaperDraft, Record, SourceFile
from talentradar.progress import NoProgress, Progress
from talentradar.raw import (
    LoadResult,
    ParsedFile,
    load_failed,
    load_file,
    loaded_checksums,
    log_load,
    parse_file,
    store_file,
)
from talentradar.resolve.orgs.registry import Registry, load_registry
from talentradar.resolve.orgs.tables import org_rows, resolve_mentions
from talentradar.resolve.people.link import LinkSummary, link_people
from talentradar.search import fulltext, semantic
from talentradar.settings import Settings
from talentradar.sources import connectors
from talentradar.sources.fetch import join_location
from talentradar.store import Store
from talentradar.store.duckdb import DuckDBStore

log = logging.getLogger(__name__)

PARSE_IN_WORKERS_FROM = 8
"""Loads of this many files or more parse them in worker processes."""

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
    store: Store, files: list[tuple[Any, SourceFile]], now: datetime, window: int = 4
) -> Iterator[tuple[SourceFile, ParsedFile | SourceError]]:
    """Each file parsed, in order. From PARSE_IN_WORKERS_FROM files on, two worker processes
    parse (parsing is Python, one core each) while the caller stores the files already
    parsed; at most ``window`` parsed files wait."""
    if len(files) < PARSE_IN_WORKERS_FROM:
        for module, file in files:
            try:
                yield file, parse_file(module, file, now, loaded_checksums(store, file))
            except SourceError as exc:
                yield file, exc
        return
    context = multiprocessing.get_context("spawn")  # no fork of a process holding DuckDB
    with ProcessPoolExecutor(max_workers=2, mp_context=context) as pool:
        pending: deque[tuple[SourceFile, Future[ParsedFile]]] = deque()
        for _, file in files:
            loaded = loaded_checksums(store, file)
            pending.append((file, pool.submit(_parse, file.source, file, now, loaded)))
            if len(pending) >= window:
                yield _result(*pending.popleft())
        while pending:
            yield _result(*pending.popleft())


def _parse(source: str, file: SourceFile, now: datetime, loaded: frozenset[str]) -> ParsedFile:
    return parse_file(all_connectors()[source], file, now, loaded)


def _result(
    file: SourceFile, future: Future[ParsedFile]
) -> tuple[SourceFile, ParsedFile | SourceError]:
    try:
        return file, future.result()
    except SourceError as exc:
        return file, exc


def derive(store: Store, settings: Settings, progress: Progress) -> list[dict[str, Any]]:
    """Rebuild every derived table from the raw records: papers, mentions, orgs, persons,
    careers, the search index and the market tables."""
    modules = connectors()
    names = list(modules)
    total = store.query(
        f"SELECT count(*) AS n FROM records WHERE source IN ({', '.join('?' for _ in names)})",
        names,
    )[0]["n"]
    advance = progress.step("parse records", total)
    drafts: list[PaperDraft] = []
    for record in _records(store):
        drafts.append(modules[record.source].to_paper(record))
        advance(1)
    papers, mentions, report = build_papers(drafts)
    del drafts
    with store.transaction():
        store.replace_table("papers", pa.Table.from_pylist(papers, schema=PAPERS))
        store.replace_table("mentions", pa.Table.from_pylist(mentions, schema=MENTIONS))
    # The text index needs only the papers: it is built on a second connection while org and
    # people resolution (mostly Python) run here, so both cores work.
    text_store = store.cursor()
    try:
        with ThreadPoolExecutor(max_workers=1) as background:
            text_index = background.submit(index_text, text_store, progress)
            registry = resolve_orgs(store, settings, mentions, progress)
            del papers, mentions
            resolve_people(store, settings, progress)
            searchable = text_index.result()
    finally:
        text_store.close()
    if searchable:
        build_person_facts(store, settings.top_venues)
    derive_market(store, registry)
    return report.rows()


def resolve_orgs(
    store: Store, settings: Settings, mentions: list[dict[str, Any]], progress: Progress
) -> Registry:
    """Resolve every mention's affiliation and e-mail domain to orgs; the registry used."""
    advance = progress.step("resolve orgs", len(mentions))
    registry = load_registry(settings.data_dir)
    links, affiliations = resolve_mentions(registry, mentions)
    advance(len(mentions))
    with store.transaction():
        store.replace_table(
            "orgs",
            pa.Table.from_pylist(org_rows(registry, {x["org_id"] for x in links}), schema=ORGS),
        )
        store.replace_table("mention_orgs", pa.Table.from_pylist(links, schema=MENTION_ORGS))
        store.replace_table("affiliations", pa.Table.from_pylist(affiliations, schema=AFFILIATIONS))
        store.replace_table("countries", pa.Table.from_pylist(_countries(), schema=COUNTRIES))
    return registry


def derive_market(store: Store, registry: Registry) -> None:
    """Compensation, layoffs and job postings, mapped to orgs."""
    builders = (
        ("comp", ("compensation", "compensation_import"), market.comp_rows, COMP),
        ("layoffs", ("layoffs",), market.layoff_rows, LAYOFFS),
        ("jobs", ("jobs",), market.job_rows, JOBS),
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
    """Full-text index and LSA vectors of the papers; False when the search extra is missing."""
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


def _records(store: Store, sources: tuple[str, ...] | None = None) -> Iterator[Record]:
    names = sources or tuple(connectors())
    sql = (
        "SELECT record_id, source, source_key, location, venue, year, payload, checksum "
        f"FROM records WHERE source IN ({', '.join('?' for _ in names)}) ORDER BY source, record_id"
    )
    for r in store.stream(sql, list(names)):
        yield Record(
            record_id=r["record_id"],
            source=r["source"],
            source_key=r["source_key"],
            location=r["location"],
            venue=r["venue"],
            year=r["year"],
            payload=orjson.loads(r["payload"]),
            checksum=r["checksum"],
        )


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


_S, _I, _F, _B = pa.string(), pa.int32(), pa.float64(), pa.bool_()
PAPERS = pa.schema(
    [
        ("paper_id", _S),
        ("venue", _S),
        ("year", _I),
        ("title", _S),
        ("title_norm", _S),
        ("status", _S),
        ("decision", _S),
        ("presentation", _S),
        ("track", _S),
        ("keywords", pa.list_(_S)),
        ("abstract", _S),
        ("citations", pa.int64()),
        ("n_authors", _I),
        ("record_ids", pa.list_(_S)),
        ("author_source", _S),
    ]
)
MENTIONS = pa.schema(
    [
        ("mention_id", _S),
        ("paper_id", _S),
        ("venue", _S),
        ("year", _I),
        ("position", _I),
        ("n_authors", _I),
        ("name", _S),
        ("given_name", _S),
        ("family_name", _S),
        ("name_norm", _S),
        ("family_key", _S),
        ("given_key", _S),
        ("given_first", _S),
        ("first_key", _S),
        ("last_key", _S),
        ("sorted_key", _S),
        ("affiliation", _S),
        ("affiliation_norm", _S),
        ("country_hint", _S),
        ("email_domain", _S),
        ("source_person_id", _S),
        ("career_position", _S),
    ]
)
ORGS = pa.schema(
    [
        ("org_id", _S),
        ("name", _S),
        ("sector", _S),
        ("country", _S),
        ("hq_country", _S),
        ("parent_id", _S),
        ("root_id", _S),
        ("registry", _S),
        ("source", _S),
    ]
)
MENTION_ORGS = pa.schema(
    [
        ("mention_id", _S),
        ("org_id", _S),
        ("weight", _F),
        ("method", _S),
        ("matched", _S),
        ("site_country", _S),
        ("hq_country", _S),
        ("inferred", _B),
    ]
)
COUNTRIES = pa.schema([("code", _S), ("name", _S), ("region", _S)])
COMP = pa.schema(
    [
        (
            n,
            _F
            if n in ("total", "base", "stock", "bonus", "years_experience", "years_at_company")
            else _S,
        )
        for n in (
            "row_id",
            "source",
            "company",
            "org_id",
            "title",
            "role_family",
            "total",
            "base",
            "stock",
            "bonus",
            "level",
            "currency",
            "location",
            "country",
            "metro",
            "years_experience",
            "yoe_band",
            "years_at_company",
            "date",
        )
    ]
)
LAYOFFS = pa.schema(
    [
        (n, _F if n in ("laid_off", "percentage") else _S)
        for n in (
            "event_id",
            "company",
            "org_id",
            "location",
            "country",
            "country_name",
            "date",
            "laid_off",
            "percentage",
            "industry",
            "stage",
            "source_url",
        )
    ]
)
JOBS = pa.schema(
    [
        (n, _F if n in ("salary_low", "salary_high") else _S)
        for n in (
            "job_id",
            "title",
            "company",
            "org_id",
            "location",
            "country",
            "metro",
            "salary_low",
            "salary_high",
            "role_family",
            "size",
            "sector",
            "industry",
        )
    ]
)
AFFILIATIONS = pa.schema(
    [
        ("affiliation", _S),
        ("email_domain", _S),
        ("affiliation_norm", _S),
        ("country_hint", _S),
        ("mentions", pa.int64()),
        ("resolved", _B),
        ("org_ids", pa.list_(_S)),
        ("note", _S),
    ]
)
