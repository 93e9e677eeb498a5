"""Affiliation text: tokens, segments and country mentions (pure)."""

from __future__ import annotations

import re
from functools import cache

import pycountry

from talentradar.normalise import fold

_TOKEN = re.compile(r"[a-z0-9]+")
# Boundaries inside one affiliation string: strong ones separate orgs ("A; B", "A & B"),
# weak ones separate the parts of one org's address ("Dept. X, Univ. Y, City").
_STRONG = re.compile(r"[;/|+]| & | and ")
_WEAK = re.compile(r"[,()\[\]]| - | at ")
_EXPAND = {
    "univ": "university",
    "inst": "institute",
    "dept": "department",
    "natl": "national",
    "centre": "center",
    "ctr": "center",
    "lab": "laboratory",
    "labs": "laboratories",
    "technol": "technology",
    "acad": "academy",
    "sci": "science",
    "co": "company",
    "corp": "corporation",
    "inc": "",
    "ltd": "",
    "llc": "",
    "gmbh": "",
    "the": "",
    "and": "",
    "at": "",
    "st": "saint",
}
# Words that say what kind of body something is, not which one.
GENERIC = frozenset(
    [
        "university",
        "universities",
        "institute",
        "institutes",
        "college",
        "school",
        "department",
        "faculty",
        "center",
        "laboratory",
        "laboratories",
        "research",
        "science",
        "sciences",
        "technology",
        "technologies",
        "engineering",
        "national",
        "international",
        "state",
        "of",
        "for",
        "and",
        "in",
        "the",
        "on",
        "at",
        "de",
        "la",
        "des",
        "du",
        "der",
        "fur",
        "und",
        "di",
        "e",
        "computer",
        "computing",
        "data",
        "ai",
        "artificial",
        "intelligence",
        "machine",
        "learning",
        "group",
        "team",
        "division",
        "company",
        "corporation",
        "foundation",
        "academy",
        "hospital",
        "medical",
        "medicine",
        "health",
        "graduate",
        "program",
        "applied",
        "advanced",
        "studies",
        "study",
        "system",
        "systems",
        "information",
        "informatics",
        "physics",
        "mathematics",
        "statistics",
        "electrical",
        "electronic",
        "electronics",
        "key",
        "lab",
        "new",
        "city",
        "central",
        "federal",
        "polytechnic",
        "technical",
        "royal",
        "higher",
        "education",
        "public",
        "general",
        "global",
        "world",
        "ministry",
        "council",
        "agency",
        "office",
        "bureau",
        "society",
        "association",
        "services",
        "service",
        "solutions",
        "network",
        "networks",
        "software",
        "digital",
        "intelligent",
        "robotics",
        "vision",
        "neural",
        "deep",
        "language",
        "natural",
    ]
)

_COUNTRY_EXTRA = {
    "usa": "US",
    "u s a": "US",
    "u s": "US",
    "us": "US",
    "united states of america": "US",
    "america": "US",
    "uk": "GB",
    "u k": "GB",
    "england": "GB",
    "scotland": "GB",
    "wales": "GB",
    "great britain": "GB",
    "britain": "GB",
    "prc": "CN",
    "p r china": "CN",
    "pr china": "CN",
    "china": "CN",
    "mainland china": "CN",
    "hong kong": "HK",
    "hong kong sar": "HK",
    "macau": "MO",
    "macao": "MO",
    "taiwan": "TW",
    "south korea": "KR",
    "korea": "KR",
    "republic of korea": "KR",
    "russia": "RU",
    "iran": "IR",
    "vietnam": "VN",
    "czech republic": "CZ",
    "the netherlands": "NL",
    "netherlands": "NL",
    "uae": "AE",
    "turkey": "TR",
    "turkiye": "TR",
}


def tokens(text: str) -> list[str]:
    """Folded, expanded tokens of an affiliation or alias."""
    out = []
    for token in _TOKEN.findall(fold(text).replace("&", " and ")):
        token = _EXPAND.get(token, token)
        if token:
            out.append(token)
    return out


def alias_key(text: str) -> str:
    """The lookup form of an org name or alias."""
    return " ".join(tokens(text))


def segments(text: str) -> list[tuple[list[str], bool]]:
    """Token lists of the parts of an affiliation string, each with whether it starts an org
    (the first part after a strong boundary: start, ``;``, ``&``, ``/``, ``+``, "and")."""
    out = []
    for group in _STRONG.split(fold(text)):
        first = True
        for part in _WEAK.split(group):
            toks = tokens(part)
            if toks:
                out.append((toks, first))
                first = False
    return out


def is_distinctive(key: str) -> bool:
    """True when an alias names a particular body (has a word that is not generic)."""
    return any(t not in GENERIC and not t.isdigit() and len(t) > 1 for t in key.split())


@cache
def country_names() -> dict[str, str]:
    """Alias key of a country name → ISO alpha-2 code."""
    out: dict[str, str] = {}
    for country in pycountry.countries:
        for attr in ("name", "common_name", "official_name"):
            value = getattr(country, attr, None)
            if value:
                out[alias_key(value)] = country.alpha_2
    for name, code in _COUNTRY_EXTRA.items():
        out[alias_key(name)] = code
    out.pop("", None)
    return out


def countries_in(text: str) -> set[str]:
    """Country codes named as a whole segment or a segment's trailing words ("Beijing, China")."""
    names = country_names()
    found = set()
    for seg, _ in segments(text):
        for n in (4, 3, 2, 1):
            if len(seg) >= n and (code := names.get(" ".join(seg[-n:]))):
                if n == 1 and seg[-1] == "us" and len(seg) > 1:
                    continue
                found.add(code)
                break
    return found


def country_code(name: str | None) -> str | None:
    """ISO alpha-2 code for a country name or code, or None."""
    if not name:
        return None
    if len(name) == 2 and name.isalpha():
        return name.upper()
    return country_names().get(alias_key(name))
