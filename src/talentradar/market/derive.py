"""Market records → ``comp``, ``layoffs`` and ``jobs`` tables, mapped to orgs (pure + SQL)."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import pyarrow as pa

from talentradar.geo import country_name
from talentradar.model import Record
from talentradar.resolve.orgs.matcher import resolve_company
from talentradar.resolve.orgs.registry import Registry
from talentradar.resolve.orgs.text import country_code

ROLE_RULES = (  # first match wins; (family, title pattern, tag pattern)
    ("research scientist", r"research scien|applied scien|research engineer", None),
    ("ML/AI engineer", r"machine learning|\bml\b|\bai\b|deep learning", None),
    ("ML/AI engineer", r"software engineer", r"ml / ai|machine learning"),
    ("data scientist", r"data scien", None),
    ("engineering manager", r"engineering manager|software engineering manager", None),
    ("software engineer", r"software engineer|developer|swe", None),
    ("hardware engineer", r"hardware", None),
    ("product manager", r"product manager|program manager", None),
)
ROLE_FAMILIES = tuple(dict.fromkeys([r[0] for r in ROLE_RULES] + ["other"]))
YOE_BANDS = ((0, 1), (2, 4), (5, 9), (10, 14), (15, 99))
_US_STATE = re.compile(r"^[A-Z]{2}$")


def role_family(title: str | None, tag: str | None = None) -> str:
    t, g = (title or "").lower(), (tag or "").lower()
    for family, title_pattern, tag_pattern in ROLE_RULES:
        if re.search(title_pattern, t) and (tag_pattern is None or re.search(tag_pattern, g)):
            return family
    return "other"


def yoe_band(years: float | None) -> str | None:
    if years is None:
        return None
    for lo, hi in YOE_BANDS:
        if lo <= years <= hi + 0.999:
            return f"{lo}-{hi}" if hi < 99 else f"{lo}+"
    return None


def location_parts(location: str | None) -> tuple[str | None, str | None]:
    """(ISO country, metro) of "Seattle, WA" (US state → US) or "Bangalore, KA, India"."""
    if not location:
        return None, None
    parts = [p.strip() for p in location.split(",") if p.strip()]
    metro = parts[0] if parts else None
    if len(parts) >= 2 and _US_STATE.match(parts[-1]):
        return "US", metro
    code = country_code(parts[-1]) if parts else None
    return code, metro


SHORT_NAME = 5
"""A market company name of one word this short ("Air", "Bolt") is often also an acronym of a
lab or an institute; it names an org only when that org is a company."""


def company_org(registry: Registry, name: str, country: str | None) -> str | None:
    """The org of an employer named by market data: :func:`resolve_company`, except that a
    short one-word name never settles on a university, lab or agency through its acronym (a
    layoff at a company called "Air" is not Tsinghua's)."""
    org_id = resolve_company(registry, name, country)
    if org_id is None:
        return None
    short = len(name.split()) == 1 and len(name.strip()) <= SHORT_NAME
    if short and registry.orgs[org_id].sector != "industry":
        return None
    return org_id


def comp_rows(records: Iterable[Record], registry: Registry) -> list[dict[str, Any]]:
    rows = []
    for record in records:
        p = record.payload
        country, metro = location_parts(p.get("location"))
        total = p.get("totalyearlycompensation") or p.get("total")
        if total is None and p.get("base") is not None:
            total = sum(p.get(k) or 0.0 for k in ("base", "stock", "bonus"))
        org_id = company_org(registry, p["company"], country) if p.get("company") else None
        rows.append(
            {
                "row_id": record.record_id,
                "source": record.source,
                "company": p.get("company"),
                "org_id": org_id,
                "title": p.get("title"),
                "role_family": role_family(p.get("title"), p.get("tag")),
                "total": total,
                "base": p.get("base"),
                "stock": p.get("stock"),
                "bonus": p.get("bonus"),
                "level": p.get("level"),
                "currency": (p.get("currency") or "USD").upper(),
                "location": p.get("location"),
                "country": country,
                "metro": metro,
                "years_experience": p.get("yearsofexperience"),
                "yoe_band": yoe_band(p.get("yearsofexperience")),
                "years_at_company": p.get("yearsatcompany"),
                "date": p.get("date"),
            }
        )
    return rows


def layoff_rows(records: Iterable[Record], registry: Registry) -> list[dict[str, Any]]:
    rows = []
    for record in records:
        p = record.payload
        code = country_code(p.get("country"))
        rows.append(
            {
                "event_id": record.record_id,
                "company": p.get("company"),
                "org_id": company_org(registry, p["company"], code) if p.get("company") else None,
                "location": p.get("location"),
                "country": code,
                "country_name": country_name(code) if code else None,
                "date": p.get("date"),
                "laid_off": p.get("total_laid_off"),
                "percentage": p.get("percentage_laid_off"),
                "industry": p.get("industry"),
                "stage": p.get("stage"),
                "source_url": p.get("source"),
            }
        )
    return rows


_SALARY = re.compile(r"\$(\d+)K\s*-\s*\$(\d+)K")


def job_rows(records: Iterable[Record], registry: Registry) -> list[dict[str, Any]]:
    rows = []
    for record in records:
        p = record.payload
        company = (p.get("Company Name") or "").split("\n")[0].strip() or None
        country, metro = location_parts(p.get("Location"))
        match = _SALARY.search(p.get("Salary Estimate") or "")
        rows.append(
            {
                "job_id": record.record_id,
                "title": p.get("Job Title"),
                "company": company,
                "org_id": company_org(registry, company, country) if company else None,
                "location": p.get("Location"),
                "country": country,
                "metro": metro,
                "salary_low": float(match[1]) * 1000 if match else None,
                "salary_high": float(match[2]) * 1000 if match else None,
                "role_family": role_family(p.get("Job Title")),
                "size": p.get("Size"),
                "sector": p.get("Sector"),
                "industry": p.get("Industry"),
            }
        )
    return rows


def _schema(columns: str, numbers: str) -> pa.Schema:
    """Columns (space-separated) as strings, but ``numbers`` as doubles."""
    floats = set(numbers.split())
    return pa.schema([(c, pa.float64() if c in floats else pa.string()) for c in columns.split()])


COMP = _schema(
    "row_id source company org_id title role_family total base stock bonus level currency "
    "location country metro years_experience yoe_band years_at_company date",
    numbers="total base stock bonus years_experience years_at_company",
)
LAYOFFS = _schema(
    "event_id company org_id location country country_name date laid_off percentage industry "
    "stage source_url",
    numbers="laid_off percentage",
)
JOBS = _schema(
    "job_id title company org_id location country metro salary_low salary_high role_family "
    "size sector industry",
    numbers="salary_low salary_high",
)
