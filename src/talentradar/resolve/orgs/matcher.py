"""Affiliation strings and e-mail domains → canonical orgs (pure).

A string is scanned for the longest registry aliases it contains (token
n-grams, left to right, longest first, non-overlapping). Several aliases mean
several orgs ("A & B", "A; B", "A, B"). An alias shared by orgs in several
countries is settled by evidence only — a country named in the string, the
source's country hint, the e-mail domain — and otherwise left unresolved:
a wrong match is worse than none. Registry aliases (not curated) must name a
particular body (a non-generic word) and, when a single word, fill a whole
segment that starts an org (as do curated aliases written ``=Name``): in
"NEC Labs, Princeton, NJ" the place is part of an address, in "Princeton; MIT"
it is an org. The e-mail domain is used when the string gives nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from talentradar.resolve.orgs.registry import Candidate, Registry
from talentradar.resolve.orgs.text import countries_in, country_code, segments

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
_TLD_COUNTRY = {"edu": "US", "gov": "US", "mil": "US", "uk": "GB"}


@dataclass(frozen=True)
class Match:
    org_id: str
    matched: str
    """The alias text (or domain) that matched."""
    method: str
    """curated | hipo | ror | domain."""
    site_country: str | None = None


@dataclass(frozen=True)
class Resolution:
    matches: tuple[Match, ...]
    note: str = ""
    """Why nothing matched (no match, ambiguous: …), when nothing did."""


def resolve_mention(
    reg: Registry,
    affiliation: str | None,
    domain: str | None,
    affiliation_norm: str | None = None,
    country_hint: str | None = None,
) -> Resolution:
    """Orgs of one author position: the string first, then the source's normalised name, then the domain."""
    evidence = _evidence(domain, country_hint)
    notes = []
    for text in (affiliation, affiliation_norm):
        if text:
            found = resolve_string(reg, text, evidence, domain)
            if found.matches:
                return found
            notes.append(found.note)
    if domain and (org_id := domain_org(reg, domain)):
        return Resolution((Match(org_id, domain, "domain", reg.orgs[org_id].country),))
    return Resolution(
        (),
        "; ".join(n for n in notes if n) or ("no affiliation" if not domain else "unknown domain"),
    )


def resolve_string(
    reg: Registry, text: str, evidence: frozenset[str] = frozenset(), domain: str | None = None
) -> Resolution:
    """Orgs named in one affiliation string."""
    segs = segments(text)
    flat = [t for seg, _ in segs for t in seg]
    starts = _org_starts(segs)
    named = frozenset(countries_in(text))
    spans = _spans(reg, flat, starts)
    matches: list[Match] = []
    notes: list[str] = []
    for key, cands in spans:
        org_id, note = _choose(reg, cands, named | evidence, domain, named)
        if org_id is None:
            notes.append(note)
            continue
        org = reg.orgs[org_id]
        site = next(iter(named)) if (len(named) == 1 and org.sector == "industry") else org.country
        matches.append(
            Match(
                org_id,
                key,
                cands[0].origin
                if len(cands) == 1
                else next(c.origin for c in cands if c.org_id == org_id),
                site,
            )
        )
    matches = _most_specific(reg, matches)
    note = "" if matches else ("; ".join(notes) or "no match")
    return Resolution(tuple(matches), note)


def _org_starts(segs: list[tuple[list[str], bool]]) -> dict[int, int]:
    """Start index → length of each segment that starts an org (where whole-segment names count)."""
    out, pos = {}, 0
    for seg, starts_org in segs:
        if starts_org:
            out[pos] = len(seg)
        pos += len(seg)
    return out


def _spans(
    reg: Registry, flat: list[str], starts: dict[int, int]
) -> list[tuple[str, list[Candidate]]]:
    found: list[tuple[int, int, str, list[Candidate]]] = []
    n = len(flat)
    for i in range(n):
        for length in range(min(reg.max_alias_tokens, n - i), 0, -1):
            key = " ".join(flat[i : i + length])
            cands = reg.aliases.get(key)
            if not cands:
                continue
            whole_segment = starts.get(i) == length  # and the segment starts an org
            eligible = [c for c in cands if c.anywhere or whole_segment]
            if eligible:
                found.append((i, length, key, eligible))
                break
    taken: set[int] = set()
    chosen = []
    for i, length, key, cands in sorted(found, key=lambda f: (-f[1], f[0])):
        cover = set(range(i, i + length))
        if cover & taken:
            continue
        taken |= cover
        chosen.append((i, key, cands))
    return [(key, cands) for _, key, cands in sorted(chosen, key=lambda c: c[0])]


def _choose(
    reg: Registry,
    cands: list[Candidate],
    countries: frozenset[str],
    domain: str | None,
    named: frozenset[str],
) -> tuple[str | None, str]:
    curated = [c for c in cands if c.origin == "curated"]
    pool = curated or cands
    # A country named in the string that none of the curated orgs (all single-site, not
    # companies) is in means an institution of the same name elsewhere
    # (Northeastern University, Shenyang): fall back to the registry's candidates.
    if (
        curated
        and named
        and not any(_fits(reg, c.org_id, named) for c in curated)
        and all(reg.orgs[c.org_id].sector != "industry" for c in curated)
    ):
        pool = [c for c in cands if c.origin != "curated"]
    if domain:
        by_domain = domain_org(reg, domain)
        if by_domain and any(c.org_id == by_domain for c in pool):
            return by_domain, ""
    if len(pool) > 1 and countries:
        fitting = [c for c in pool if _fits(reg, c.org_id, countries)]
        pool = fitting or pool
    ids = sorted({c.org_id for c in pool})
    if len(ids) == 1:
        return ids[0], ""
    if not ids:
        return None, "no match"
    shown = ", ".join(f"{reg.orgs[i].name} ({reg.orgs[i].country})" for i in ids[:4])
    return None, f"ambiguous: {shown}"


def _fits(reg: Registry, org_id: str, countries: frozenset[str]) -> bool:
    org = reg.orgs[org_id]
    return org.country in countries or reg.hq_country(org_id) in countries


def _most_specific(reg: Registry, matches: list[Match]) -> list[Match]:
    """Drop duplicates and orgs whose child org is also named (Google Brain, Google → Google Brain)."""
    covered = {a for m in matches for a in reg.ancestors(m.org_id)}
    out, seen = [], set()
    for m in matches:
        if m.org_id in covered or m.org_id in seen:
            continue
        seen.add(m.org_id)
        out.append(m)
    return out


def domain_org(reg: Registry, domain: str) -> str | None:
    """The org of an e-mail domain or any parent domain (cs.cmu.edu → cmu.edu)."""
    domain = domain.lower().strip()
    if domain in PUBLIC_MAIL:
        return None
    parts = domain.split(".")
    for i in range(len(parts) - 1):
        org_id = reg.domains.get(".".join(parts[i:]))
        if org_id:
            return org_id
    return None


def _evidence(domain: str | None, country_hint: str | None) -> frozenset[str]:
    out = set()
    for hint in (country_hint or "").split(" + "):
        code = country_code(hint.strip())
        if code:
            out.add(code)
    if domain and "." in domain:
        tld = domain.rsplit(".", 1)[1]
        code = _TLD_COUNTRY.get(tld) or (tld.upper() if len(tld) == 2 else None)
        if code:
            out.add(code)
    return frozenset(out)
