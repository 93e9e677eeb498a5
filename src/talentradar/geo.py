"""Countries and the regions the trackers report (pure)."""

from __future__ import annotations

from functools import cache

import pycountry

# Europe without the United Kingdom, as in the MacroPolo tracker (the UK is reported on its own).
# China is the People's Republic: the mainland and the Hong Kong and Macau SARs (each keeps its
# own ISO code at country level); Taiwan is reported on its own.
CHINA = frozenset({"CN", "HK", "MO"})
EUROPE_EXCL_UK = frozenset(
    [
        "AL",
        "AD",
        "AT",
        "BY",
        "BE",
        "BA",
        "BG",
        "HR",
        "CY",
        "CZ",
        "DK",
        "EE",
        "FI",
        "FR",
        "DE",
        "GR",
        "HU",
        "IS",
        "IE",
        "IT",
        "XK",
        "LV",
        "LI",
        "LT",
        "LU",
        "MT",
        "MD",
        "MC",
        "ME",
        "NL",
        "MK",
        "NO",
        "PL",
        "PT",
        "RO",
        "RU",
        "SM",
        "RS",
        "SK",
        "SI",
        "ES",
        "SE",
        "CH",
        "UA",
        "VA",
    ]
)
REGIONS = ("United States", "China", "Europe (excl. UK)", "United Kingdom", "Canada", "Other")


def region(country: str | None) -> str:
    """The reporting region of an ISO alpha-2 country code."""
    if country == "US":
        return "United States"
    if country in CHINA:
        return "China"
    if country == "GB":
        return "United Kingdom"
    if country == "CA":
        return "Canada"
    if country in EUROPE_EXCL_UK:
        return "Europe (excl. UK)"
    return "Other"


@cache
def country_name(code: str | None) -> str:
    if not code:
        return "Unknown"
    country = pycountry.countries.get(alpha_2=code)
    if country is None:
        return code
    return getattr(country, "common_name", None) or country.name


def region_rows() -> list[tuple[str, str]]:
    """(country code, region) for every ISO country: a table the store can join."""
    return [(c.alpha_2, region(c.alpha_2)) for c in pycountry.countries]
