"""Org resolution over all mentions → the ``orgs``, ``affiliations`` and ``mention_orgs`` tables."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

import pyarrow as pa

from talentradar.resolve.orgs.matcher import Resolution, resolve_mention
from talentradar.resolve.orgs.registry import Registry


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

AFFILIATION_KEYS_SQL = f"""
SELECT {", ".join(KEY_COLUMNS)}, count(*) AS mentions
FROM mentions
WHERE {" OR ".join(f"{c} IS NOT NULL" for c in KEY_COLUMNS)}
GROUP BY ALL
ORDER BY mentions DESC, {", ".join(f"{c} NULLS FIRST" for c in KEY_COLUMNS)}
"""

MENTION_ORGS_SQL = f"""
CREATE OR REPLACE TABLE mention_orgs AS
SELECT m.mention_id, a.org_id, a.weight, a.method, a.matched, a.site_country, a.hq_country
FROM mentions m
JOIN affiliation_matches a
  ON {" AND ".join(f"m.{c} IS NOT DISTINCT FROM a.{c}" for c in KEY_COLUMNS)}
ORDER BY m.rowid, a.rank
"""
"""Every mention joined to the orgs its affiliation resolved to (``affiliation_matches``)."""


def resolve_affiliations(
    reg: Registry, keys: Iterable[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(affiliation_matches rows, affiliations rows) for the distinct affiliation keys
    (KEY_COLUMNS and their ``mentions`` count): one row per matched org, weighted 1/N among
    the orgs of one key, and one row per key with its resolution."""
    matches: list[dict[str, Any]] = []
    affiliations: list[dict[str, Any]] = []
    for key in keys:
        res: Resolution = resolve_mention(reg, *(key[c] for c in KEY_COLUMNS))
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
            }
        )
    return matches, affiliations


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
AFFILIATIONS = pa.schema(
    [
        *_KEYS,
        ("mentions", pa.int64()),
        ("resolved", _B),
        ("org_ids", pa.list_(_S)),
        ("note", _S),
    ]
)
