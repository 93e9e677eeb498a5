"""Layoffs: timelines by org, industry and country, and an org's layoffs beside its talent flows."""

from __future__ import annotations

from typing import Any

from talentradar.errors import UnknownValueError
from talentradar.store import Store, like_literal

GROUPS = ("org", "company", "industry", "country")
PERIODS = ("month", "quarter", "year")


def timeline(
    store: Store,
    by: str = "industry",
    period: str = "quarter",
    org: str | None = None,
    country: str | None = None,
    start: str | None = None,
    end: str | None = None,
    top: int = 10,
) -> dict[str, Any]:
    """Events and people laid off per period for the ``top`` groups; JSON-ready."""
    if by not in GROUPS:
        raise UnknownValueError("grouping (--by)", by, list(GROUPS))
    if period not in PERIODS:
        raise UnknownValueError("period", period, list(PERIODS))
    key = {
        "org": "coalesce(o.name, l.company)",
        "company": "l.company",
        "industry": "coalesce(l.industry, 'Unknown')",
        "country": "coalesce(l.country_name, 'Unknown')",
    }[by]
    where, params = ["l.date IS NOT NULL"], []
    if org:
        where.append("(l.org_id = ? OR o.root_id = ? OR l.company ILIKE ? ESCAPE '\\')")
        params += [org, org, like_literal(org)]
    if country:
        where.append("l.country = upper(?)")
        params.append(country)
    start, end = _date(start, "from"), _date(end, "to")
    if start:
        where.append("l.date >= ?")
        params.append(start)
    if end:
        where.append("l.date <= ?")
        params.append(end)
    rows = store.query(
        f"""
        WITH events AS (
            SELECT {key} AS grp, date_trunc('{period}', l.date::DATE)::DATE AS period, l.laid_off
            FROM layoffs l LEFT JOIN orgs o ON o.org_id = l.org_id WHERE {" AND ".join(where)}
        ),
        top_groups AS (SELECT grp FROM events GROUP BY 1 ORDER BY sum(coalesce(laid_off, 0)) DESC, count(*) DESC
                       LIMIT {int(top)})
        SELECT grp AS "group", period, count(*) AS events, sum(laid_off) AS laid_off,
               count(*) FILTER (WHERE laid_off IS NULL) AS events_without_count
        FROM events WHERE grp IN (SELECT grp FROM top_groups)
        GROUP BY 1, 2 ORDER BY 2, 1
    """,
        params,
    )
    for row in rows:
        row["period"] = str(row["period"])
    return {
        "query": {
            "by": by,
            "period": period,
            "org": org,
            "country": country,
            "from": start,
            "to": end,
        },
        "rows": rows,
    }


def org_layoffs(store: Store, org_id: str) -> list[dict[str, Any]]:
    """An org's (or its children's) layoff events, newest first."""
    return store.query(
        """
        SELECT l.date, l.company, l.location, l.laid_off, l.percentage, l.industry, l.source_url
        FROM layoffs l LEFT JOIN orgs o ON o.org_id = l.org_id
        WHERE l.org_id = ? OR o.root_id = ? ORDER BY l.date DESC
    """,
        [org_id, org_id],
    )


def jobs_summary(store: Store) -> dict[str, Any]:
    """Job postings by role family with salary ranges; a small 2021 sample, said so."""
    rows = store.query("""
        SELECT role_family, count(*) AS postings, count(salary_low) AS with_salary,
               median(salary_low) AS median_low, median(salary_high) AS median_high,
               count(org_id) AS mapped_to_org
        FROM jobs GROUP BY 1 ORDER BY postings DESC
    """)
    total = store.query("SELECT count(*) AS n FROM jobs")[0]["n"]
    return {
        "caveat": f"a small sample: {total} data-science and ML postings from Glassdoor (2021), "
        "not representative of the market",
        "postings": total,
        "by_role": rows,
    }


def _date(value: str | None, name: str) -> str | None:
    """``value`` when it is a real calendar date YYYY-MM-DD (2020-13-45 is refused)."""
    from datetime import date

    if value is None:
        return None
    try:
        return date.fromisoformat(value).isoformat()
    except ValueError:
        raise UnknownValueError(
            f"date ({name})", value, ["a calendar date YYYY-MM-DD, e.g. 2023-01-31"]
        ) from None
