"""``build --engine spark``: load, papers/mentions and orgs as Spark jobs writing Parquet (the
lake, beside the store); the radar DuckDB file loaded from those tables; then people,
careers, the search index and the market tables over the radar, as in the DuckDB build.

The records stay durable in the store (loaded, updated and counted exactly as by
:mod:`talentradar.raw`), so a failed or repeated Spark build loses and duplicates nothing.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import orjson
import pyarrow.parquet as pq

from talentradar import __version__
from talentradar.analytics.scout import build_person_facts
from talentradar.engine import spark_steps
from talentradar.engine.radar import load_radar
from talentradar.errors import SourceError
from talentradar.model import Quarantined, SourceFile
from talentradar.progress import NoProgress, Progress
from talentradar.raw import RECORD_COLUMNS, LoadResult, ParsedFile, loaded_checksums, log_load
from talentradar.raw import store_file
from talentradar.resolve.orgs.registry import Registry, load_registry
from talentradar.settings import Settings
from talentradar.store import Store

log = logging.getLogger(__name__)


def lake_dir(settings: Settings) -> Path:
    """The Parquet tables of a Spark build: ``<store>.lake/`` beside the store file."""
    return settings.db_path.with_name(settings.db_path.name + ".lake")


def build_spark(
    settings: Settings,
    progress: Progress | None = None,
    roots: dict[str, str] | None = None,
    now: datetime | None = None,
) -> Any:
    """The build on Spark (local mode, or the master in TALENTRADAR_SPARK_MASTER)."""
    from talentradar import pipeline
    from talentradar.resolve.people.engine import spark_session

    started = time.perf_counter()
    progress = progress or NoProgress()
    now = now or datetime.now(UTC).replace(tzinfo=None)
    summary = pipeline.BuildSummary()
    lake = lake_dir(settings)
    shutil.rmtree(lake, ignore_errors=True)
    # Spark's Python workers run this interpreter (and so import this package).
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    spark = spark_session()
    store = pipeline.open_store(settings)
    try:
        with store.bulk():
            summary.loads = load_sources(spark, store, pipeline.source_roots(settings, roots),
                                         str(lake), progress, now)
        summary.joins = derive_spark(spark, store, settings, str(lake), progress)
        summary.counts = pipeline.table_counts(store)
        store.execute(
            "INSERT OR REPLACE INTO build_info VALUES ('built_at', ?), ('version', ?), "
            "('joins', ?), ('engine', 'spark')",
            [now.isoformat(), __version__, json.dumps(summary.joins)],
        )
    finally:
        store.close()
    summary.seconds = time.perf_counter() - started
    return summary


def load_sources(
    spark: Any, store: Store, roots: dict[str, str], lake: str, progress: Progress,
    now: datetime,
) -> list[LoadResult]:
    """Every source file parsed in a Spark task; stored in file order as by the DuckDB build."""
    from talentradar.pipeline import all_connectors

    files: list[SourceFile] = []
    results: list[LoadResult] = []
    for name, module in all_connectors().items():
        for location in module.discover(roots[name]):
            try:
                files.append(module.file_for(location))
            except SourceError as exc:
                unknown = SourceFile(source=name, location=location, venue="", year=0)
                results.append(LoadResult(file=unknown, status="failed", error=str(exc)))
                log_load(store, results[-1], None, now)
    advance = progress.step("load sources", len(files))
    parsed = spark_steps.parse_files(
        spark, [(f, loaded_checksums(store, f)) for f in files], lake, now
    )
    for file, row in zip(files, parsed, strict=True):
        results.append(_store(store, file, row, now))
        advance(1)
    return results


def _store(store: Store, file: SourceFile, row: dict[str, Any], now: datetime) -> LoadResult:
    if row["error"]:
        log.warning("%s", row["error"])
        result = LoadResult(file=file, status="failed", error=row["error"])
        log_load(store, result, None, now)
        return result
    records = pq.read_table(row["records"]) if row["records"] else None
    quarantined = tuple(Quarantined(**q) for q in orjson.loads(row["quarantined"]))
    return store_file(store, ParsedFile(file, row["digest"], records, quarantined), now)


def derive_spark(
    spark: Any, store: Store, settings: Settings, lake: str, progress: Progress
) -> list[dict[str, Any]]:
    """Papers, mentions and orgs on Spark; the rest over the radar loaded from them."""
    from talentradar.sources import connectors

    names = list(connectors())
    count = store.query(
        f"SELECT count(*) AS n FROM records WHERE source IN ({', '.join('?' for _ in names)})",
        names,
    )[0]["n"]
    advance = progress.step("read papers", count)
    Path(lake).mkdir(parents=True, exist_ok=True)
    store.execute(
        f"COPY (SELECT {RECORD_COLUMNS} FROM records WHERE source IN "
        f"({', '.join(repr(n) for n in names)})) TO '{lake}/records.parquet' (FORMAT parquet)"
    )
    joins = sorted(spark_steps.paper_groups(spark, f"{lake}/records.parquet", lake),
                   key=lambda r: (r["source"], r["venue"], r["year"]))
    advance(count)
    if count:
        step = progress.step("resolve orgs", 1)
        registry = load_registry(settings.data_dir)
        spark_steps.resolve_orgs(spark, lake, settings.data_dir)
        load_radar(store, lake, registry)
        step(1)
    else:  # nothing to distribute: the (empty) tables as the DuckDB build makes them
        from talentradar import pipeline

        pipeline.derive_papers(store, progress)
        registry = pipeline.resolve_orgs(store, settings, progress)
    _derive_radar(store, settings, progress, registry)
    return joins


def _derive_radar(store: Store, settings: Settings, progress: Progress, registry: Registry) -> None:
    """People, careers, search and market over the radar (as ``pipeline.derive`` does)."""
    from talentradar import pipeline

    text_store = store.cursor()
    try:
        with ThreadPoolExecutor(max_workers=1) as background:
            text_index = background.submit(pipeline.index_text, text_store, progress)
            pipeline.resolve_people(store, settings, progress)
            searchable = text_index.result()
    finally:
        text_store.close()
    if searchable:
        build_person_facts(store, settings.top_venues)
    pipeline.derive_market(store, registry)
