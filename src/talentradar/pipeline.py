"""The one place that wires I/O to pure code: the build's steps, run over a new radar.

sources → raw (``load``) → ``papers`` → ``orgs`` → ``people`` → ``facts``, with ``search``
beside orgs and people, and ``market`` last. Each step declares what it reads and writes
(talentradar.steps); ``build`` runs them all, or the steps downstream of a changed input
(``build --from STEP``, ``people link``, an import), copying the rest from the previous
radar, and swaps the new radar in only when every step has succeeded.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterable, Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING, Any

import pyarrow as pa

from talentradar import kept, watch
from talentradar.analytics import rising
from talentradar.errors import ExtraMissingError, SourceError, StoreError
from talentradar.facts import FACT_TABLES, Careers, careers_here, derive_facts
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
from talentradar.resolve.orgs import alignment, paper_level
from talentradar.resolve.orgs.tables import (
    AFFILIATION_KEYS_SQL,
    AFFILIATION_MATCHES,
    AFFILIATIONS,
    MENTION_ORGS_SQL,
    ORGS,
    PAPER_ORGS_SQL,
    add_known,
    key_of,
    known_keys,
    org_rows,
    resolve_affiliations,
)
from talentradar.resolve.people.link import PERSONS_SQL, link_people
from talentradar.search import fulltext, semantic
from talentradar.settings import Settings
from talentradar.sources import connectors
from talentradar.sources.fetch import is_url, join_location
from talentradar.steps import (
    BuildContext,
    BuildSummary,
    Step,
    carried_tables,
    downstream,
    from_step,
    run_steps,
    write_build_info,
)
from talentradar.store import Store
from talentradar.store.radar import RadarBuild, workspace_of
from talentradar.store.workspace import Workspace, register_snapshot
from talentradar.workers import map_in_order

if TYPE_CHECKING:
    from talentradar.resolve.orgs.registry import Registry

log = logging.getLogger(__name__)

IMPORTS = "input:imports"
"""The input that an import changes (the market step reads it)."""

IN_WORKERS_FROM = 8
"""Loads of this many files, and reads of this many venue-years of papers, run in worker
processes."""

# Where each connector's files live under the data folder.
SOURCE_FOLDERS = {
    "paperlists": "paperlists",
    "neurips_proceedings": "neurips_affiliations/2019_2020",
    "neurips_schedule": "neurips_affiliations/2022",
    "neurips_speakers": "neurips_affiliations/2024",
    "openreview_authors": "openreview_authors",
    "paperlists_history": "paperlists_history",
    "openalex": "openalex",
    "dblp": "dblp",
    "compensation": "compensation",
    "layoffs": "layoffs",
    "jobs": "jobs",
}


def source_roots(settings: Settings, overrides: dict[str, str] | None = None) -> dict[str, str]:
    # a local folder by its resolved path: one file reached by two spellings is one file
    base = (
        settings.data_dir if is_url(settings.data_dir) else str(Path(settings.data_dir).resolve())
    )
    roots = {name: join_location(base, folder) for name, folder in SOURCE_FOLDERS.items()}
    roots.update(overrides or {})
    return roots


def build(
    settings: Settings,
    progress: Progress | None = None,
    roots: dict[str, str] | None = None,
    now: datetime | None = None,
    start: str | None = None,
    changed: Iterable[str] | None = None,
) -> BuildSummary:
    """Run every step (or ``start`` and the steps downstream of it, or the steps downstream of
    the ``changed`` inputs) into a new radar, and swap it in. The previous radar stays as it
    was when anything fails."""
    started = time.perf_counter()
    chosen = _chosen(start, changed)
    if start is None and changed is None:
        _check_data_dir(settings, roots or {})
    summary = BuildSummary()
    watched = watch.state_before_build(settings)  # the previous radar, for record_changes
    partial = len(chosen) < len(STEPS)
    with RadarBuild(settings) as radar:
        if partial and radar.previous is None:
            raise StoreError(f"no radar at {settings.db_path} to update; run `talentradar build`")
        workspace = workspace_of(settings)
        register_snapshot(radar.store, workspace)
        summary.carried = radar.carry(
            [*carried_tables(STEPS, chosen), *(["build_info"] if partial else [])]
        )
        ctx = BuildContext(
            settings=settings,
            store=radar.store,
            workspace=workspace,
            progress=progress or NoProgress(),
            now=now or datetime.now(UTC).replace(tzinfo=None),
            roots=source_roots(settings, roots),
            summary=summary,
            previous=radar.previous_name,
        )
        run_steps(ctx, on_engine(chosen, settings.engine), radar)
        write_build_info(ctx, chosen)
        summary.counts = table_counts(radar.store)
        watch.record_after_build(watched, radar.store, workspace, ctx.now)
        radar.commit()
    summary.seconds = time.perf_counter() - started
    return summary


def on_engine(steps: list[Step], engine: str) -> list[Step]:
    """The steps as the engine runs them: on Spark, load, papers and orgs are Spark jobs
    (talentradar.engine.spark_build) writing the same tables."""
    if engine != "spark":
        return steps
    from dataclasses import replace

    from talentradar.engine.spark_build import SPARK_RUNS

    return [replace(s, run=SPARK_RUNS[s.name]) if s.name in SPARK_RUNS else s for s in steps]


def _chosen(start: str | None, changed: Iterable[str] | None) -> list[Step]:
    if start is not None:
        return from_step(STEPS, start)
    if changed is not None:
        return downstream(STEPS, changed)
    return list(STEPS)


def _check_data_dir(settings: Settings, roots: dict[str, str]) -> None:
    """A missing data folder fails the build before anything is written."""
    folder = settings.data_dir
    if not is_url(folder) and not Path(folder).is_dir() and len(roots) < len(SOURCE_FOLDERS):
        raise SourceError(folder, "data folder not found (set --data-dir or TALENTRADAR_DATA_DIR)")


# ---- the steps ---------------------------------------------------------------------------


def load(ctx: BuildContext) -> None:
    """Source files → ``records`` (each changed file parsed; unchanged ones skipped)."""
    with ctx.store.bulk():
        ctx.summary.loads = load_sources(ctx.store, ctx.roots, ctx.progress, ctx.now)


def load_sources(
    store: Store, roots: dict[str, str], progress: Progress, now: datetime
) -> list[LoadResult]:
    """Every file of every source (a source whose folder cannot be listed, or a file that cannot
    be read, is a failed load; the others load all the same)."""
    files: list[tuple[Any, SourceFile]] = []
    results: list[LoadResult] = []
    for name, module in all_connectors().items():
        found = _discover(module, name, roots[name], results, store, now)
        if found is not None:
            retire_missing(store, name, set(found), now, results)
        for location in found or []:
            try:
                files.append((module, module.file_for(location)))
            except SourceError as exc:
                _failed(
                    store,
                    results,
                    SourceFile(source=name, location=location, venue="", year=0),
                    exc,
                    now,
                )
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


def _discover(
    module: Any, name: str, root: str, results: list[LoadResult], store: Store, now: datetime
) -> list[str] | None:
    """The source's files; None when its folder cannot be listed (a failed load)."""
    try:
        return list(module.discover(root))
    except SourceError as exc:
        _failed(store, results, SourceFile(source=name, location=root, venue="", year=0), exc, now)
        return None


RETIRED_SQL = """
SELECT location FROM (
    SELECT DISTINCT ON (source, location) source, location, status FROM loads
    ORDER BY source, location, finished_at DESC
) WHERE status = 'deleted'
"""
"""Locations whose file was gone at the last load: their records stay in ``records`` (the raw
layer keeps what was received) but no derived table reads them."""


def retire_missing(
    store: Store, source: str, found: set[str], now: datetime, results: list[LoadResult]
) -> None:
    """A file of ``source`` loaded before and no longer found is logged ``deleted`` (once)."""
    rows = store.query(
        "SELECT DISTINCT location FROM records WHERE source = ? AND location NOT IN "
        f"({RETIRED_SQL}) ORDER BY 1",
        [source],
    )
    for row in rows:
        location = row["location"]
        respelled = not is_url(location) and str(Path(location).resolve()) in found
        if location not in found and not respelled:
            file = SourceFile(source=source, location=row["location"], venue="", year=0)
            results.append(
                LoadResult(file=file, status="deleted", error="file no longer found; retired")
            )
            log_load(store, results[-1], None, now)


def _failed(
    store: Store, results: list[LoadResult], file: SourceFile, exc: SourceError, now: datetime
) -> None:
    log.warning("%s", exc)
    results.append(LoadResult(file=file, status="failed", error=str(exc)))
    log_load(store, results[-1], None, now)


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


def read_papers(ctx: BuildContext) -> None:
    """``papers`` and ``mentions`` from the paper records, one venue-year at a time (in worker
    processes from IN_WORKERS_FROM venue-years on); how enrichment joined. A venue-year whose
    records and code are as at the previous build is copied from it (talentradar.kept)."""
    store, names = ctx.store, list(connectors())
    of_sources = f"source IN ({', '.join('?' for _ in names)})"
    groups = store.query(
        kept.PART_DIGESTS_SQL.format(where=f"{of_sources} AND location NOT IN ({RETIRED_SQL})"),
        names,
    )
    digests = {(g["venue"], g["year"]): g["digest"] for g in groups}
    previous = ctx.previous
    unchanged = kept.unchanged(store, previous, "paper_parts", digests)
    todo = [g for g in groups if (g["venue"], g["year"]) not in unchanged]
    advance = ctx.progress.step("read papers", sum(g["n"] for g in groups))
    advance(sum(g["n"] for g in groups if (g["venue"], g["year"]) in unchanged))
    calls = (
        (
            store.arrow(
                f"SELECT {RECORD_COLUMNS} FROM records WHERE {of_sources} AND venue = ? "
                f"AND year = ? AND location NOT IN ({RETIRED_SQL}) ORDER BY source, record_id",
                [*names, g["venue"], g["year"]],
            ),
        )
        for g in todo
    )
    report = JoinReport()
    papers, mentions = [PAPERS.empty_table()], [MENTIONS.empty_table()]
    done = map_in_order(paper_tables, calls, in_workers=len(todo) >= IN_WORKERS_FROM)
    for group, future in zip(todo, done, strict=True):
        group_papers, group_mentions, group_report = future.result()
        papers.append(group_papers)
        mentions.append(group_mentions)
        report.add(group_report)
        advance(group["n"])
    with store.transaction():
        store.replace_table("papers", pa.concat_tables(papers))
        store.replace_table("mentions", pa.concat_tables(mentions))
        kept.add_kept(store, previous, ("papers", "mentions"), unchanged)
        kept.record(store, "paper_parts", digests)
    ctx.summary.joins = sorted(
        report.rows() + _previous_joins(store, previous, unchanged),
        key=lambda r: (r["source"], r["venue"], r["year"]),
    )


def _previous_joins(
    store: Store, previous: str | None, parts: set[tuple[str, int]]
) -> list[dict[str, Any]]:
    """The enrichment joins the previous build reported for ``parts``."""
    if not parts or previous is None:
        return []
    rows = store.query(f"SELECT value FROM {previous}.build_info WHERE key = 'joins'")
    joins = json.loads(rows[0]["value"]) if rows else []
    return [j for j in joins if (j["venue"], j["year"]) in parts]


def resolve_orgs(ctx: BuildContext) -> None:
    """Every mention's affiliation and e-mail domain resolved to orgs (each distinct
    affiliation once)."""
    store, previous = ctx.store, ctx.previous
    keys = store.query(AFFILIATION_KEYS_SQL)
    advance = ctx.progress.step("resolve orgs", len(keys))
    registry = ctx.registry()
    same = kept.same_inputs(store, previous, "org_inputs", registry.digest)
    known = known_keys(store, previous) if same and previous else set()
    matches, affiliations = resolve_affiliations(
        registry, [k for k in keys if key_of(k) not in known]
    )
    advance(len(keys))
    with store.transaction():
        store.replace_table("affiliations", pa.Table.from_pylist(affiliations, schema=AFFILIATIONS))
        store.replace_table(
            "affiliation_matches", pa.Table.from_pylist(matches, schema=AFFILIATION_MATCHES)
        )
        if known and previous:
            add_known(store, previous, keys)
        kept.record_inputs(store, "org_inputs", registry.digest)
        store.execute(MENTION_ORGS_SQL)
        place_orgs(store, registry)


def place_orgs(store: Store, registry: Registry) -> None:
    """The orgs step's last part, after ``affiliation_matches`` and ``mention_orgs`` (by either
    engine): ``orgs`` (every curated org and every org matched), ``paper_orgs``, ``countries``,
    the short per-author lists aligned by evidence, and the paper-level and country-level
    placements."""
    used = {r["org_id"] for r in store.query("SELECT DISTINCT org_id FROM affiliation_matches")}
    store.replace_table("orgs", pa.Table.from_pylist(org_rows(registry, used), schema=ORGS))
    store.execute(PAPER_ORGS_SQL)
    store.replace_table("countries", pa.Table.from_pylist(_countries(), schema=COUNTRIES))
    alignment.place(store, registry)
    for sql in paper_level.PLACEMENT_SQLS:
        store.execute(sql)


SEARCH_INDEX = ("text_docs", "text_dict", "text_terms", "text_stopwords", "paper_vectors")


def index_search(ctx: BuildContext) -> None:
    """Full-text index and sentence embeddings of the papers (embeddings kept by text from the
    previous radar: only new texts are embedded; the whole index copied when every venue-year
    of papers is as at the previous build); empty when the search extra is missing: scout then
    says so."""
    store = ctx.store
    advance = ctx.progress.step("index for search", 2)
    papers = store.query(
        "SELECT coalesce(md5(string_agg(digest, ',' ORDER BY venue, year)), '') AS d "
        "FROM paper_parts"
    )[0]["d"]
    if kept.same_inputs(store, ctx.previous, "search_inputs", papers):
        store.execute(fulltext.PAPER_TEXT_SQL)
        kept.copy_tables(store, ctx.previous, SEARCH_INDEX)
    else:
        try:
            fulltext.build_index(store)
        except ExtraMissingError as exc:
            log.warning("%s; scout is unavailable", exc)
            return
        advance(1)
        semantic.build(store)
    kept.record_inputs(store, "search_inputs", papers)
    advance(2)


def link_persons(ctx: BuildContext) -> None:
    """Mentions linked into persons (Splink); without the linkage extra, one person per source
    person id or normalised name, and a warning that says so."""
    store, settings = ctx.store, ctx.settings
    advance = ctx.progress.step("link people", 1)
    store.execute(PERSON_IDS_SQL)
    try:
        ctx.cache["link"] = link_people(
            store, settings.data_dir, settings.engine, train=settings.train_linkage
        )
    except ExtraMissingError as exc:
        log.warning("%s; persons fall back to source ids and names", exc)
        store.execute(MENTION_PERSON_SQL)
        store.execute("CREATE OR REPLACE TABLE person_ids AS SELECT * FROM mention_person")
        store.execute(PERSONS_SQL)
    store.execute(SUPPRESSED_SQL)
    advance(1)


def derive_person_facts(ctx: BuildContext, careers: Careers = careers_here) -> None:
    """Inferred orgs, careers (made by ``careers``), moves and person facts
    (talentradar.facts)."""
    advance = ctx.progress.step("facts", 1)
    ctx.cache["inferred"] = derive_facts(ctx.store, ctx.settings.top_venues, careers)
    rising.build_rising_facts(ctx.store, rising.parse_fields(ctx.settings.rising_fields))
    advance(1)


def derive_market(ctx: BuildContext) -> None:
    """Compensation (shared files and the user's imports), layoffs and job postings, mapped to
    orgs."""
    imported = _imported_records(ctx.workspace)
    builders = (
        ("comp", ("compensation",), market.comp_rows, market.COMP),
        ("layoffs", ("layoffs",), market.layoff_rows, market.LAYOFFS),
        ("jobs", ("jobs",), market.job_rows, market.JOBS),
    )
    for table, sources, rows_of, schema in builders:
        records: Iterable[Record] = _records(ctx.store, sources)
        if table == "comp":
            records = [*records, *imported]
        rows = rows_of(records, ctx.registry())
        ctx.store.replace_table(table, pa.Table.from_pylist(rows, schema=schema))


STEPS: tuple[Step, ...] = (
    Step(
        name="load",
        reads=("input:sources", "previous:records", "previous:quarantine", "previous:loads"),
        writes=("records", "quarantine", "loads"),
        run=load,
        doc="source files → records (raw, as received), quarantine, loads",
    ),
    Step(
        name="papers",
        reads=("records",),
        writes=("papers", "mentions", "paper_parts"),
        run=read_papers,
        doc="records → papers and author mentions, enrichment joined",
    ),
    Step(
        name="search",
        reads=("papers", "paper_parts", "previous:embedding_cache"),
        writes=(
            "search_inputs",
            "paper_text",
            "text_docs",
            "text_dict",
            "text_terms",
            "text_stopwords",
            "paper_vectors",
            "embedding_cache",
        ),
        run=index_search,
        background=True,
        doc="full-text index and sentence embeddings of the papers",
    ),
    Step(
        name="orgs",
        reads=("mentions", "records", "input:registry"),
        writes=(
            "orgs",
            "alignments",
            "affiliations",
            "affiliation_matches",
            "org_inputs",
            "mention_orgs",
            "countries",
            "paper_orgs",
        ),
        run=resolve_orgs,
        doc="affiliations and e-mail domains → orgs; paper org sets and paper-level placements",
    ),
    Step(
        name="people",
        reads=(
            "mentions",
            "papers",
            "mention_orgs",
            "orgs",
            "input:person_overrides",
            "previous:person_ids",
        ),
        writes=(
            "nickname_groups",
            "link_mentions",
            "name_commonness",
            "person_pairs",
            "mention_person",
            "person_ids",
            "persons",
            "person_names",
            "linkage_model",
            "suppressed_persons",
        ),
        run=link_persons,
        doc="mentions → persons (linkage, overrides applied, stable ids)",
    ),
    Step(
        name="facts",
        reads=(
            "mentions",
            "papers",
            "orgs",
            "mention_orgs",
            "paper_orgs",
            "affiliations",
            "mention_person",
            "persons",
        ),
        writes=(*FACT_TABLES, "rising_facts"),
        run=derive_person_facts,
        doc="inferred orgs, placements, careers, moves, person facts",
    ),
    Step(
        name="market",
        reads=("records", "input:registry", IMPORTS),
        writes=("comp", "layoffs", "jobs"),
        run=derive_market,
        doc="compensation, layoffs and job postings mapped to orgs",
    ),
)
"""The build, in order (docs/architecture.md lists what each step reads and writes)."""


def import_compensation(
    settings: Settings,
    location: str,
    mapping: dict[str, str],
    delimiter: str = ",",
    now: datetime | None = None,
) -> LoadResult:
    """Load a user's compensation CSV (columns named by ``mapping``) into the workspace; the
    steps downstream of ``IMPORTS`` then bring it into the radar. Bad rows are quarantined;
    importing the same file again changes nothing. The data folder the radar is then rebuilt
    from is checked first, so an import that could not reach the radar is not stored."""
    _check_data_dir(settings, {})
    if not settings.db_path.exists():
        raise StoreError(f"no radar at {settings.db_path}; run `talentradar build` first")
    source = import_source(mapping, delimiter)
    with workspace_of(settings).write(transaction=False) as store:
        return load_file(
            store, source, source.file_for(location), now or datetime.now(UTC).replace(tzinfo=None)
        )


def _imported_records(workspace: Workspace) -> list[Record]:
    with workspace.read() as store:
        return list(_records(store, ("compensation_import",)))


def all_connectors() -> dict[str, Any]:
    """Paper connectors and market sources, in load order."""
    return {**connectors(), **MARKET_SOURCES}


def _records(store: Store, sources: tuple[str, ...]) -> Iterator[Record]:
    sql = (
        f"SELECT {RECORD_COLUMNS} FROM records "
        f"WHERE source IN ({', '.join('?' for _ in sources)}) "
        f"AND location NOT IN ({RETIRED_SQL}) ORDER BY source, record_id"
    )
    for row in store.stream(sql, list(sources)):
        yield record_of(row)


def table_counts(store: Store) -> dict[str, int]:
    return {
        t: store.query(f"SELECT count(*) AS n FROM {t}")[0]["n"]
        for t in store.tables()
        if not t.startswith("_")
    }


# The person ids of the previous radar (carried in by the people step), or none on a first build.
PERSON_IDS_SQL = """
CREATE TABLE IF NOT EXISTS person_ids (mention_id VARCHAR NOT NULL, person_id VARCHAR NOT NULL)
"""

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
WITH subjects AS (
    SELECT subject AS key FROM suppressions UNION SELECT key FROM suppression_keys
)
SELECT mp.person_id FROM subjects s JOIN mention_person mp ON mp.person_id = s.key
UNION
SELECT mp.person_id FROM subjects s JOIN mention_person mp ON mp.mention_id = s.key
UNION
SELECT mp.person_id
FROM subjects s JOIN mentions m ON m.source_person_id = s.key
JOIN mention_person mp USING (mention_id)
"""


def _countries() -> list[dict[str, str]]:
    return [
        {"code": code, "name": country_name(code), "region": reg} for code, reg in region_rows()
    ]


COUNTRIES = pa.schema([("code", pa.string()), ("name", pa.string()), ("region", pa.string())])
