"""The same linkage on Spark (local mode) gives the same clusters as on DuckDB."""

from __future__ import annotations

import pytest

from talentradar.resolve.people.cluster import cluster_pairs
from talentradar.resolve.people.engine import score, shipped_model
from talentradar.resolve.people.model import THRESHOLD
from talentradar.store.radar import open_radar

pytestmark = [pytest.mark.spark, pytest.mark.slow, pytest.mark.xdist_group("realdata")]


def _clusters(features, pairs):
    items = features.column("unique_id").to_pylist()
    papers = dict(zip(items, features.column("paper_id").to_pylist(), strict=True))
    scored = zip(
        pairs.column("unique_id_l").to_pylist(),
        pairs.column("unique_id_r").to_pylist(),
        pairs.column("match_probability").to_pylist(),
        strict=True,
    )
    found = cluster_pairs(items, scored, THRESHOLD, papers)
    groups = {}
    for item, rep in found.items():
        groups.setdefault(rep, set()).add(item)
    return sorted(sorted(g) for g in groups.values())


def test_duckdb_and_spark_give_identical_clusters(real_settings) -> None:
    pytest.importorskip("pyspark")
    store = open_radar(real_settings)
    try:
        # A sample: every mention of 300 family names (whole name blocks, so pairs are complete).
        features = store.arrow(
            "SELECT * FROM link_mentions WHERE family_key IN "
            "(SELECT DISTINCT family_key FROM link_mentions ORDER BY hash(family_key) LIMIT 300)"
        )
        commonness = store.arrow("SELECT full_key, tf_full_key FROM name_commonness")
    finally:
        store.close()
    assert features.num_rows > 1000
    model = shipped_model()
    duck_pairs, _ = score(features, commonness, "duckdb", model)
    spark_pairs, _ = score(features, commonness, "spark", model)
    assert duck_pairs.num_rows == spark_pairs.num_rows
    assert _clusters(features, duck_pairs) == _clusters(features, spark_pairs)
