"""Org resolution over all mentions → the ``orgs``, ``affiliations`` and ``mention_orgs`` tables."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from talentradar.resolve.orgs.matcher import Resolution, resolve_mention
from talentradar.resolve.orgs.registry import Registry

AffiliationKey = tuple[str | None, str | None, str | None, str | None]


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


def resolve_mentions(
    reg: Registry, mentions: Iterable[dict[str, Any]]
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """(mention_orgs rows, affiliations rows). Each distinct affiliation is resolved once."""
    cache: dict[AffiliationKey, Resolution] = {}
    counts: dict[AffiliationKey, int] = {}
    links: list[dict[str, Any]] = []
    for m in mentions:
        key = (m["affiliation"], m["email_domain"], m["affiliation_norm"], m["country_hint"])
        if key == (None, None, None, None):
            continue
        counts[key] = counts.get(key, 0) + 1
        res = cache.get(key)
        if res is None:
            res = cache[key] = resolve_mention(reg, *key)
        weight = 1.0 / len(res.matches) if res.matches else 0.0
        for match in res.matches:
            links.append(
                {
                    "mention_id": m["mention_id"],
                    "org_id": match.org_id,
                    "weight": weight,
                    "method": match.method,
                    "matched": match.matched,
                    "site_country": match.site_country or reg.orgs[match.org_id].country,
                    "hq_country": reg.hq_country(match.org_id),
                    "inferred": False,
                }
            )
    affiliations = [
        {
            "affiliation": k[0],
            "email_domain": k[1],
            "affiliation_norm": k[2],
            "country_hint": k[3],
            "mentions": counts[k],
            "resolved": bool(r.matches),
            "org_ids": [x.org_id for x in r.matches],
            "note": r.note,
        }
        for k, r in cache.items()
    ]
    return links, affiliations
