"""Affiliation strings and e-mail domains → canonical orgs (pure).

A string is scanned for the longest registry aliases it contains (token
n-grams, left to right, longest first, non-overlapping). Several aliases mean
several orgs ("A & B", "A; B", "A, B"); aliases never span a strong boundary
(";", "&", "/", "+", "and"). An alias shared by orgs in several countries is
settled by evidence only — the org of the e-mail domain, a country named
beside the alias (not inside an org name: "University of Georgia" names no
country), the source's country hint, the domain's country code — and otherwise
left unresolved: a wrong match is worse than none. Registry names (not
curated) must name a particular body (a non-generic word), have two words or
more, start a segment, and not contradict a country named beside them.
Curated aliases written ``=Name`` (short or ambiguous words: ``=TAU``) count
only as a whole segment; ``@Name`` (place names: ``@Princeton``) only as the
first segment of a group: in "NEC Labs, Princeton, NJ" the place is an
address, in "Princeton; MIT" an org. The e-mail domain is used when the string gives
nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from talentradar.normalise import PUBLIC_MAIL
from talentradar.resolve.orgs.registry import Candidate, Registry
from talentradar.resolve.orgs.text import (
    city_countries,
    countries_named,
    country_code,
    marked_groups,
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
    seen: dict[tuple[str, frozenset[str], str | None], Resolution] | None = None,
) -> Resolution:
    """Orgs of one author position: from the string or the source's normalised name (whichever
    names more orgs; the string on a tie), else from the e-mail domain. ``seen`` keeps the
    strings resolved so far (a string resolves the same with the same country evidence and the
    same org behind the domain)."""
    evidence = _evidence(domain, country_hint)
    by_domain = domain_org(reg, domain) if domain else None
    seen = {} if seen is None else seen
    found = []
    for text in (affiliation, affiliation_norm):
        if text and (text, evidence, by_domain) not in seen:
            seen[text, evidence, by_domain] = resolve_string(reg, text, evidence, domain)
        if text:
            found.append(seen[text, evidence, by_domain])
    best = max(found, key=lambda r: len(r.matches), default=None)
    if best is not None and best.matches:
        return _refine_by_domain(reg, best, domain)
    notes = [r.note for r in found]
    if domain and (org_id := by_domain):
        return Resolution((Match(org_id, domain, "domain", reg.orgs[org_id].country),))
    return Resolution(
        (),
        "; ".join(n for n in notes if n) or ("no affiliation" if not domain else "unknown domain"),
    )


def resolve_string(
    reg: Registry, text: str, evidence: frozenset[str] = frozenset(), domain: str | None = None
) -> Resolution:
    """Orgs named in one affiliation string, group by group ("A; B" are two groups). A ``+``
    part that names nothing is read together with the next one ("University of
    California+San Diego"); parts that name orgs stay apart ("Physical Intelligence+Stanford")."""
    if "+" in text:
        return _resolve_plus(reg, text, evidence, domain)
    matches: list[Match] = []
    notes: list[str] = []
    for marked in marked_groups(text):
        segs = [seg for seg, _ in marked]
        spans = _spans(reg, segs, [after for _, after in marked])
        covered = {p for start, length, _, _ in spans for p in range(start, start + length)}
        named = frozenset(countries_named(segs, covered))
        cities = city_countries(segs, covered)
        for _, _, key, cands in spans:
            org_id, note = _choose(reg, cands, named, evidence, domain)
            if org_id is None:
                notes.append(note)
                continue
            matches.append(_match(reg, org_id, key, cands, named, cities))
    matches = _most_specific(reg, matches)
    note = "" if matches else ("; ".join(notes) or "no match")
    return Resolution(tuple(matches), note)


def _match(
    reg: Registry,
    org_id: str,
    key: str,
    cands: list[Candidate],
    named: frozenset[str],
    cities: set[str],
) -> Match:
    """A match with its site country: for a company, the one country (or else the one lab city)
    named beside it; otherwise the org's own country."""
    org = reg.orgs[org_id]
    site = org.country
    in_alias = city_countries([key.split()], set())  # "Microsoft Research Montreal"
    if org.sector == "industry" and len(named) == 1:
        site = next(iter(named))
    elif org.sector == "industry" and len(in_alias) == 1:
        site = next(iter(in_alias))
    elif org.sector == "industry" and not named and len(cities) == 1:
        site = next(iter(cities))
    origin = next(c.origin for c in cands if c.org_id == org_id)
    return Match(org_id, key, origin, site)


def _resolve_plus(
    reg: Registry, text: str, evidence: frozenset[str], domain: str | None
) -> Resolution:
    parts = [p for p in text.split("+") if p.strip()]
    matches: list[Match] = []
    notes: list[str] = []
    i = 0
    while i < len(parts):
        alone = resolve_string(reg, parts[i], evidence, domain)
        if not alone.matches and i + 1 < len(parts):
            joined = resolve_string(reg, f"{parts[i]} {parts[i + 1]}", evidence, domain)
            if joined.matches:
                matches.extend(joined.matches)
                i += 2
                continue
        matches.extend(alone.matches)
        notes.append(alone.note)
        i += 1
    matches = _most_specific(reg, matches)
    return Resolution(
        tuple(matches), "" if matches else "; ".join(n for n in notes if n) or "no match"
    )


def _spans(
    reg: Registry, segs: list[list[str]], after_and: list[bool] | None = None
) -> list[tuple[int, int, str, list[Candidate]]]:
    """The longest eligible aliases in one group, non-overlapping, in reading order.

    Eligible: curated aliases by their scope (anywhere, a whole segment, or the group's first
    segment); registry names (two words or more) only from the start of a segment — of a
    segment that "and" began only when the segment before it names an org ("A University and
    B University"; in "Information and Decision Sciences" the second half is no org).
    """
    starts, pos = [], 0
    for seg in segs:
        starts.append(pos)
        pos += len(seg)
    after = after_and or [False] * len(segs)
    allowed = {starts[k] for k in range(len(segs)) if not after[k]}
    chosen = _longest(reg, segs, allowed)
    if any(after):
        named = {
            k
            for k in range(len(segs))
            for s in chosen
            if starts[k] <= s[0] < starts[k] + len(segs[k])
        }
        more = {starts[k] for k in range(1, len(segs)) if after[k] and k - 1 in named}
        if more:
            chosen = _longest(reg, segs, allowed | more)
    return chosen


def _longest(
    reg: Registry, segs: list[list[str]], registry_starts: set[int]
) -> list[tuple[int, int, str, list[Candidate]]]:
    flat = [t for seg in segs for t in seg]
    seg_starts, pos = {}, 0
    for seg in segs:
        seg_starts[pos] = len(seg)
        pos += len(seg)
    found: list[tuple[int, int, str, list[Candidate]]] = []
    for i in range(len(flat)):
        for length, key, cands in reversed(_aliases_at(reg, flat, i)):
            eligible = [c for c in cands if _eligible(c, i, length, seg_starts, registry_starts)]
            if eligible:
                found.append((i, length, key, eligible))
                break
    taken: set[int] = set()
    chosen = []
    for span in sorted(found, key=lambda f: (-f[1], f[0])):
        cover = set(range(span[0], span[0] + span[1]))
        if not cover & taken:
            taken |= cover
            chosen.append(span)
    return sorted(chosen)


def _aliases_at(reg: Registry, flat: list[str], i: int) -> list[tuple[int, str, list[Candidate]]]:
    """The aliases that start at word ``i``, shortest first (extended only while the words so
    far begin some alias)."""
    out = []
    key = ""
    for length in range(1, len(flat) - i + 1):
        key = f"{key} {flat[i + length - 1]}" if key else flat[i]
        if key not in reg.prefixes:
            break
        if cands := reg.aliases.get(key):
            out.append((length, key, cands))
    return out


def _eligible(
    cand: Candidate,
    start: int,
    length: int,
    seg_starts: dict[int, int],
    registry_starts: set[int] | None = None,
) -> bool:
    if cand.origin != "curated":
        return length > 1 and start in (seg_starts if registry_starts is None else registry_starts)
    if cand.scope == "segment":
        return seg_starts.get(start) == length
    if cand.scope == "first-segment":
        return start == 0 and seg_starts.get(0) == length
    return True


def _choose(
    reg: Registry,
    cands: list[Candidate],
    named: frozenset[str],
    evidence: frozenset[str],
    domain: str | None,
) -> tuple[str | None, str]:
    """One org for an alias, on evidence only; (None, reason) when it cannot be settled."""
    by_domain = domain_org(reg, domain) if domain else None
    if by_domain and any(c.org_id == by_domain for c in cands):
        return by_domain, ""
    curated = [c for c in cands if c.origin == "curated"]
    pool = curated or cands
    # A country named beside the alias that no curated org (single-site, not a company) is in
    # means an institution of the same name elsewhere (Northeastern University, Shenyang).
    if (
        curated
        and named
        and not any(_fits(reg, c.org_id, named) for c in curated)
        and all(reg.orgs[c.org_id].sector != "industry" for c in curated)
    ):
        pool = [c for c in cands if c.origin != "curated"]
    countries = named | evidence
    if len(pool) > 1 and countries:
        pool = [c for c in pool if _fits(reg, c.org_id, countries)] or pool
    if named and not curated:
        # A registry name whose country contradicts the country named beside it is another body.
        pool = [
            c
            for c in pool
            if _fits(reg, c.org_id, named) or reg.orgs[c.org_id].sector == "industry"
        ]
    ids = sorted({c.org_id for c in pool})
    if len(ids) == 1:
        return ids[0], ""
    if not ids:
        return None, "country conflict" if named else "no match"
    shown = ", ".join(f"{reg.orgs[i].name} ({reg.orgs[i].country})" for i in ids[:4])
    return None, f"ambiguous: {shown}"


def _refine_by_domain(reg: Registry, found: Resolution, domain: str | None) -> Resolution:
    """A domain naming a child of a matched org names the more specific org
    ("Max-Planck Institute" + mpi-inf.mpg.de → MPI for Informatics)."""
    org_id = domain_org(reg, domain) if domain else None
    if not org_id:
        return found
    ancestors = set(reg.ancestors(org_id))
    if not any(m.org_id in ancestors for m in found.matches):
        return found
    refined = [
        Match(org_id, domain or "", "domain", reg.orgs[org_id].country)
        if m.org_id in ancestors
        else m
        for m in found.matches
    ]
    return Resolution(tuple(_most_specific(reg, refined)), found.note)


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


def resolve_company(reg: Registry, name: str, country: str | None = None) -> str | None:
    """The org of a company name as market data writes it ("Amazon", "Walmart Labs").

    The whole name must be a known alias (curated first, then companies, then any body in the
    stated country); failing that, it is read as an affiliation string. None when unsettled."""
    from talentradar.resolve.orgs.text import alias_key

    key = alias_key(name)
    cands = reg.aliases.get(key, [])
    for pool in (
        [c for c in cands if c.origin == "curated"],
        [c for c in cands if reg.orgs[c.org_id].sector == "industry"],
        cands,
    ):
        if country:
            pool = [c for c in pool if _fits(reg, c.org_id, frozenset({country}))] or pool
        ids = {c.org_id for c in pool}
        if len(ids) == 1:
            return ids.pop()
        if ids:
            return None
    found = resolve_string(reg, name, frozenset({country}) if country else frozenset())
    return found.matches[0].org_id if len(found.matches) == 1 else None


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
