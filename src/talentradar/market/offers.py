"""Offer comparison (pure): year-by-year and 4-year totals in one currency, vesting schedules,
and where an offer sits against the market.

An offer: base salary, sign-on bonus (paid in year 1), bonus target (a share of
base), an equity grant (its value at grant, in the offer's currency) and a
vesting schedule: ``even`` (25/25/25/25), ``back-loaded`` (5/15/40/40),
``cliff`` (nothing before month 12, then 25 % at the cliff and monthly after:
25/25/25/25 per year), or explicit yearly percentages summing to 100.
Amounts are converted with a rate table (USD per unit), which the user can
replace.
"""

from __future__ import annotations

import bisect
import csv
import io
import json
import math
from dataclasses import dataclass, field
from importlib.resources import files
from pathlib import Path
from typing import Any

from talentradar.errors import TalentRadarError, UnknownValueError

SCHEDULES = {
    "even": (25.0, 25.0, 25.0, 25.0),
    "back-loaded": (5.0, 15.0, 40.0, 40.0),
    "cliff": (25.0, 25.0, 25.0, 25.0),
}
TIER_LABELS = ("SSP", "SP", "standard")


class OfferError(TalentRadarError):
    """An offer that cannot be computed; the message names the offer and field."""


@dataclass(frozen=True)
class Offer:
    name: str
    base: float
    currency: str = "USD"
    sign_on: float = 0.0
    bonus_target: float = 0.0
    """A share of base, e.g. 0.15."""
    equity: float = 0.0
    vesting: str | tuple[float, ...] = "even"
    tier: str | None = None
    location: str | None = None
    role: str | None = None
    years_experience: float | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def schedule(offer: Offer) -> tuple[float, ...]:
    """Yearly vesting percentages; refuses a schedule that does not add up to 100."""
    if isinstance(offer.vesting, str):
        if offer.vesting not in SCHEDULES:
            raise OfferError(
                f"offer {offer.name!r}: unknown vesting {offer.vesting!r}; valid: "
                f"{', '.join(SCHEDULES)} or a list of yearly percentages"
            )
        return SCHEDULES[offer.vesting]
    shares = tuple(float(x) for x in offer.vesting)
    if any(x < 0 for x in shares) or abs(sum(shares) - 100) > 1e-6:
        raise OfferError(
            f"offer {offer.name!r}: vesting {list(shares)} must be non-negative and sum to 100 "
            f"(sums to {sum(shares):g})"
        )
    return shares


def vested_by_month(offer: Offer, month: int) -> float:
    """Share of the grant vested after ``month`` months (monthly vesting within each year;
    under ``cliff``, nothing before month 12)."""
    shares = schedule(offer)
    if offer.vesting == "cliff" and month < 12:
        return 0.0
    done = 0.0
    for year, share in enumerate(shares):
        months_in = min(max(month - 12 * year, 0), 12)
        done += share * months_in / 12
    return done / 100


def validate(offer: Offer, rates: dict[str, float]) -> None:
    for name in ("base", "sign_on", "bonus_target", "equity"):
        value = getattr(offer, name)
        if (
            isinstance(value, bool)
            or not isinstance(value, int | float)
            or not math.isfinite(value)
        ):
            raise OfferError(f"offer {offer.name!r}: {name} must be a finite number, got {value!r}")
        if value < 0:
            raise OfferError(
                f"offer {offer.name!r}: {name} must not be negative, got {getattr(offer, name)}"
            )
    if offer.currency.upper() not in rates:
        raise UnknownValueError("currency", offer.currency, sorted(rates))
    if offer.tier is not None and offer.tier not in TIER_LABELS:
        raise UnknownValueError("tier label", offer.tier, list(TIER_LABELS))
    schedule(offer)


def yearly(offer: Offer, rates: dict[str, float], to: str = "USD") -> list[dict[str, float]]:
    """Year-by-year amounts converted to ``to``: base, bonus, sign-on, equity, total."""
    validate(offer, rates)
    if to.upper() not in rates:
        raise UnknownValueError("currency", to, sorted(rates))
    factor = rates[offer.currency.upper()] / rates[to.upper()]
    out = []
    for year, share in enumerate(schedule(offer), start=1):
        parts = {
            "year": year,
            "base": offer.base,
            "bonus": offer.base * offer.bonus_target,
            "sign_on": offer.sign_on if year == 1 else 0.0,
            "equity": offer.equity * share / 100,
        }
        row = {k: (v * factor if k != "year" else v) for k, v in parts.items()}
        row["total"] = row["base"] + row["bonus"] + row["sign_on"] + row["equity"]
        out.append(row)
    return out


def percentile_of(value: float, distribution: list[float]) -> float | None:
    """Share of the distribution below ``value`` (0–100), or None without data."""
    if not distribution:
        return None
    ordered = sorted(distribution)
    return 100.0 * bisect.bisect_left(ordered, value) / len(ordered)


def compare(
    offers: list[Offer],
    rates: dict[str, float],
    to: str = "USD",
    market: dict[str, list[float]] | None = None,
    min_rows: int = 10,
) -> dict[str, Any]:
    """Every offer year by year, its 4-year total, and its year-1 total's market percentile
    (none from fewer than ``min_rows`` market rows, as for the benchmarks)."""
    names = [o.name for o in offers]
    if len(set(names)) != len(names):
        raise OfferError(f"offer names must be unique, got {names}")
    rows: list[dict[str, Any]] = []
    for offer in offers:
        years = yearly(offer, rates, to)
        dist = (market or {}).get(offer.name, [])
        rows.append(
            {
                "offer": offer.name,
                "tier": offer.tier,
                "currency": to.upper(),
                "years": years,
                "four_year_total": sum(y["total"] for y in years),
                "first_year_total": years[0]["total"],
                "market_percentile": percentile_of(years[0]["total"], dist)
                if to.upper() == "USD" and len(dist) >= min_rows
                else None,
                "market_rows": len(dist),
            }
        )
    best = max(rows, key=lambda r: r["four_year_total"])["offer"] if rows else None
    return {"currency": to.upper(), "offers": rows, "highest_four_year_total": best}


def default_rates() -> dict[str, float]:
    text = files("talentradar.data").joinpath("market/fx_rates.csv").read_text(encoding="utf-8")
    return read_rates(text, "fx_rates.csv")


def read_rates(text: str, where: str) -> dict[str, float]:
    rates: dict[str, float] = {}
    for line, row in enumerate(csv.DictReader(io.StringIO(text)), start=2):
        try:
            value = float(row["usd_per_unit"])
        except (KeyError, ValueError):
            raise TalentRadarError(f"{where} line {line}: usd_per_unit must be a number") from None
        if value <= 0:
            raise TalentRadarError(f"{where} line {line}: usd_per_unit must be positive")
        rates[row["currency"].strip().upper()] = value
    return rates


def read_offers(path: Path) -> list[Offer]:
    """Offers from a JSON file: a list of objects (fields as Offer; vesting a name or a list)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError, UnicodeDecodeError) as exc:
        raise TalentRadarError(f"{path}: cannot read offers ({exc})") from None
    return parse_offers(data, str(path))


def parse_offers(data: Any, where: str) -> list[Offer]:
    """Offers from parsed JSON: a list of objects; ``where`` names the input in errors."""
    if not isinstance(data, list) or not all(isinstance(o, dict) for o in data):
        raise TalentRadarError(f"{where}: expected a JSON list of offer objects")
    offers = []
    known = set(Offer.__dataclass_fields__) - {"extra"}
    for i, item in enumerate(data):
        unknown = sorted(set(item) - known)
        if unknown or "name" not in item or "base" not in item:
            raise OfferError(
                f"{where}: offer {i + 1}: needs name and base; unknown fields {unknown}; "
                f"valid: {', '.join(sorted(known))}"
            )
        vesting = item.get("vesting", "even")
        item = {**item, "vesting": tuple(vesting) if isinstance(vesting, list) else vesting}
        try:
            offers.append(Offer(**item))
        except TypeError as exc:
            raise OfferError(f"{where}: offer {i + 1}: {exc}") from None
        _check_amounts(item, f"{where}: offer {i + 1}")
    return offers


AMOUNT_LIMITS = {
    "base": 1e10,
    "sign_on": 1e10,
    "equity": 1e11,
    "bonus_target": 10.0,
    "years_experience": 80.0,
}
"""The largest value each number of an offer may take (amounts in the offer's currency; the
bonus target a share of base); every one is a finite number ≥ 0."""


def _check_amounts(item: dict[str, Any], where: str) -> None:
    for name, limit in AMOUNT_LIMITS.items():
        value = item.get(name)
        if value is None and name == "years_experience":
            continue
        if name not in item:
            continue
        number = value if isinstance(value, int | float) and not isinstance(value, bool) else None
        if number is None or not math.isfinite(number) or not 0 <= number <= limit:
            raise OfferError(f"{where}: {name} must be a number from 0 to {limit:g}, got {value!r}")
