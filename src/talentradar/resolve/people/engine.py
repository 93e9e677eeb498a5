"""Running the linkage model on an engine: DuckDB (default) or Spark (scale-out).

Both take the same inputs — the ``link_mentions`` features and the
``name_commonness`` term frequencies as Arrow tables — run the same Splink
settings, and return scored pairs as an Arrow table plus the trained model.
Splink works in its own database (an in-memory DuckDB, or a Spark session), so
the store never holds Splink's working tables.
"""

from __future__ import annotations

import atexit
import logging
import os
import shutil
import sys
import tempfile
from typing import Any

import pyarrow as pa
import pyarrow.compute as pc

from talentradar.errors import ExtraMissingError, UnknownValueError
from talentradar.resolve.people import model as linkage_model

log = logging.getLogger(__name__)
ENGINES = ("duckdb", "spark")
PAIRS_FLOOR = 0.01
"""Pairs below this match probability are not kept (they can never merge)."""
MIN_TRAINING_MENTIONS = 20_000
"""Fewer mentions than this are always scored with the shipped model."""
MEMORY_CONFIG: dict[str, str | bool | int | float | list[str]] = {
    "autoinstall_known_extensions": False,
    "autoload_known_extensions": False,
    "threads": 2,
    "memory_limit": "1500MB",
    "preserve_insertion_order": False,
}
"""The linkage's own in-memory DuckDB: it spills past 1.5 GB, since it runs in the build's
process beside the radar's buffer pool and the search step (the build stays under 4 GB)."""


def shipped_model() -> dict[str, Any]:
    """The model trained without labels on the shared corpus, with one org level set from
    OpenReview ids (data/people/linkage_model.json; docs/people.md)."""
    import json
    from importlib.resources import files

    return json.loads(files("talentradar.data").joinpath("people/linkage_model.json").read_text())


def score(
    features: pa.Table,
    commonness: pa.Table,
    engine: str = "duckdb",
    trained: dict[str, Any] | None = None,
    train: bool = False,
) -> tuple[pa.Table, dict[str, Any]]:
    """(pairs: unique_id_l, unique_id_r, match_weight, match_probability; model JSON).

    Scores with ``trained``, else with the shipped model unless ``train`` asks to estimate
    the model afresh on these mentions (u by random sampling, m by EM; no labels)."""
    numbered, ids = number_mentions(features)
    pairs, model = score_numbered(numbered, commonness, engine, trained, train)
    for i, side in enumerate(("unique_id_l", "unique_id_r")):
        pairs = pairs.set_column(i, side, ids.take(pc.cast(pairs[side], pa.int64())))
    return pairs, model


def score_numbered(
    numbered: pa.Table,
    commonness: pa.Table,
    engine: str = "duckdb",
    trained: dict[str, Any] | None = None,
    train: bool = False,
) -> tuple[pa.Table, dict[str, Any]]:
    """As ``score``, for features whose ``unique_id`` is already a number (0..n-1, in the
    order of the mention ids); the pairs name the mentions by those numbers."""
    if engine not in ENGINES:
        raise UnknownValueError("engine", engine, list(ENGINES))
    try:
        import splink  # noqa: F401
    except ImportError:
        raise ExtraMissingError("splink", "linkage") from None
    if trained is None and not train:
        trained = shipped_model()
    if trained is None and numbered.num_rows < MIN_TRAINING_MENTIONS:
        log.info("%d mentions: too few to train, using the shipped model", numbered.num_rows)
        trained = shipped_model()
    run = _score_spark if engine == "spark" else _score_duckdb
    return run(numbered, commonness, trained)


def number_mentions(features: pa.Table) -> tuple[pa.Table, pa.Array]:
    """The features with each unique id replaced by its rank among the ids (from 0), and the
    ids in rank order. Splink joins and keeps pairs by these numbers: far less memory than
    strings, and since rank order is id order, every pair keeps the (l, r) orientation of its
    ids. The rows keep their order (only the id column is replaced)."""
    ids = features.column("unique_id").combine_chunks()
    rank = pc.subtract(pc.rank(ids, sort_keys="ascending", tiebreaker="first"), 1)
    column = features.schema.get_field_index("unique_id")
    numbered = features.set_column(column, "unique_id", pc.cast(rank, pa.int64()))
    return numbered, ids.take(pc.sort_indices(ids))


def _run(linker: Any, commonness: pa.Table, trained: dict[str, Any] | None, make: Any) -> Any:
    """Train (unless ``trained``) and predict; a failed training falls back to the shipped model.

    ``make(model)`` builds a new Linker for the fallback."""
    from splink.internals.exceptions import EMTrainingException

    def register(target: Any) -> None:
        target.table_management.register_term_frequency_lookup(
            commonness.select(["full_key", "tf_full_key"]).to_pandas(), "full_key", overwrite=True
        )

    register(linker)
    if trained is None:
        try:
            linkage_model.train(linker)
        except EMTrainingException as exc:
            log.warning(
                "training failed (%s); scoring with the shipped model", str(exc).splitlines()[0]
            )
            linker = make(shipped_model())
            register(linker)
    return linker, linker.inference.predict(threshold_match_probability=PAIRS_FLOOR)


def _settings(trained: dict[str, Any] | None) -> Any:
    return linkage_model.settings(trained)


def _score_duckdb(
    features: pa.Table, commonness: pa.Table, trained: dict[str, Any] | None
) -> tuple[pa.Table, dict[str, Any]]:
    """Splink on an in-memory DuckDB that spills to a temporary folder, removed after."""
    with tempfile.TemporaryDirectory(prefix="talentradar-link-") as spill:
        return _score_duckdb_in(features, commonness, trained, spill)


def _score_duckdb_in(
    features: pa.Table, commonness: pa.Table, trained: dict[str, Any] | None, spill: str
) -> tuple[pa.Table, dict[str, Any]]:
    import duckdb
    from splink import DuckDBAPI, Linker

    con = duckdb.connect(":memory:", config=MEMORY_CONFIG)
    con.execute("SET enable_progress_bar = false")
    con.execute(f"SET temp_directory = '{spill}'")
    con.register("features_in", features)
    con.execute("CREATE TABLE link_mentions AS SELECT * FROM features_in")

    def make(model: dict[str, Any] | None) -> Any:
        return Linker(
            "link_mentions",
            _settings(model),
            db_api=DuckDBAPI(connection=con),
            set_up_basic_logging=False,
        )

    linker, predictions = _run(make(trained), commonness, trained, make)
    pairs = con.execute(
        f"SELECT unique_id_l, unique_id_r, match_weight, match_probability FROM {predictions.physical_name}"
    ).to_arrow_table()
    model = linker.misc.save_model_to_json()
    con.close()
    return pairs, model


def spark_session() -> Any:
    """A local Spark session set up for Splink, offline (no UI, loopback only)."""
    try:
        from pyspark.sql import SparkSession
    except ImportError:
        raise ExtraMissingError("pyspark", "spark") from None
    from splink.backends.spark import similarity_jar_location

    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    # Python workers run this interpreter, so that they import this package (a bare
    # "python3" on the PATH may be another one)
    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    checkpoints = tempfile.mkdtemp(prefix="talentradar-spark-")
    atexit.register(shutil.rmtree, checkpoints, ignore_errors=True)
    spark = (
        SparkSession.builder.master(os.environ.get("TALENTRADAR_SPARK_MASTER", "local[2]"))
        .appName("talentradar-linkage")
        .config("spark.ui.enabled", "false")
        .config("spark.ui.showConsoleProgress", "false")
        .config("spark.driver.host", "127.0.0.1")
        .config("spark.jars", similarity_jar_location())
        .config("spark.sql.shuffle.partitions", "8")
        .config("spark.default.parallelism", "8")
        # local mode runs in the driver's JVM, whose heap is 1 GB unless set
        .config("spark.driver.memory", os.environ.get("TALENTRADAR_SPARK_DRIVER_MEMORY", "4g"))
        .getOrCreate()
    )
    spark.sparkContext.setCheckpointDir(checkpoints)
    spark.sparkContext.setLogLevel("ERROR")
    return spark


def _score_spark(
    features: pa.Table, commonness: pa.Table, trained: dict[str, Any] | None
) -> tuple[pa.Table, dict[str, Any]]:
    from splink import Linker, SparkAPI

    spark = spark_session()
    frame = spark.createDataFrame(_integral_signatures(features).to_pandas())

    def make(model: dict[str, Any] | None) -> Any:
        return Linker(
            frame,
            _settings(model),
            db_api=SparkAPI(spark_session=spark),
            set_up_basic_logging=False,
        )

    linker, predictions = _run(make(trained), commonness, trained, make)
    result = (
        predictions.as_spark_dataframe()
        .select("unique_id_l", "unique_id_r", "match_weight", "match_probability")
        .toPandas()
    )
    return pa.Table.from_pandas(result, preserve_index=False), linker.misc.save_model_to_json()


def _integral_signatures(features: pa.Table) -> pa.Table:
    """The list signatures (``*_sig``) with no nulls, so that pandas keeps them as 64-bit
    integers (a null would make the column float and lose bits). A signature is only read
    where its list is present, so 0 for a missing one changes nothing."""
    for i, name in enumerate(features.column_names):
        if name.endswith("_sig"):
            filled = pc.fill_null(features.column(i), pa.scalar(0, pa.int64()))
            features = features.set_column(i, name, pc.cast(filled, pa.int64()))
    return features
