"""Org resolution over all mentions → the ``orgs``, ``affiliations`` and ``mention_orgs`` tables."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyarrow as pa

from talentradar.resolve.orgs.matcher import Resolution, resolve_mention
from talentradar.resolve.orgs.registry import Registry
from talentradar.resolve.orgs.text import countries_in
from talentradar.store import Store


def org_rows(reg: Registry, used: set[str]) -> list[dict[str, Any]]:
    """The orgs table: every curated org and every registry org some mention resolved to."""
    keep = set(used) | {o.org_id for o in reg.orgs.values() if o.source not in ("hipo", "ror")}
    keep |= {a for org_id in list(keep) for a in reg.ancestors(org_id)}
    return [
        {
            "org_id": o.org_id,
            "name": o.name,
            "sector": o.sector,
            "country": o.country,
            "hq_country": reg.hq_country(o.org_id),
            "parent_id": o.parent_id,
            "root_id": reg.root(o.org_id),
            "registry": o.source if o.source in ("hipo", "ror") else "curated",
            "source": o.source,
        }
        for o in (reg.orgs[i] for i in sorted(keep))
    ]


KEY_COLUMNS = ("affiliation", "email_domain", "affiliation_norm", "country_hint")
"""What a mention says of its org; mentions saying the same are resolved once."""
_COLUMNS = ", ".join(KEY_COLUMNS)

AFFILIATION_KEYS_SQL = f"""
SELECT {", ".join(KEY_COLUMNS)}, count(*) AS mentions
FROM (
    SELECT {", ".join(KEY_COLUMNS)} FROM mentions
    WHERE {" OR ".join(f"{c} IS NOT NULL" for c in KEY_COLUMNS)}
    UNION ALL
    SELECT unnest(affiliations) AS affiliation, NULL, NULL, NULL FROM papers
)
GROUP BY ALL
ORDER BY mentions DESC, {", ".join(f"{c} NULLS FIRST" for c in KEY_COLUMNS)}
"""
"""Every distinct affiliation key of the mentions and of the papers' paper-level lists."""

MENTION_ORGS_SQL = f"""
CREATE OR REPLACE TABLE mention_orgs AS
SELECT m.mention_id, a.org_id, a.weight, coalesce(m.placement, 'exact') AS method,
       a.method || ': ' || a.matched AS matched, a.site_country, a.hq_country
FROM mentions m
JOIN affiliation_matches a
  ON {" AND ".join(f"m.{c} IS NOT DISTINCT FROM a.{c}" for c in KEY_COLUMNS)}
ORDER BY m.rowid, a.rank
"""
"""Every mention joined to the orgs its own affiliation or domain resolved to
(``affiliation_matches``). ``method`` says how the affiliation was placed on the author (exact,
aligned); ``matched`` how the string matched (curated | hipo | ror | domain: the alias)."""

PAPER_ORGS_SQL = """
CREATE OR REPLACE TABLE paper_orgs AS
WITH listed AS (
    SELECT paper_id, unnest(affiliations) AS affiliation FROM papers WHERE len(affiliations) > 0
),
strings AS (SELECT paper_id, count(DISTINCT affiliation) AS strings FROM listed GROUP BY 1),
matched AS (
    SELECT l.paper_id, a.org_id, any_value(a.site_country) AS site_country,
           any_value(a.hq_country) AS hq_country, min(l.affiliation) AS affiliation
    FROM listed l JOIN affiliation_matches a
      ON a.affiliation = l.affiliation AND a.email_domain IS NULL
     AND a.affiliation_norm IS NULL AND a.country_hint IS NULL
    GROUP BY 1, 2
),
resolved AS (
    SELECT l.paper_id, count(DISTINCT l.affiliation) AS resolved_strings
    FROM listed l SEMI JOIN affiliation_matches a
      ON a.affiliation = l.affiliation AND a.email_domain IS NULL
     AND a.affiliation_norm IS NULL AND a.country_hint IS NULL
    GROUP BY 1
)
SELECT m.paper_id, m.org_id, 1.0 / count(*) OVER (PARTITION BY m.paper_id) AS weight,
       m.site_country, m.hq_country, m.affiliation, s.strings,
       coalesce(r.resolved_strings, 0) AS resolved_strings
FROM matched m JOIN strings s USING (paper_id) LEFT JOIN resolved r USING (paper_id)
ORDER BY m.paper_id, m.org_id
"""
"""Each paper's org set from its paper-level list (1/N weight over the paper's orgs);
``strings``/``resolved_strings``: how many distinct strings the list has and how many resolved."""


def resolve_affiliations(
    reg: Registry, keys: Iterable[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(affiliation_matches rows, affiliations rows) for the distinct affiliation keys
    (KEY_COLUMNS and their ``mentions`` count): one row per matched org, weighted 1/N among
    the orgs of one key, and one row per key with its resolution."""
    matches: list[dict[str, Any]] = []
    affiliations: list[dict[str, Any]] = []
    seen: dict[Any, Resolution] = {}
    for key in keys:
        res: Resolution = resolve_mention(
            reg,
            key["affiliation"],
            key["email_domain"],
            key["affiliation_norm"],
            key["country_hint"],
            seen=seen,
        )
        weight = 1.0 / len(res.matches) if res.matches else 0.0
        for rank, match in enumerate(res.matches):
            matches.append(
                {
                    **{c: key[c] for c in KEY_COLUMNS},
                    "rank": rank,
                    "org_id": match.org_id,
                    "weight": weight,
                    "method": match.method,
                    "matched": match.matched,
                    "site_country": match.site_country or reg.orgs[match.org_id].country,
                    "hq_country": reg.hq_country(match.org_id),
                }
            )
        affiliations.append(
            {
                **{c: key[c] for c in KEY_COLUMNS},
                "mentions": key["mentions"],
                "resolved": bool(res.matches),
                "org_ids": [x.org_id for x in res.matches],
                "note": res.note,
                "named_country": _named_country(key["affiliation"]) if not res.matches else None,
            }
        )
    return matches, affiliations


def _named_country(text: str | None) -> str | None:
    """The one country an unresolved string names ("Pazhou Lab, Guangzhou, China" → CN)."""
    found = countries_in(text) if text else set()
    return next(iter(found)) if len(found) == 1 else None


_S, _F, _B = pa.string(), pa.float64(), pa.bool_()
_KEYS = [(c, _S) for c in KEY_COLUMNS]
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
AFFILIATION_MATCHES = pa.schema(
    [
        *_KEYS,
        ("rank", pa.int32()),
        ("org_id", _S),
        ("weight", _F),
        ("method", _S),
        ("matched", _S),
        ("site_country", _S),
        ("hq_country", _S),
    ]
)
AFFILIATION_KEYS = pa.schema([*_KEYS, ("mentions", pa.int64())])
AFFILIATIONS = pa.schema(
    [
        *_KEYS,
        ("mentions", pa.int64()),
        ("resolved", _B),
        ("org_ids", pa.list_(_S)),
        ("note", _S),
        ("named_country", _S),
    ]
)


def key_of(row: dict[str, Any]) -> tuple[Any, ...]:
    return tuple(row[c] for c in KEY_COLUMNS)


def known_keys(store: Store, previous: str) -> set[tuple[Any, ...]]:
    """The affiliation keys the previous radar (attached as ``previous``) resolved."""
    if store.relations(previous).get("affiliation_matches") != "table":
        return set()
    return {key_of(r) for r in store.query(f"SELECT {_COLUMNS} FROM {previous}.affiliations")}


def add_known(store: Store, previous: str, keys: list[dict[str, Any]]) -> None:
    """The previous radar's resolutions of this build's keys added to ``affiliations`` (counted
    afresh) and ``affiliation_matches``, both in the order a build from nothing writes."""
    store.register("affiliation_keys", pa.Table.from_pylist(keys, schema=AFFILIATION_KEYS))
    on = " AND ".join(f"p.{c} IS NOT DISTINCT FROM k.{c}" for c in KEY_COLUMNS)
    order = ", ".join(f"k.{c} NULLS FIRST" for c in KEY_COLUMNS)
    try:  # one CREATE ... AS each (see kept.add_kept)
        store.execute(
            "CREATE OR REPLACE TABLE affiliations AS SELECT * FROM (SELECT * FROM affiliations "
            f"UNION ALL BY NAME SELECT {', '.join(f'p.{c}' for c in KEY_COLUMNS)}, "
            "k.mentions, p.resolved, p.org_ids, p.note, p.named_country "
            f"FROM {previous}.affiliations p JOIN affiliation_keys k ON {on}) k "
            f"ORDER BY k.mentions DESC, {order}"
        )
        store.execute(
            "CREATE OR REPLACE TABLE affiliation_matches AS SELECT p.* FROM ("
            "SELECT * FROM affiliation_matches UNION ALL BY NAME SELECT p.* "
            f"FROM {previous}.affiliation_matches p SEMI JOIN affiliation_keys k ON {on}) p "
            f"JOIN affiliation_keys k ON {on} ORDER BY k.mentions DESC, {order}, p.rank"
        )
    finally:
        store.unregister("affiliation_keys")
