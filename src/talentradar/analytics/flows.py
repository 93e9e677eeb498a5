"""Flows: moves aggregated by (from, to, period) for countries, sectors and orgs; net flows;
the poaching matrix among chosen labs; Sankey data; validation of moves.

Every move is counted once per level of aggregation; moves within one node
(e.g. US → US at country level) are kept as diagonal cells and left out of net
flows. Tier restricts to persons in the tier: ``top`` = an accepted paper at a
top venue (settings ``top_venues``), ``elite`` = an oral there, ``all`` = everyone.
"""

from __future__ import annotations

from typing import Any

from talentradar.analytics import pools
from talentradar.analytics.people import visible_person
from talentradar.errors import UnknownValueError
from talentradar.facts.careers import careers_sql
from talentradar.store import Store

LEVELS = ("country", "sector", "org", "parent")
FLOW_TIERS = ("all", "top", "elite")
# The major AI labs and companies (parent org ids) of the default poaching matrix.
DEFAULT_LABS = (
    "alphabet",
    "meta",
    "microsoft",
    "openai",
    "anthropic",
    "amazon",
    "apple",
    "nvidia",
    "ibm",
    "bytedance",
    "alibaba",
    "tencent",
    "baidu",
    "huawei",
    "samsung",
    "salesforce",
    "adobe",
)


def _node(level: str, side: str) -> tuple[str, str]:
    if level not in LEVELS:
        raise UnknownValueError("level (--by)", level, list(LEVELS))
    key = {
        "country": f"{side}_country",
        "sector": f"{side}_sector",
        "org": f"{side}_org",
        "parent": f"{side}_parent",
    }[level]
    label = {
        "country": f"coalesce(c_{side}.name, {side}_country)",
        "sector": f"{side}_sector",
        "org": f"{side}_name",
        "parent": f"{side}_parent_name",
    }[level]
    return key, label


def _filters(
    start: int | None,
    end: int | None,
    tier: str,
    top_venues: tuple[str, ...],
    from_org: str | None = None,
) -> tuple[str, list[Any]]:
    if tier not in FLOW_TIERS:
        raise UnknownValueError("tier", tier, list(FLOW_TIERS))
    clauses: list[str] = ["true"]
    params: list[Any] = []
    if start is not None:
        clauses.append("year >= ?")
        params.append(start)
    if end is not None:
        clauses.append("year <= ?")
        params.append(end)
    if tier != "all":
        venues = ", ".join("?" for _ in top_venues)
        oral = "AND p.presentation = 'oral'" if tier == "elite" else ""
        clauses.append(f"""person_id IN (SELECT mp.person_id FROM mention_person mp
            JOIN mentions m USING (mention_id) JOIN papers p USING (paper_id)
            WHERE p.venue IN ({venues}) AND p.decision = 'accepted' {oral})""")
        params.extend(top_venues)
    if from_org:
        clauses.append("(from_org = ? OR from_parent = ?)")
        params.extend([from_org, from_org])
    return " AND ".join(clauses), params


def flows(
    store: Store,
    by: str = "country",
    start: int | None = None,
    end: int | None = None,
    tier: str = "all",
    top_venues: tuple[str, ...] = ("neurips", "icml", "iclr"),
    min_confidence: float = 0.0,
    from_org: str | None = None,
    from_stage: str | None = None,
    topic: str | None = None,
) -> dict[str, Any]:
    """Moves aggregated by (from, to) at one level, with net flows per node; JSON-ready.
    With a topic, only the moves of the topic's pool (``analytics.pools``)."""
    with pools.registered(store, topic) as pool:
        result = _flows(
            store, by, start, end, tier, top_venues, min_confidence, from_org, from_stage, pool
        )
    return result | ({"pool": pool} if pool else {})


def _flows(
    store: Store,
    by: str,
    start: int | None,
    end: int | None,
    tier: str,
    top_venues: tuple[str, ...],
    min_confidence: float,
    from_org: str | None,
    from_stage: str | None,
    pool: dict[str, Any] | None,
) -> dict[str, Any]:
    fk, fl = _node(by, "from")
    tk, tl = _node(by, "to")
    where, params = _filters(start, end, tier, top_venues, from_org)
    where += " AND confidence >= ?"
    params.append(min_confidence)
    if from_stage:
        where += " AND from_stage = ?"
        params.append(from_stage)
    if pool:
        where += " AND " + pools.clause()
    joins = (
        "LEFT JOIN countries c_from ON c_from.code = from_country "
        "LEFT JOIN countries c_to ON c_to.code = to_country"
    )
    cells = store.query(
        f"""
        SELECT {fk} AS from_key, any_value({fl}) AS from_label, {tk} AS to_key, any_value({tl}) AS to_label,
               count(*) AS moves, count(DISTINCT person_id) AS persons, min(year) AS first_year,
               max(year) AS last_year, round(avg(confidence), 3) AS mean_confidence
        FROM moves_enriched {joins}
        WHERE {where}
        GROUP BY {fk}, {tk} ORDER BY moves DESC, from_key, to_key
    """,
        params,
    )
    net: dict[Any, dict[str, Any]] = {}
    for cell in cells:
        if cell["from_key"] == cell["to_key"]:
            continue
        for key, label, sign in (
            (cell["from_key"], cell["from_label"], -1),
            (cell["to_key"], cell["to_label"], 1),
        ):
            row = net.setdefault(
                key, {"key": key, "label": label, "inflow": 0, "outflow": 0, "net": 0}
            )
            row["inflow" if sign > 0 else "outflow"] += cell["moves"]
            row["net"] += sign * cell["moves"]
    total = store.query(f"SELECT count(*) AS n FROM moves_enriched {joins} WHERE {where}", params)[
        0
    ]["n"]
    return {
        "query": {
            "by": by,
            "from": start,
            "to": end,
            "tier": tier,
            "min_confidence": min_confidence,
            "from_org": from_org,
            "from_stage": from_stage,
        },
        "moves": total,
        "cells": cells,
        "net": sorted(net.values(), key=lambda r: (-r["net"], str(r["key"]))),
    }


def sankey(result: dict[str, Any], limit: int = 40) -> dict[str, Any]:
    """Nodes and links for a Sankey diagram (left = from, right = to; diagonal cells dropped)."""
    cells = [c for c in result["cells"] if c["from_key"] != c["to_key"]][:limit]
    nodes: dict[str, int] = {}
    names: list[dict[str, Any]] = []
    for cell in cells:
        for side in ("from", "to"):
            node = f"{side}:{cell[f'{side}_key']}"
            if node not in nodes:
                nodes[node] = len(names)
                names.append({"id": node, "label": cell[f"{side}_label"], "side": side})
    links = [
        {
            "source": nodes[f"from:{c['from_key']}"],
            "target": nodes[f"to:{c['to_key']}"],
            "value": c["moves"],
        }
        for c in cells
    ]
    return {"nodes": names, "links": links}


def poaching(
    store: Store,
    labs: tuple[str, ...] = DEFAULT_LABS,
    start: int | None = 2018,
    end: int | None = 2025,
    evidence: bool = True,
    topic: str | None = None,
) -> dict[str, Any]:
    """Lab × lab moves among parent orgs ``labs``: counts, net balance, persons per cell.
    With a topic, only the moves of the topic's pool (``analytics.pools``)."""
    with pools.registered(store, topic) as pool:
        result = _poaching(store, labs, start, end, evidence, pool)
    return result | ({"pool": pool} if pool else {})


def _poaching(
    store: Store,
    labs: tuple[str, ...],
    start: int | None,
    end: int | None,
    evidence: bool,
    pool: dict[str, Any] | None,
) -> dict[str, Any]:
    found = {
        r["org_id"]: r["name"]
        for r in store.query(
            f"SELECT org_id, name FROM orgs WHERE org_id IN ({', '.join('?' for _ in labs)})",
            list(labs),
        )
    }
    missing = sorted(set(labs) - set(found))
    if missing:
        raise UnknownValueError(
            "lab (parent org id)", missing[0], sorted(found) or list(DEFAULT_LABS)
        )
    marks = ", ".join("?" for _ in labs)
    rows = store.query(
        f"""
        SELECT from_parent, to_parent, person_id, person_name, from_org, to_org, from_year, year,
               from_mentions, to_mentions, confidence
        FROM moves_enriched
        WHERE NOT internal AND from_parent IN ({marks}) AND to_parent IN ({marks})
          {"AND " + pools.clause() if pool else ""}
          AND (year >= ? OR ? IS NULL) AND (year <= ? OR ? IS NULL)
        ORDER BY from_parent, to_parent, year, person_name
    """,
        [*labs, *labs, start, start, end, end],
    )
    cells: dict[tuple[str, str], dict[str, Any]] = {}
    for r in rows:
        cell = cells.setdefault(
            (r["from_parent"], r["to_parent"]),
            {"from": r["from_parent"], "to": r["to_parent"], "moves": 0, "people": []},
        )
        cell["moves"] += 1
        person = {
            "person_id": r["person_id"],
            "name": r["person_name"],
            "year": r["year"],
            "from_org": r["from_org"],
            "to_org": r["to_org"],
            "confidence": r["confidence"],
        }
        if evidence:
            person |= {"from_mentions": r["from_mentions"], "to_mentions": r["to_mentions"]}
        cell["people"].append(person)
    balance = []
    for lab in labs:
        inflow = sum(c["moves"] for (f, t), c in cells.items() if t == lab)
        outflow = sum(c["moves"] for (f, t), c in cells.items() if f == lab)
        balance.append(
            {
                "lab": lab,
                "name": found[lab],
                "inflow": inflow,
                "outflow": outflow,
                "net": inflow - outflow,
            }
        )
    return {
        "query": {"labs": list(labs), "from": start, "to": end},
        "labs": [{"lab": lab, "name": found[lab]} for lab in labs],
        "cells": sorted(cells.values(), key=lambda c: (-c["moves"], c["from"], c["to"])),
        "balance": sorted(balance, key=lambda b: (-b["net"], b["lab"])),
    }


def timeline(store: Store, person_id: str) -> dict[str, Any]:
    """A person's spells (with secondary orgs per year) and moves."""
    visible_person(store, person_id)
    spells = store.query(
        """
        SELECT s.org_id, o.name, o.hq_country, o.sector, s.first_year, s.last_year, s.years_seen,
               s.mentions, s.venues, s.positions, s.role
        FROM spells s JOIN orgs o USING (org_id) WHERE s.person_id = ? ORDER BY s.spell_no
    """,
        [person_id],
    )
    years = store.query(
        """
        SELECT py.year, o.name, py.is_primary, round(py.weight, 3) AS weight, py.mention_ids
        FROM person_years py JOIN orgs o USING (org_id) WHERE py.person_id = ?
        ORDER BY py.year, NOT py.is_primary, o.name
    """,
        [person_id],
    )
    moves = store.query(
        """
        SELECT from_name, to_name, from_year, year, from_stage, to_stage, sector_change, internal,
               confidence, strength, from_mentions, to_mentions
        FROM moves_enriched WHERE person_id = ? ORDER BY year
    """,
        [person_id],
    )
    return {"person_id": person_id, "spells": spells, "years": years, "moves": moves}


def evaluate_moves(store: Store) -> dict[str, Any]:
    """Moves found on resolved persons vs. moves with OpenReview ids as perfect identity, on the
    same observations (mentions that carry an OpenReview id). A found move matches a true one
    when both name the same from-org, to-org and year and share evidence on both sides."""
    truth = "(SELECT mention_id, source_person_id AS person_id FROM mentions WHERE source_person_id LIKE '~%')"
    found = (
        "(SELECT mp.mention_id, mp.person_id FROM mention_person mp JOIN mentions m USING (mention_id) "
        "WHERE m.source_person_id LIKE '~%')"
    )
    for prefix, identity in (("eval_true_", truth), ("eval_found_", found)):
        for sql in careers_sql(identity, prefix, temporary=True):
            store.execute(sql)
    match = """
        SELECT count(DISTINCT (f.person_id, f.year, f.from_org, f.to_org)) AS found_matched,
               count(DISTINCT (t.person_id, t.year, t.from_org, t.to_org)) AS true_matched
        FROM eval_found_moves f JOIN eval_true_moves t
          ON f.from_org = t.from_org AND f.to_org = t.to_org AND f.year = t.year
         AND len(list_intersect(f.from_mentions, t.from_mentions)) > 0
         AND len(list_intersect(f.to_mentions, t.to_mentions)) > 0
    """
    counts = store.query(match)[0]
    n_found = store.query("SELECT count(*) AS n FROM eval_found_moves")[0]["n"]
    n_true = store.query("SELECT count(*) AS n FROM eval_true_moves")[0]["n"]
    for prefix in ("eval_true_", "eval_found_"):
        for table in ("moves", "spells", "person_years", "observations"):
            store.execute(f"DROP TABLE IF EXISTS {prefix}{table}")
    return {
        "definition": "a move is a change of primary org between consecutive spells, not a dual "
        "affiliation nor a one-mention blip; matched on from-org, to-org, year and evidence",
        "true_moves": n_true,
        "found_moves": n_found,
        "precision": round(counts["found_matched"] / n_found, 4) if n_found else None,
        "recall": round(counts["true_matched"] / n_true, 4) if n_true else None,
    }
