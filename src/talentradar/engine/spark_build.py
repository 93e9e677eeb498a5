"""``build --engine spark``: the ``load``, ``papers``, ``orgs`` and ``facts`` steps as Spark jobs.

Each step reads its input from the new radar, hands the work to Spark tasks
(:mod:`talentradar.engine.spark_steps`), which write Parquet tables under the lake folder
beside the radar (``<db>.lake/``), and loads the radar's tables from them
(:mod:`talentradar.engine.radar`) in the DuckDB build's row order. Of the ``facts`` step, the
careers (observations, person-years, spells, moves) run on Spark; the facts over them, which
are small, run on the radar. The records stay in the
radar, loaded, updated and counted exactly as by :mod:`talentradar.raw`, so a failed or
repeated Spark build loses and duplicates nothing. The other steps run as in the DuckDB
build (people linkage scores its pairs on Spark: ``settings.engine``).
"""

from __future__ import annotations

import logging
import shutil
from pathlib import Path
from typing import Any

import orjson
import pyarrow.parquet as pq

from talentradar import kept
from talentradar.engine import spark_steps
from talentradar.engine.radar import load_careers, load_orgs, load_papers
from talentradar.errors import SourceError
from talentradar.model import Quarantined, SourceFile
from talentradar.raw import (
    RECORD_COLUMNS,
    LoadResult,
    ParsedFile,
    loaded_checksums,
    log_load,
    store_file,
)
from talentradar.settings import Settings
from talentradar.store import Store

log = logging.getLogger(__name__)


def lake_dir(settings: Settings) -> Path:
    """The Parquet tables of a Spark build: ``<radar file>.lake/`` beside it."""
    return settings.db_path.with_name(settings.db_path.name + ".lake")


def session() -> Any:
    """The Spark session (local[2], or TALENTRADAR_SPARK_MASTER); its Python workers run this
    interpreter, so they import this package."""
    from talentradar.resolve.people.engine import spark_session

    return spark_session()


def _fresh(folder: Path) -> str:
    shutil.rmtree(folder, ignore_errors=True)
    folder.mkdir(parents=True)
    return str(folder)


def _write_tables(store: Store, tables: tuple[str, ...], lake: str) -> None:
    """The radar's ``tables`` as ``<lake>/<table>.parquet``, for a Spark job to read."""
    for table in tables:
        store.execute(f"COPY {table} TO '{lake}/{table}.parquet' (FORMAT parquet)")


def load(ctx: Any) -> None:
    """Source files → ``records``: every file parsed in a Spark task, stored in file order."""
    from talentradar.pipeline import _discover, _failed, all_connectors, retire_missing

    store, now = ctx.store, ctx.now
    with store.bulk():
        files: list[SourceFile] = []
        results: list[LoadResult] = []
        for name, module in all_connectors().items():
            found = _discover(module, name, ctx.roots[name], results, store, now)
            if found is not None:
                retire_missing(store, name, set(found), now, results)
            for location in found or []:
                try:
                    files.append(module.file_for(location))
                except SourceError as exc:
                    unknown = SourceFile(source=name, location=location, venue="", year=0)
                    _failed(store, results, unknown, exc, now)
        advance = ctx.progress.step("load sources", len(files))
        folder = _fresh(lake_dir(ctx.settings) / "incoming")
        parsed = spark_steps.parse_files(
            session(), [(f, loaded_checksums(store, f)) for f in files], folder, now
        )
        for file, row in zip(files, parsed, strict=True):
            results.append(_store(store, file, row, now))
            advance(1)
        ctx.summary.loads = results


def _store(store: Store, file: SourceFile, row: dict[str, Any], now: Any) -> LoadResult:
    if row["error"]:
        log.warning("%s", row["error"])
        result = LoadResult(file=file, status="failed", error=row["error"])
        log_load(store, result, None, now)
        return result
    records = pq.read_table(row["records"]) if row["records"] else None
    quarantined = tuple(Quarantined(**q) for q in orjson.loads(row["quarantined"]))
    return store_file(store, ParsedFile(file, row["digest"], records, quarantined), now)


def read_papers(ctx: Any) -> None:
    """``papers`` and ``mentions``: one Spark task per venue-year; how enrichment joined; the
    venue-years' digests (``paper_parts``). Records of retired files are left out, as by the
    DuckDB build."""
    from talentradar.pipeline import RETIRED_SQL
    from talentradar.sources import connectors

    store, names = ctx.store, list(connectors())
    of_sources = (
        f"source IN ({', '.join(repr(n) for n in names)}) AND location NOT IN ({RETIRED_SQL})"
    )
    count = store.query(f"SELECT count(*) AS n FROM records WHERE {of_sources}")[0]["n"]
    advance = ctx.progress.step("read papers", count)
    lake = _fresh(lake_dir(ctx.settings) / "papers_step")
    store.execute(
        f"COPY (SELECT {RECORD_COLUMNS} FROM records WHERE {of_sources}) "
        f"TO '{lake}/records.parquet' (FORMAT parquet)"
    )
    joins = spark_steps.paper_groups(session(), f"{lake}/records.parquet", lake) if count else []
    digests = {
        (g["venue"], g["year"]): g["digest"]
        for g in store.query(kept.PART_DIGESTS_SQL.format(where=of_sources))
    }
    load_papers(store, lake)
    kept.record(store, "paper_parts", digests)
    ctx.summary.joins = sorted(joins, key=lambda r: (r["source"], r["venue"], r["year"]))
    advance(count)


def resolve_orgs(ctx: Any) -> None:
    """``orgs``, ``affiliations``, ``mention_orgs`` and ``countries``: each distinct affiliation
    key resolved once in a Spark task holding the registry, joined back in Spark SQL."""
    store = ctx.store
    advance = ctx.progress.step("resolve orgs", 1)
    lake = _fresh(lake_dir(ctx.settings) / "orgs_step")
    _write_tables(store, ("mentions", "papers"), lake)
    spark_steps.resolve_orgs(session(), lake, ctx.settings.data_dir)
    load_orgs(store, lake, ctx.registry())
    kept.record_inputs(store, "org_inputs", ctx.registry().digest)
    advance(1)


def derive_person_facts(ctx: Any) -> None:
    """The ``facts`` step with the careers tables made by Spark SQL from the radar's linked
    mentions and orgs; everything else as in the DuckDB build."""
    from talentradar.pipeline import derive_person_facts as on_radar

    def careers(store: Store) -> None:
        lake = _fresh(lake_dir(ctx.settings) / "facts_step")
        _write_tables(store, spark_steps.CAREER_INPUTS, lake)
        spark_steps.careers(session(), lake)
        load_careers(store, lake)

    on_radar(ctx, careers)


SPARK_RUNS = {
    "load": load,
    "papers": read_papers,
    "orgs": resolve_orgs,
    "facts": derive_person_facts,
}
"""The steps that run on Spark, by name (talentradar.pipeline.on_engine)."""
