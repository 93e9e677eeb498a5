"""Compensation benchmarks: percentiles of total yearly compensation, with sample sizes.

Percentiles are linear-interpolated (as NumPy's default) over the rows of a
group; a group with fewer than ``min_rows`` rows gets no percentiles, only its
count and the reason.
"""

from __future__ import annotations

from typing import Any

from talentradar.errors import UnknownValueError
from talentradar.market.derive import ROLE_FAMILIES, location_parts
from talentradar.market.offers import Offer
from talentradar.store import Store, like_literal

PERCENTILES = (10, 25, 50, 75, 90)
DIMENSIONS = ("org", "role", "yoe_band", "country", "metro")
_COLUMN = {
    "org": "coalesce(c.org_id, 'unmapped:' || c.company)",
    "role": "c.role_family",
    "yoe_band": "c.yoe_band",
    "country": "c.country",
    "metro": "c.metro",
}
MIN_ROWS = 10


def parse_yoe(value: str | None) -> tuple[float, float] | None:
    """A years-of-experience range: "2-5", "10-" (10 or more) or "3" (exactly)."""
    if not value:
        return None
    lo, sep, hi = value.partition("-")
    try:
        low, high = (float(lo), float(hi) if hi else 99.0) if sep else (float(lo), float(lo))
    except ValueError:
        raise UnknownValueError("years-of-experience range", value, ["2-5", "10-", "3"]) from None
    if not 0 <= low <= high:
        raise UnknownValueError("years-of-experience range", value, ["2-5", "10-", "3"])
    return low, high


def benchmarks(
    store: Store,
    org: str | None = None,
    role: str | None = None,
    yoe: tuple[float, float] | None = None,
    location: str | None = None,
    by: tuple[str, ...] = ("org", "role"),
    min_rows: int = MIN_ROWS,
) -> dict[str, Any]:
    for dimension in by:
        if dimension not in DIMENSIONS:
            raise UnknownValueError("dimension (--by)", dimension, list(DIMENSIONS))
    where, params = _market_rows(role, yoe)
    if org:
        where.append("(c.org_id = ? OR o.root_id = ? OR c.company ILIKE ? ESCAPE '\\')")
        params += [org, org, like_literal(org)]
    if location:
        where.append(
            "(c.country = upper(?) OR c.metro ILIKE ? ESCAPE '\\' "
            "OR c.location ILIKE '%' || ? || '%' ESCAPE '\\')"
        )
        params += [location, like_literal(location), like_literal(location)]
    keys = [f"{_COLUMN[d]} AS {d}" for d in by]
    quantiles = ", ".join(f"quantile_cont(c.total, {p / 100}) AS p{p}" for p in PERCENTILES)
    rows = store.query(
        f"""
        SELECT {", ".join(keys)}, count(*) AS n, {quantiles}, avg(c.total) AS mean
        FROM comp c LEFT JOIN orgs o ON o.org_id = c.org_id
        WHERE {" AND ".join(where)}
        GROUP BY ALL ORDER BY n DESC
    """,
        params,
    )
    for row in rows:
        if row["n"] < min_rows:
            for p in PERCENTILES:
                row[f"p{p}"] = None
            row["mean"] = None
            row["note"] = f"fewer than {min_rows} rows: no percentiles"
        else:
            row["note"] = ""
    return {
        "query": {
            "org": org,
            "role": role,
            "yoe": list(yoe) if yoe else None,
            "location": location,
            "by": list(by),
            "min_rows": min_rows,
        },
        "measure": "total yearly compensation, USD, self-reported",
        "rows": rows,
    }


def distribution(
    store: Store, role: str | None, yoe: tuple[float, float] | None, country: str | None
) -> list[float]:
    """The totals a new offer is compared with (same role family, experience and country)."""
    where, params = _market_rows(role, yoe)
    if country:
        where.append("c.country = ?")
        params.append(country)
    return [
        r["total"]
        for r in store.query(f"SELECT c.total FROM comp c WHERE {' AND '.join(where)}", params)
    ]


def _market_rows(role: str | None, yoe: tuple[float, float] | None) -> tuple[list[str], list[Any]]:
    """Conditions on ``comp c`` shared by benchmarks and offer placement: USD totals of a role
    family and an experience range."""
    where = ["c.total IS NOT NULL", "c.currency = 'USD'"]
    params: list[Any] = []
    if role:
        where.append("c.role_family = ?")
        params.append(role)
    if yoe:
        where.append("c.years_experience BETWEEN ? AND ?")
        params += [yoe[0], yoe[1]]
    return where, params


def offer_markets(store: Store, offers: list[Offer]) -> dict[str, list[float]]:
    """For each offer (by name), the market totals of its role, experience (±1 year) and country."""
    markets = {}
    for offer in offers:
        if offer.role is not None and offer.role not in ROLE_FAMILIES:
            raise UnknownValueError(
                f"role family of offer {offer.name!r}", offer.role, list(ROLE_FAMILIES)
            )
        yoe = (
            (offer.years_experience - 1, offer.years_experience + 1)
            if offer.years_experience is not None
            else None
        )
        country = location_parts(offer.location)[0]
        markets[offer.name] = distribution(store, offer.role, yoe, country)
    return markets


def mapping_coverage(store: Store, table: str = "comp", top: int = 200) -> dict[str, Any]:
    """Of the rows of the ``top`` companies by row count, the share mapped to an org; unmapped listed."""
    if table not in ("comp", "layoffs", "jobs"):
        raise UnknownValueError("table", table, ["comp", "layoffs", "jobs"])
    rows = store.query(f"""
        WITH companies AS (
            SELECT company, count(*) AS n, count(org_id) AS mapped, any_value(org_id) AS org_id
            FROM {table} WHERE company IS NOT NULL GROUP BY 1 ORDER BY n DESC, company LIMIT {int(top)}
        )
        SELECT * FROM companies ORDER BY n DESC, company
    """)
    total = sum(r["n"] for r in rows)
    mapped = sum(r["mapped"] for r in rows)
    return {
        "table": table,
        "companies": len(rows),
        "rows": total,
        "mapped_rows": mapped,
        "share": mapped / total if total else None,
        "unmapped": [
            {"company": r["company"], "rows": r["n"], "unmapped_rows": r["n"] - r["mapped"]}
            for r in rows
            if r["mapped"] < r["n"]
        ],
    }
