"""Why two mentions were or were not merged: match weights per comparison."""

from __future__ import annotations

import json
import math
from typing import Any

from talentradar.errors import TalentRadarError
from talentradar.resolve.people.engine import MEMORY_CONFIG
from talentradar.resolve.people.model import THRESHOLD
from talentradar.store import Store


def explain_pair(store: Store, mention_a: str, mention_b: str) -> dict[str, Any]:
    """Scores one pair with the stored model; JSON-ready."""
    import duckdb
    from splink import DuckDBAPI, Linker

    rows = {
        r["unique_id"]: r
        for r in store.query(
            # a suppressed person's mentions answer exactly as unknown ones
            "SELECT * FROM link_mentions WHERE unique_id IN (?, ?) AND unique_id NOT IN "
            "(SELECT mention_id FROM mention_person "
            "WHERE person_id IN (SELECT person_id FROM suppressed_persons))",
            [mention_a, mention_b],
        )
    }
    for mention in (mention_a, mention_b):
        if mention not in rows:
            raise TalentRadarError(
                f"no mention {mention!r}; mention ids look like <paper_id>-<position> "
                f"(see `talentradar people show NAME`)"
            )
    model = json.loads(store.query("SELECT model FROM linkage_model")[0]["model"])
    tf = store.query(
        "SELECT full_key, tf_full_key FROM name_commonness WHERE full_key IN (?, ?)",
        [rows[mention_a]["full_key"], rows[mention_b]["full_key"]],
    )
    con = duckdb.connect(":memory:", config=MEMORY_CONFIG)
    con.execute("SET enable_progress_bar = false")
    linker = Linker(
        _one_row_table(con, rows[mention_a]),
        model,
        db_api=DuckDBAPI(connection=con),
        set_up_basic_logging=False,
    )
    if tf:
        import pandas as pd

        linker.table_management.register_term_frequency_lookup(
            pd.DataFrame(tf), "full_key", overwrite=True
        )
    frame = linker.inference.compare_two_records(_clean(rows[mention_a]), _clean(rows[mention_b]))
    result = frame.as_record_dict()[0]
    con.close()
    return _report(store, mention_a, mention_b, result, model)


def _one_row_table(con: Any, row: dict[str, Any]) -> str:
    import pyarrow as pa

    con.register("one_row", pa.Table.from_pylist([_clean(row)]))
    con.execute("CREATE TABLE link_mentions AS SELECT * FROM one_row")
    return "link_mentions"


def _clean(row: dict[str, Any]) -> dict[str, Any]:
    return {k: (list(v) if isinstance(v, tuple) else v) for k, v in row.items()}


def _level_label(levels: list[dict[str, Any]], gamma: int | None) -> str | None:
    """Splink numbers a comparison's non-null levels from the top down to 0; null is -1 (a
    missing value, or another level that is no evidence: the e-mail domains of two orgs)."""
    if gamma == -1:
        others = [lv.get("label_for_charts") for lv in levels if lv.get("is_null_level")][1:]
        return " or ".join(["missing on one side", *filter(None, others)])
    non_null = [lv for lv in levels if not lv.get("is_null_level")]
    index = len(non_null) - 1 - (gamma if gamma is not None else -1)
    if 0 <= index < len(non_null):
        return non_null[index].get("label_for_charts") or non_null[index].get("sql_condition")
    return None


def _report(
    store: Store, a: str, b: str, scored: dict[str, Any], model: dict[str, Any]
) -> dict[str, Any]:
    comparisons = []
    for comparison in model["comparisons"]:
        name = comparison["output_column_name"]
        level = scored.get(f"gamma_{name}")
        label = _level_label(comparison["comparison_levels"], level)
        bf = scored.get(f"bf_{name}", 1.0) * scored.get(f"bf_tf_adj_{name}", 1.0)
        comparisons.append(
            {
                "comparison": name,
                "level": label,
                "bayes_factor": bf,
                "match_weight": math.log2(bf) if bf > 0 else None,
            }
        )
    persons = {
        r["mention_id"]: r["person_id"]
        for r in store.query(
            "SELECT mention_id, person_id FROM mention_person WHERE mention_id IN (?, ?)", [a, b]
        )
    }
    same_paper = (
        store.query(
            "SELECT count(DISTINCT paper_id) AS n FROM mentions WHERE mention_id IN (?, ?)", [a, b]
        )[0]["n"]
        == 1
    )
    probability = scored["match_probability"]
    merged = persons.get(a) is not None and persons.get(a) == persons.get(b)
    if same_paper:
        why = "two authors of one paper are never one person"
    elif merged and probability >= THRESHOLD:
        why = f"merged: match probability {probability:.3f} ≥ {THRESHOLD}"
    elif merged:
        why = "merged through other mentions of the same person (a chain of strong pairs) or an override"
    elif probability >= THRESHOLD:
        why = "strong pair, but merging would put two authors of one paper together, or an override forbids it"
    else:
        why = f"not merged: match probability {probability:.3f} < {THRESHOLD}"
    return {
        "mention_a": a,
        "mention_b": b,
        "person_a": persons.get(a),
        "person_b": persons.get(b),
        "same_person": merged,
        "match_weight": scored["match_weight"],
        "match_probability": probability,
        "prior_match_weight": math.log2(
            model["probability_two_random_records_match"]
            / (1 - model["probability_two_random_records_match"])
        ),
        "comparisons": comparisons,
        "why": why,
    }
