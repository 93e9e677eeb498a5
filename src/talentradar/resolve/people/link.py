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
from talentradar.resolve.people.engine import number_mentions, score_numbered
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
    feats, items = number_mentions(store.arrow(SPLINK_INPUT_SQL))
    commonness = store.arrow("SELECT full_key, tf_full_key FROM name_commonness")
    clock = time.perf_counter()
    with store.memory_capped(STORE_MEMORY_WHILE_SCORING):
        pairs, model = score_numbered(feats, commonness, engine, trained, train)
    summary.seconds["score"] = time.perf_counter() - clock
    clock = time.perf_counter()
    assignment = cluster(store, pairs, items)
    summary.seconds["cluster"] = time.perf_counter() - clock
    clock = time.perf_counter()
    write(store, assignment, _named(pairs, items), model)
    summary.seconds["write"] = time.perf_counter() - clock
    summary.mentions, summary.pairs = feats.num_rows, pairs.num_rows
    summary.persons = pc.count_distinct(assignment.column("person_id")).as_py()
    summary.overrides = len(list_overrides(store))
    return summary


STORE_MEMORY_WHILE_SCORING = "1GB"
"""The store's buffer pool while the engine scores pairs (the engine has its own memory)."""


# What the model reads: the columns it compares and blocks on (not the paper, nor the
# family-initial key), in no particular order (the mentions are numbered after).
SPLINK_INPUT_SQL = "SELECT * EXCLUDE (paper_id, fi_key) FROM link_mentions"


def _named(pairs: pa.Table, items: pa.Array) -> pa.Table:
    """The scored pairs with the mentions named by their ids, not their ranks."""
    for i, side in enumerate(("unique_id_l", "unique_id_r")):
        pairs = pairs.set_column(i, side, items.take(pc.cast(pairs[side], pa.int64())))
    return pairs


def cluster(store: Store, pairs: pa.Table, items: pa.Array) -> pa.Table:
    """(mention_id, person_id): stable person ids, overrides applied. ``pairs`` name the
    mentions by their rank in ``items`` (the linked mention ids in order)."""
    mentions = store.arrow(CLUSTER_INPUT_SQL.format(rare_name_people=RARE_NAME_PEOPLE))
    if not mentions.column("unique_id").equals(pa.chunked_array([items])):
        raise RuntimeError("the linked mentions are not in the order they were numbered in")
    rules = list_overrides(store)
    check_consistent(rules)
    must, cannot = expand(store, rules)
    left, right, prob = _strong(pairs, mentions.column("crowd").to_numpy())
    paper = mentions.column("paper_id").combine_chunks()
    labels, foes = _foes(store, mentions.column("source_person_id").combine_chunks())
    try:
        rep = cluster_indices(
            _positions(paper, pc.unique(paper)),
            left,
            right,
            prob,
            THRESHOLD,
            _pair_positions(must, items),
            _pair_positions(cannot, items),
            labels,
            foes,
        )
    except ConstraintError as exc:
        a, b = (items[i].as_py() for i in exc.pair)
        raise OverrideConflict(
            f"{ConstraintError(a, b)}; check `talentradar people override list`"
        ) from None
    clusters = pa.table({"mention_id": items, "rep": items.take(pa.array(rep))})
    previous = store.arrow("SELECT mention_id, person_id FROM person_ids")
    return assign_ids(clusters, previous)


# Each linked mention (in id order) with its paper, source id and how crowded its name is:
# the most parent orgs its exact name is seen at in one year, unless so few people are
# expected to hold the name (its given and family names' shares, ``expected_people``) that
# those orgs are one person's many affiliations (Cordelia Schmid, Yoshua Bengio); for a name
# given by its initials only ("C. Liu") or with a given name of at most two letters ("Xi Peng"),
# also the most its initial and family name are seen at (every Liu whose given name starts
# with C may write it so; short given names are shared by many).
CLUSTER_INPUT_SQL = """
WITH initial_crowd AS (
    SELECT fi_key, max(roots) AS orgs_in_a_year FROM (
        SELECT fi_key, year, count(DISTINCT root) AS roots
        FROM (SELECT fi_key, year, unnest(org_roots) AS root FROM link_mentions)
        GROUP BY 1, 2)
    GROUP BY 1
)
, name_crowd AS (
    SELECT full_key,
           CASE WHEN expected_people < {rare_name_people} THEN 0 ELSE orgs_in_a_year END
               AS orgs_in_a_year
    FROM name_commonness
)
SELECT l.unique_id, l.paper_id, m.source_person_id,
       CASE WHEN l.given_initials OR length(l.given_key) <= 2
            THEN greatest(coalesce(c.orgs_in_a_year, 0), coalesce(i.orgs_in_a_year, 0))
            ELSE coalesce(c.orgs_in_a_year, 0) END AS crowd
FROM link_mentions l
JOIN mentions m ON m.mention_id = l.unique_id
LEFT JOIN name_crowd c ON c.full_key = l.full_key
LEFT JOIN initial_crowd i ON i.fi_key = l.fi_key
ORDER BY l.unique_id
"""

RARE_NAME_PEOPLE = 0.01
"""A name whose given and family names make fewer than this many holders expected is one
person's, however many orgs it is seen at in a year."""

COMMON_NAME_ORGS = 5
"""A name seen at this many parent orgs in one year is carried by many people..."""
COMMON_NAME_THRESHOLD = 0.99
"""...so its pairs merge only at this match probability (THRESHOLD for other names)."""


def _strong(pairs: pa.Table, crowd: np.ndarray) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(left ranks, right ranks, probabilities) of the pairs that may merge: at or above
    THRESHOLD, and at or above COMMON_NAME_THRESHOLD when either mention's exact name is a
    common one (``name_commonness.orgs_in_a_year``)."""
    prob = pairs.column("match_probability").to_numpy()
    left = pairs.column("unique_id_l").to_numpy().astype(np.int64)
    right = pairs.column("unique_id_r").to_numpy().astype(np.int64)
    common = np.maximum(crowd[left], crowd[right]) >= COMMON_NAME_ORGS
    keep = (prob >= THRESHOLD) & (~common | (prob >= COMMON_NAME_THRESHOLD))
    return left[keep], right[keep], prob[keep]


def _foes(store: Store, source_ids: Any) -> tuple[np.ndarray, list[tuple[int, int]]]:
    """Each mention's source-id code (-1 for none) and the pairs of codes that appear as two
    different authors of one paper with the same family name (they are two people)."""
    known = pc.unique(source_ids.drop_null())
    rows = store.arrow(FOES_SQL)
    foes = np.stack(
        [_positions(rows.column(side), known) for side in ("id_a", "id_b")], axis=1
    ).reshape(-1, 2)
    return _positions(source_ids, known), [(a, b) for a, b in foes.tolist() if a >= 0 and b >= 0]


FOES_SQL = """
SELECT DISTINCT a.source_person_id AS id_a, b.source_person_id AS id_b
FROM mentions a JOIN mentions b
  ON a.paper_id = b.paper_id AND a.family_key = b.family_key
 AND a.source_person_id < b.source_person_id
"""


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
        store.execute("CREATE OR REPLACE TABLE person_ids AS SELECT * FROM mention_person")
        store.replace_table("person_pairs", pairs)
        store.replace_table("linkage_model", pa.table({"model": [json.dumps(model)]}))
        store.execute(PERSONS_SQL)
        store.execute(PERSON_NAMES_SQL)


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

# Every name variant a person's mentions carry, as search keys: the words (folded, umlaut
# spellings folded: "schoelkopf" = "scholkopf") and the words with each adjacent pair joined
# ("ming hsuan" also as "minghsuan"), for the name search (analytics.people).
PERSON_NAMES_SQL = """
CREATE OR REPLACE TABLE person_names AS
WITH variants AS (
    SELECT mp.person_id, m.name_norm, count(*) AS mentions
    FROM mention_person mp JOIN mentions m USING (mention_id)
    WHERE m.name_norm <> ''
    GROUP BY 1, 2
),
words AS (
    SELECT person_id, name_norm, mentions,
           list_transform(string_split(name_norm, ' '),
                          w -> replace(replace(replace(w, 'ae', 'a'), 'oe', 'o'), 'ue', 'u')) AS words
    FROM variants
)
SELECT person_id, name_norm, mentions, words,
       list_concat(words, list_transform(range(1, len(words)), i -> words[i] || words[i + 1])) AS keys
FROM words
"""
