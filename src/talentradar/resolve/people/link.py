"""People resolution over the store: features → scored pairs → persons.

Wires the pure parts (clustering, ids, overrides) to the store and an engine.
Writes ``link_mentions``, ``name_commonness``, ``person_pairs`` (scored pairs),
``mention_person``, ``persons``, ``linkage_model``; updates the durable
``person_ids``. (Orgs inferred for mentions with none are facts: talentradar.facts.)
"""

from __future__ import annotations

import json
import logging
import time
from dataclasses import dataclass, field
from typing import Any

import numpy as np
import pyarrow as pa
import pyarrow.compute as pc

from talentradar.resolve.people import features
from talentradar.resolve.people.cluster import ConstraintError, cluster_indices
from talentradar.resolve.people.engine import score
from talentradar.resolve.people.ids import assign_ids
from talentradar.resolve.people.model import THRESHOLD
from talentradar.resolve.people.overrides import (
    OverrideConflict,
    check_consistent,
    expand,
    list_overrides,
)
from talentradar.store import Store

log = logging.getLogger(__name__)


@dataclass
class LinkSummary:
    mentions: int = 0
    pairs: int = 0
    persons: int = 0
    overrides: int = 0
    seconds: dict[str, float] = field(default_factory=dict)


def prepare(store: Store, data_dir: str) -> None:
    """Build the linkage features and name commonness in the store."""
    groups = features.nickname_groups(features.read_name_tuples(data_dir))
    store.replace_table(
        "nickname_groups",
        pa.Table.from_pylist(
            groups, schema=pa.schema([("given", pa.string()), ("grp", pa.string())])
        ),
    )
    store.execute(features.features_sql())
    store.execute(features.commonness_sql())


def link_people(
    store: Store,
    data_dir: str,
    engine: str = "duckdb",
    trained: dict[str, Any] | None = None,
    train: bool = False,
) -> LinkSummary:
    summary = LinkSummary()
    clock = time.perf_counter()
    prepare(store, data_dir)
    summary.seconds["features"] = time.perf_counter() - clock
    feats = store.arrow("SELECT * FROM link_mentions ORDER BY unique_id")
    commonness = store.arrow("SELECT full_key, tf_full_key FROM name_commonness")
    clock = time.perf_counter()
    pairs, model = score(feats, commonness, engine, trained, train)
    summary.seconds["score"] = time.perf_counter() - clock
    clock = time.perf_counter()
    assignment = cluster(store, pairs)
    summary.seconds["cluster"] = time.perf_counter() - clock
    write(store, assignment, pairs, model)
    summary.mentions, summary.pairs = feats.num_rows, pairs.num_rows
    summary.persons = pc.count_distinct(assignment.column("person_id")).as_py()
    summary.overrides = len(list_overrides(store))
    return summary


def cluster(store: Store, pairs: pa.Table) -> pa.Table:
    """(mention_id, person_id): stable person ids, overrides applied."""
    mentions = store.arrow("SELECT unique_id, paper_id FROM link_mentions ORDER BY unique_id")
    items = mentions.column("unique_id").combine_chunks()
    rules = list_overrides(store)
    check_consistent(rules)
    must, cannot = expand(store, rules)
    strong = pairs.filter(pc.greater_equal(pairs.column("match_probability"), THRESHOLD))
    paper = mentions.column("paper_id").combine_chunks()
    try:
        rep = cluster_indices(
            _positions(paper, pc.unique(paper)),
            _positions(strong.column("unique_id_l"), items),
            _positions(strong.column("unique_id_r"), items),
            strong.column("match_probability").to_numpy(),
            THRESHOLD,
            _pair_positions(must, items),
            _pair_positions(cannot, items),
        )
    except ConstraintError as exc:
        a, b = (items[i].as_py() for i in exc.pair)
        raise OverrideConflict(
            f"{ConstraintError(a, b)}; check `talentradar people override list`"
        ) from None
    clusters = pa.table({"mention_id": items, "rep": items.take(pa.array(rep))})
    return assign_ids(clusters, store.arrow("SELECT mention_id, person_id FROM person_ids"))


def _positions(values: Any, within: Any) -> np.ndarray:
    """Index of each value in ``within`` (-1 when absent)."""
    return pc.fill_null(pc.index_in(values, value_set=within), -1).to_numpy()


def _pair_positions(pairs: list[tuple[str, str]], items: Any) -> list[tuple[int, int]]:
    """Override pairs as item indices, pairs naming a mention not linked left out."""
    if not pairs:
        return []
    a = _positions(pa.array([x for x, _ in pairs], pa.string()), items).tolist()
    b = _positions(pa.array([y for _, y in pairs], pa.string()), items).tolist()
    return [(i, j) for i, j in zip(a, b, strict=True) if i >= 0 and j >= 0]


def write(store: Store, table: pa.Table, pairs: pa.Table, model: dict[str, Any]) -> None:
    with store.transaction():
        store.replace_table("mention_person", table)
        store.replace_table("person_ids", table)
        store.replace_table("person_pairs", pairs)
        store.replace_table("linkage_model", pa.table({"model": [json.dumps(model)]}))
        store.execute(PERSONS_SQL)


PERSONS_SQL = """
CREATE OR REPLACE TABLE persons AS
WITH m AS (
    SELECT mp.person_id, m.mention_id, m.name, m.year, m.venue, m.paper_id, m.source_person_id
    FROM mention_person mp JOIN mentions m USING (mention_id)
),
names AS (
    SELECT person_id, name, count(*) AS n,
           row_number() OVER (PARTITION BY person_id ORDER BY count(*) DESC, name) AS r
    FROM m GROUP BY 1, 2
)
SELECT m.person_id, any_value(names.name) FILTER (WHERE names.r = 1) AS name,
       count(DISTINCT m.mention_id) AS mentions, count(DISTINCT m.paper_id) AS papers,
       min(m.year) AS first_year, max(m.year) AS last_year,
       list(DISTINCT m.venue ORDER BY m.venue) AS venues,
       list(DISTINCT m.source_person_id ORDER BY m.source_person_id)
           FILTER (WHERE m.source_person_id IS NOT NULL) AS source_person_ids
FROM m JOIN names USING (person_id)
GROUP BY 1
"""
