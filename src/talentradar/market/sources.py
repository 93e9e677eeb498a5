"""Market data sources: levels-style compensation CSV, layoffs CSV, job postings CSV.

Each connector discovers its files, reads a path or URL, and parses rows into
raw records (checked: numbers are numbers, pay is not negative, dates are
dates) or quarantine entries naming the field and what is valid. A generic
compensation importer reads a user's own CSV through a column mapping.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from datetime import date, datetime
from pathlib import Path
from typing import Any

from talentradar.errors import SourceError
from talentradar.model import Quarantined, Record, SourceFile
from talentradar.sources.fetch import (
    checksum,
    is_url,
    join_location,
    read_bytes,
    read_text,
    stable_id,
)

Check = Callable[[str], Any]


def number(minimum: float | None = 0.0) -> Check:
    def check(value: str) -> float | None:
        if value.strip() in ("", "NA", "nan", "-1"):
            return None
        try:
            parsed = float(value.replace(",", ""))
        except ValueError:
            raise ValueError(f"expected a number, got {value!r}") from None
        if minimum is not None and parsed < minimum:
            raise ValueError(f"must be ≥ {minimum:g}, got {parsed:g}")
        return parsed

    return check


def us_date(value: str) -> str | None:
    if not value.strip():
        return None
    try:
        return datetime.strptime(value.strip(), "%m/%d/%Y").date().isoformat()
    except ValueError:
        raise ValueError(f"expected a date M/D/YYYY, got {value!r}") from None


def iso_date(value: str) -> str | None:
    if not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip()[:10]).isoformat()
    except ValueError:
        raise ValueError(f"expected a date YYYY-MM-DD, got {value!r}") from None


def text(value: str) -> str | None:
    return value.strip() or None


@dataclass(frozen=True)
class CsvSource:
    """One CSV layout: the required columns, per-column checks, and where files live."""

    name: str
    folder: str
    pattern: str
    delimiter: str
    required: tuple[str, ...]
    checks: dict[str, Check] = field(default_factory=dict)
    canonical_url: str = ""
    rename: dict[str, str] = field(default_factory=dict)
    """Their column → our column (the generic importer's mapping)."""

    def discover(self, root: str) -> list[str]:
        if is_url(root):
            return [root]
        base = Path(root)
        if base.is_file():
            return [str(base)]
        if not base.is_dir():  # market data is optional: no folder, no rows
            return []
        return [str(p) for p in sorted(base.glob(self.pattern))]

    def file_for(self, location: str) -> SourceFile:
        return SourceFile(source=self.name, location=location, venue=self.name, year=0)

    def read(self, file: SourceFile) -> bytes:
        return read_bytes(file.location)

    def parse(self, file: SourceFile, data: bytes) -> Iterator[Record | Quarantined]:
        content = read_text(file.location, data)
        if not content.strip():
            raise SourceError(file.location, "empty file (expected a CSV with a header row)")
        reader = csv.DictReader(io.StringIO(content), delimiter=self.delimiter)
        missing = [c for c in self.required if c not in (reader.fieldnames or [])]
        if missing:
            raise SourceError(
                file.location, f"missing columns {missing}; found {reader.fieldnames}"
            )
        stem = file.location.replace("\\", "/").rsplit("/", 1)[-1]
        for line, row in enumerate(reader, start=2):
            key = f"{stem}:{line}"
            try:
                payload = {
                    self.rename.get(k, k): self.checks.get(k, text)(v or "")
                    for k, v in row.items()
                    if k
                }
            except ValueError as exc:
                column = next(
                    k for k, v in row.items() if k and _fails(self.checks.get(k, text), v or "")
                )
                yield Quarantined(
                    source=self.name,
                    location=file.location,
                    source_key=key,
                    field=column,
                    reason=str(exc),
                    payload=repr(row)[:2000],
                )
                continue
            yield Record(
                record_id=stable_id(self.name, key),
                source=self.name,
                source_key=key,
                location=file.location,
                venue=self.name,
                year=0,
                payload=payload,
                checksum=checksum(payload),
            )


def _fails(check: Check, value: str) -> bool:
    try:
        check(value)
    except ValueError:
        return True
    return False


COMPENSATION = CsvSource(
    name="compensation",
    folder="compensation",
    pattern="*.csv",
    delimiter=";",
    required=("company", "title", "totalyearlycompensation", "location", "yearsofexperience"),
    checks={
        "totalyearlycompensation": number(0),
        "yearsofexperience": number(0),
        "yearsatcompany": number(0),
    },
    canonical_url="https://raw.githubusercontent.com/jotaka1979/DataSets (levels.fyi Kaggle mirror)",
)
LAYOFFS = CsvSource(
    name="layoffs",
    folder="layoffs",
    pattern="*.csv",
    delimiter=",",
    required=("company", "location", "total_laid_off", "date", "industry", "country"),
    checks={
        "total_laid_off": number(0),
        "percentage_laid_off": number(0),
        "date": us_date,
        "date_added": us_date,
        "funds_raised": number(None),
    },
    canonical_url="https://raw.githubusercontent.com/databyab/Layoff-Analysis-2020-2026/main",
)
JOBS = CsvSource(
    name="jobs",
    folder="jobs",
    pattern="*.csv",
    delimiter=",",
    required=("Job Title", "Company Name", "Location", "Salary Estimate"),
    checks={"Rating": number(None), "Founded": number(None)},
    canonical_url="https://raw.githubusercontent.com/ZainFaridhony/glassdoor-jobs-data-cleaning/main",
)
MARKET_SOURCES = {s.name: s for s in (COMPENSATION, LAYOFFS, JOBS)}

# A user's own compensation CSV: these target columns; the mapping says which source column fills each.
IMPORT_COLUMNS = (
    "company",
    "title",
    "total",
    "base",
    "stock",
    "bonus",
    "level",
    "location",
    "yearsofexperience",
    "date",
    "currency",
)


def import_source(mapping: dict[str, str], delimiter: str = ",") -> CsvSource:
    """A compensation source for a user's CSV; ``mapping`` is target column → their column."""
    unknown = sorted(set(mapping) - set(IMPORT_COLUMNS))
    if unknown:
        raise SourceError(
            "--map", f"unknown target columns {unknown}; valid: {', '.join(IMPORT_COLUMNS)}"
        )
    for needed in ("company", "title"):
        if needed not in mapping:
            raise SourceError("--map", f"the mapping needs {needed}=<your column>")
    if "total" not in mapping and "base" not in mapping:
        raise SourceError("--map", "the mapping needs total=<column> or base=<column>")
    checks: dict[str, Check] = {}
    for target in ("total", "base", "stock", "bonus", "yearsofexperience"):
        if target in mapping:
            checks[mapping[target]] = number(0)
    if "date" in mapping:
        checks[mapping["date"]] = iso_date
    return CsvSource(
        name="compensation_import",
        folder="",
        pattern="*.csv",
        delimiter=delimiter,
        required=tuple(mapping.values()),
        checks=checks,
        rename={theirs: ours for ours, theirs in mapping.items()},
    )


def market_root(data_dir: str, source: CsvSource) -> str:
    return join_location(data_dir, source.folder)
