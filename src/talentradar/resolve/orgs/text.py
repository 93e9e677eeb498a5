"""Affiliation text: tokens, segments and country mentions (pure)."""

from __future__ import annotations

import re
import unicodedata
from functools import cache, lru_cache

import pycountry

from talentradar.normalise import fold

_TOKEN = re.compile(r"[a-z0-9]+")
# Boundaries inside one affiliation string: strong ones separate orgs ("A; B", "A + B");
# weak ones separate the parts of an address ("Dept. X, Univ. Y, City") or may separate
# orgs ("A & B", "A and B") but also occur inside names ("Science and Technology"), so an
# org name may span them.
_STRONG = re.compile(r"[;/|+]")
_WEAK = re.compile(r"[,()\[\]]| - | at | & | and ")
_NOISE_CATEGORIES = {"So", "Sk", "Sm", "Co", "Cn", "Lm"}
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
# fmt: off
GENERIC = frozenset(
    ["university", "universities", "institute", "institutes", "college", "school", "department", "faculty", "center", "laboratory", "laboratories", "research", "science", "sciences", "technology", "technologies", "engineering", "national", "international", "state", "of", "for", "in", "on", "de", "la", "des", "du", "der", "fur", "und", "di", "e", "computer", "computing", "data", "ai", "artificial", "intelligence", "machine", "learning", "group", "team", "division", "company", "corporation", "foundation", "academy", "hospital", "medical", "medicine", "health", "graduate", "program", "applied", "advanced", "studies", "study", "system", "systems", "information", "informatics", "physics", "mathematics", "statistics", "electrical", "electronic", "electronics", "key", "new", "city", "central", "federal", "polytechnic", "technical", "royal", "higher", "education", "public", "general", "global", "world", "ministry", "council", "agency", "office", "bureau", "society", "association", "services", "service", "solutions", "network", "networks", "software", "digital", "intelligent", "robotics", "vision", "neural", "deep", "language", "natural"]
)
# fmt: on

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


def _clean(text: str) -> str:
    """Drop non-ASCII symbols and spacing accents that PDF extraction leaves inside words
    ("Technology♣", "F´ed´erale") before folding."""
    if text.isascii():
        return text
    return "".join(
        ch for ch in text if ch.isascii() or unicodedata.category(ch) not in _NOISE_CATEGORIES
    )


def tokens(text: str) -> list[str]:
    """Folded, expanded tokens of an affiliation or alias."""
    out = []
    for token in _TOKEN.findall(fold(_clean(text)).replace("&", " and ")):
        token = _EXPAND.get(token, token)
        if token:
            out.append(token)
    return out


@lru_cache(maxsize=1_000_000)
def alias_key(text: str) -> str:
    """The lookup form of an org name or alias."""
    return " ".join(tokens(text))


def org_groups(text: str) -> list[list[list[str]]]:
    """The parts of an affiliation string: groups (split at ``;`` ``/`` ``+`` ``|``) of
    segments (split at ``,`` ``(`` " - " "at" "&" "and"), each a token list."""
    return [[segs for segs, _ in group] for group in marked_groups(text)]


def marked_groups(text: str) -> list[list[tuple[list[str], bool]]]:
    """:func:`org_groups` with, per segment, whether an "and"/"&" split began it: such a
    segment may be the second half of one name ("Information and Decision Sciences")."""
    out = []
    for group in _STRONG.split(fold(_clean(text))):
        segs = []
        after_and = False
        for part in _WEAK_KEEP.split(group):
            if _WEAK_KEEP.fullmatch(part):
                after_and = part.strip() in ("and", "&")
                continue
            if toks := tokens(part):
                segs.append((toks, after_and))
            after_and = False
        if segs:
            out.append(segs)
    return out


def city_countries(segs: list[list[str]], covered: set[int]) -> set[str]:
    """Country codes of lab cities named outside an org name ("DeepMind Paris" → FR)."""
    flat = [t for seg in segs for t in seg]
    found: set[str] = set()
    if _LAB_CITY_WORDS.isdisjoint(flat):
        return found
    for i in range(len(flat)):
        for n in (2, 1):
            if i + n <= len(flat) and not any(p in covered for p in range(i, i + n)):
                code = LAB_CITIES.get(" ".join(flat[i : i + n]))
                if code:
                    found.add(code)
    return found


# Cities of AI labs, unambiguous as place names: a company lab's city decides its site country.
LAB_CITIES = {
    "paris": "FR",
    "montreal": "CA",
    "toronto": "CA",
    "vancouver": "CA",
    "edmonton": "CA",
    "tel aviv": "IL",
    "haifa": "IL",
    "herzliya": "IL",
    "london": "GB",
    "zurich": "CH",
    "beijing": "CN",
    "shanghai": "CN",
    "shenzhen": "CN",
    "hangzhou": "CN",
    "tokyo": "JP",
    "seoul": "KR",
    "bangalore": "IN",
    "bengaluru": "IN",
    "hyderabad": "IN",
    "amsterdam": "NL",
    "berlin": "DE",
    "munich": "DE",
    "tubingen": "DE",
    "singapore": "SG",
    "sydney": "AU",
    "melbourne": "AU",
    "madrid": "ES",
    "barcelona": "ES",
    "stockholm": "SE",
    "moscow": "RU",
    "cairo": "EG",
    "dubai": "AE",
    "taipei": "TW",
    "accra": "GH",
    "nairobi": "KE",
    "sao paulo": "BR",
    "redmond": "US",
    "seattle": "US",
    "new york": "US",
    "mountain view": "US",
    "menlo park": "US",
    "san francisco": "US",
    "pittsburgh": "US",
    "boston": "US",
}
_LAB_CITY_WORDS = frozenset(word for city in LAB_CITIES for word in city.split())
_WEAK_KEEP = re.compile(r"([,()\[\]]| - | at | & | and )")


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


def countries_named(segs: list[list[str]], covered: set[int] | None = None) -> set[str]:
    """Country codes named by a segment's trailing words ("Beijing, China"), skipping words
    that belong to an org name (``covered`` token positions: "University of Georgia")."""
    names = country_names()
    covered = covered or set()
    found, pos = set(), 0
    for seg in segs:
        end = pos + len(seg)
        for n in (4, 3, 2, 1):
            if len(seg) < n or any(p in covered for p in range(end - n, end)):
                continue
            code = names.get(" ".join(seg[-n:]))
            if code and not (n == 1 and seg[-1] == "us" and len(seg) > 1):
                found.add(code)
                break
        pos = end
    return found


def countries_in(text: str) -> set[str]:
    """Country codes named anywhere in a string (no org names known)."""
    return {c for segs in org_groups(text) for c in countries_named(segs)}


def country_code(name: str | None) -> str | None:
    """ISO alpha-2 code for a country name or code, or None."""
    if not name:
        return None
    if len(name) == 2 and name.isalpha():
        return name.upper()
    return country_names().get(alias_key(name))
