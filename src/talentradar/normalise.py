"""Pure text normalisation shared by every layer: titles, names, domains.

Every function here is idempotent (a property test checks it).
"""

from __future__ import annotations

import html
import re
from functools import lru_cache

from unidecode import unidecode

_SPACES = re.compile(r"\s+")
_NON_ALNUM = re.compile(r"[^a-z0-9]+")
_LATEX = re.compile(r"\$[^$]*\$|\\[a-zA-Z]+")
_PARTICLES = {
    "van",
    "von",
    "der",
    "den",
    "de",
    "del",
    "della",
    "di",
    "da",
    "du",
    "la",
    "le",
    "dos",
    "das",
    "ter",
    "bin",
    "al",
}
_SUFFIXES = {"jr", "jr.", "sr", "sr.", "ii", "iii", "iv"}


@lru_cache(maxsize=1_000_000)
def fold(text: str) -> str:
    """ASCII-fold, lower-case and collapse white space (mojibake repaired first)."""
    return _SPACES.sub(" ", unidecode(fix_mojibake(text)).lower()).strip()


def fix_mojibake(text: str) -> str:
    """Undo UTF-8 read as Latin-1 ("HÃ¶fer" → "Höfer"); other text is returned unchanged."""
    if "Ã" not in text and "Â" not in text:
        return text
    try:
        return text.encode("latin-1").decode("utf-8")
    except (UnicodeEncodeError, UnicodeDecodeError):
        return text


def normalise_title(title: str) -> str:
    """A join key for titles: folded, LaTeX and punctuation removed."""
    return _SPACES.sub(" ", _NON_ALNUM.sub(" ", fold(_LATEX.sub(" ", title)))).strip()


@lru_cache(maxsize=1_000_000)
def normalise_name(name: str) -> str:
    """A comparison form of a person name: folded, punctuation removed, hyphens kept as spaces."""
    return _SPACES.sub(" ", _NON_ALNUM.sub(" ", fold(name))).strip()


_LETTERS = re.compile(r"[^a-z]+")


@lru_cache(maxsize=1_000_000)
def name_key(text: str) -> str:
    """A name part as one run of letters: folded, hyphens, spaces and dots removed
    ("Roy-Chowdhury" → "roychowdhury", "Yee Whye" → "yeewhye")."""
    return _LETTERS.sub("", fold(text))


@lru_cache(maxsize=1_000_000)
def first_name_key(given: str) -> str:
    """The first given name alone ("Michael I." → "michael", "Jean-Philippe" → "jean")."""
    parts = [p for p in re.split(r"[\s.\-]+", fold(given)) if p]
    return name_key(parts[0]) if parts else ""


def given_initials(given: str, family: str = "") -> bool:
    """Whether a given name is written as initials only: every word one letter ("C.", "C. J.",
    "J.-P."), or two capitals beside a family name not in capitals ("CJ Taylor").
    "Ce", "Bo" or "Yi" are names, not initials. The linkage features compute the same in SQL
    (``resolve.people.features.GIVEN_INITIALS_SQL``)."""
    words = [w for w in re.split(r"[\s.\-]+", given.strip()) if w]
    if all(len(w) <= 1 for w in words):
        return True
    letters = name_key(given)
    return len(letters) <= 2 and given == given.upper() and family != family.upper()


_TRANSLIT = (("ae", "a"), ("oe", "o"), ("ue", "u"))


@lru_cache(maxsize=1_000_000)
def translit_key(key: str) -> str:
    """A name key with German umlaut spellings folded ("koepken" and "kopken" → "kopken")."""
    for long, short in _TRANSLIT:
        key = key.replace(long, short)
    return key


@lru_cache(maxsize=1_000_000)
def name_tokens(name: str) -> tuple[str, ...]:
    """The name's words as keys, hyphenated parts split ("López-Antequera" → lopez, antequera)."""
    return tuple(k for part in re.split(r"[\s\-.,]+", fold(name)) if (k := name_key(part)))


def split_authors(text: str) -> list[str]:
    """Split an author list, HTML entities decoded: ``;`` when present, else ``,`` (some files
    use ``, ``).

    Separators never become names: "A B and C D" is two authors, a leading "and " (the
    Oxford-comma form) is dropped, and a stray "and" between two single words ("Evangelos and
    Zervas") is removed. Parts that are organisations, not people ("Peking University"), are
    dropped; a name behind one leading organisation word ("OpenAI Jonathan Ho") is kept."""
    if not text or not text.strip():
        return []
    # HTML entities first: the ";" of "O&#x27;Connor" (CVPR/ECCV 2024) is no separator
    text = html.unescape(html.unescape(text))
    sep = ";" if ";" in text else ","
    parts = [p.strip() for p in text.split(sep)]
    if sep == ",":
        parts = _rejoin_suffixes(parts)
    names = [_MARKS.sub("", name) for part in parts for name in _split_and(part)]
    return [n for name in names if (n := _without_org(name))]


_MARKS = re.compile(r"\s*(?:\(\s*[*†‡§¶⋆∗]+\s*\)|[*†‡§¶⋆∗]+)\s*$")
"""Footnote marks after a name ("Bo Dai*", "Ze Liu(†)"): equal contribution, not the name."""


_AND = re.compile(r"\s+(?:and|&)\s+", re.IGNORECASE)
_LEADING_AND = re.compile(r"^(?:and|&)\s+", re.IGNORECASE)
ORG_WORDS = frozenset(
    [
        "university",
        "universidad",
        "universitat",
        "universite",
        "universita",
        "univ",
        "institute",
        "institut",
        "instituto",
        "laboratory",
        "laboratories",
        "lab",
        "labs",
        "department",
        "dept",
        "faculty",
        "college",
        "school",
        "academy",
        "centre",
        "center",
        "inc",
        "ltd",
        "llc",
        "gmbh",
        "corporation",
        "corp",
        "company",
        "technologies",
    ]
) | frozenset(
    [
        "openai",
        "google",
        "microsoft",
        "facebook",
        "deepmind",
        "nvidia",
        "alibaba",
        "tencent",
        "baidu",
    ]
)
"""Words that mark an organisation where a person's name is expected (no given or family
name: "Huawei" is both a company and a given name, so it is not here)."""
_TITLES = frozenset({"prof", "professor", "dr"})
_BRANDS = frozenset(
    [
        "openai",
        "google",
        "microsoft",
        "facebook",
        "deepmind",
        "nvidia",
        "alibaba",
        "tencent",
        "baidu",
    ]
)


def _split_and(part: str) -> list[str]:
    part = _LEADING_AND.sub("", part.strip())
    pieces = [p.strip() for p in _AND.split(part) if p.strip()]
    if len(pieces) > 1 and all(len(p.split()) == 1 for p in pieces):
        return [" ".join(pieces)]  # "Evangelos and Zervas": one name with a stray "and"
    return pieces


def _without_org(name: str) -> str:
    """The name with a leading organisation word removed; "" when the part is an organisation."""
    words = name.split()
    while len(words) > 2 and _key(words[0]) in _TITLES:
        words = words[1:]
    name = " ".join(words)
    marked = [i for i, w in enumerate(words) if is_org_word(w)]
    if not marked:
        return name
    rest = words[1:]
    brand = marked == [0] and _key(words[0]) in _BRANDS
    if brand and 2 <= len(rest) <= 3 and all(w[:1].isupper() for w in rest):
        return " ".join(rest)
    return ""


def is_org_word(word: str) -> bool:
    """Whether a word of a name field marks an organisation ("University", "Inc.", "OpenAI")."""
    return _key(word) in ORG_WORDS


def _key(word: str) -> str:
    return _LETTERS.sub("", fold(word))


def _rejoin_suffixes(parts: list[str]) -> list[str]:
    out: list[str] = []
    for part in parts:
        if out and part.lower() in _SUFFIXES:
            out[-1] = f"{out[-1]} {part}"
        else:
            out.append(part)
    return out


def split_list(text: str | None, sep: str = ";") -> list[str]:
    """Split a ``;``-separated field keeping empty positions (they carry alignment)."""
    if text is None or not text.strip():
        return []
    return [p.strip() for p in text.split(sep)]


@lru_cache(maxsize=1_000_000)
def parse_name(name: str) -> tuple[str, str]:
    """Split a full name into (given, family).

    Handles "Family, Given", suffixes (Jr.), and family-name particles
    (van, de, von …). Single-word names are all family name.
    """
    name = _SPACES.sub(" ", name.replace("\u00a0", " ")).strip()
    if "," in name:
        family, _, given = name.partition(",")
        if given.strip().lower().rstrip(".") not in {"jr", "sr", "ii", "iii", "iv"}:
            return given.strip(), family.strip()
        name = f"{family.strip()} {given.strip()}"
    words = name.split(" ")
    while len(words) > 1 and words[-1].lower() in _SUFFIXES:
        words = words[:-1]
    if len(words) == 1:
        return "", words[0]
    cut = len(words) - 1
    while cut > 1 and words[cut - 1].lower() in _PARTICLES:
        cut -= 1
    return " ".join(words[:cut]), " ".join(words[cut:])


# Mail providers that say nothing about an employer.
PUBLIC_MAIL = frozenset(
    [
        "gmail.com",
        "googlemail.com",
        "qq.com",
        "163.com",
        "126.com",
        "yeah.net",
        "foxmail.com",
        "outlook.com",
        "hotmail.com",
        "live.com",
        "yahoo.com",
        "yahoo.co.jp",
        "icloud.com",
        "me.com",
        "protonmail.com",
        "proton.me",
        "mail.com",
        "aol.com",
        "sina.com",
        "gmx.de",
        "gmx.net",
        "web.de",
        "naver.com",
        "hanmail.net",
        "139.com",
        "sohu.com",
        "aliyun.com",
        "msn.com",
        "mail.ru",
        "yandex.ru",
        "hotmail.co.uk",
        "outlook.fr",
        "qq.edu",
        "hotmail.fr",
    ]
)


def email_domain(text: str | None) -> str | None:
    """The lower-case host of an e-mail address or a bare domain; None when there is none."""
    if not text:
        return None
    host = text.strip().lower().rpartition("@")[2].strip(" .>")
    host = host.removeprefix("www.")
    if "." not in host or " " in host or len(host) < 4:
        return None
    return host
