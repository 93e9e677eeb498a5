"""The org registry: curated tables written by the project + public registries.

Sources, in order of trust:

1. ``data/orgs/curated_orgs.csv`` (this project): AI labs, companies,
   institutes and universities that matter, with aliases, abbreviations, e-mail
   domains, HQ and site country, sector and parent, each row with its source.
2. Hipo university-domains-list: universities with web domains and country.
3. ROR (2021 names dump): research organisations with country and type.

A registry entry whose name is a curated alias in the same country is the
curated org and adds nothing. Building is pure given the parsed inputs;
:func:`load_registry` does the reading.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
from collections import defaultdict
from dataclasses import dataclass, field
from importlib.resources import files
from typing import Any, Literal

from talentradar.errors import SourceError
from talentradar.model import SECTORS, Org, Sector
from talentradar.resolve.orgs.text import alias_key, is_distinctive
from talentradar.sources.fetch import join_location, read_bytes, read_json

Origin = Literal["curated", "hipo", "ror"]
Scope = Literal["anywhere", "segment", "first-segment"]
HIPO_FILE = "registry/hipo_world_universities_and_domains.json"
ROR_FILE = "registry/ror_2021_names_types_by_country.json.gz"
HIPO_URL = "https://raw.githubusercontent.com/Hipo/university-domains-list/master/world_universities_and_domains.json"
_ROR_SECTOR: dict[str, Sector] = {
    "Education": "academia",
    "Company": "industry",
    "Government": "government",
    "Facility": "academia",
    "Nonprofit": "nonprofit",
    "Healthcare": "nonprofit",
    "Archive": "nonprofit",
    "Other": "nonprofit",
}
_COUNTRY_SUFFIX = re.compile(r"\s*\(([^()]*)\)\s*$")
_SLUG = re.compile(r"[^a-z0-9]+")
CURATED_COLUMNS = (
    "org_id",
    "name",
    "sector",
    "country",
    "hq_country",
    "parent_id",
    "aliases",
    "domains",
    "source",
)


@dataclass(frozen=True)
class Candidate:
    org_id: str
    origin: Origin
    scope: Scope = "anywhere"
    """Where a curated alias counts: anywhere in the string; only as a whole segment
    (``=Name``: short or ambiguous words such as ``=TAU``); only as the first segment of an
    org group (``@Name``: place names such as ``@Princeton``)."""


@dataclass
class Registry:
    orgs: dict[str, Org] = field(default_factory=dict)
    aliases: dict[str, list[Candidate]] = field(default_factory=lambda: defaultdict(list))
    domains: dict[str, str] = field(default_factory=dict)
    prefixes: set[str] = field(default_factory=set)
    digest: str = ""
    """Of the public registry files read (the curated table is package data)."""
    """Every leading run of words of an alias key ("max planck" of "max planck institute")."""

    def add_alias(self, text: str, org_id: str, origin: Origin) -> None:
        """Add an alias; a curated alias may carry a scope marker (``=`` or ``@``, see Candidate)."""
        scope: Scope = {"=": "segment", "@": "first-segment"}.get(text[:1], "anywhere")  # type: ignore[assignment]
        key = alias_key(text.lstrip("=@"))
        if not key or (origin != "curated" and not is_distinctive(key)):
            return
        if all(c.org_id != org_id for c in self.aliases[key]):
            self.aliases[key].append(Candidate(org_id, origin, scope))
            words = key.split()
            self.prefixes.update(" ".join(words[:n]) for n in range(1, len(words) + 1))

    def add_domain(self, domain: str, org_id: str) -> None:
        domain = domain.strip().lower().removeprefix("www.")
        if domain and domain not in self.domains:
            self.domains[domain] = org_id

    def hq_country(self, org_id: str) -> str | None:
        """HQ country: the org's own, else its parent's (recursively), else its country."""
        seen = set()
        org = self.orgs[org_id]
        while org.hq_country is None and org.parent_id and org.parent_id not in seen:
            seen.add(org.org_id)
            org = self.orgs[org.parent_id]
        return org.hq_country or org.country

    def ancestors(self, org_id: str) -> list[str]:
        out: list[str] = []
        parent = self.orgs[org_id].parent_id
        while parent and parent not in out:
            out.append(parent)
            parent = self.orgs[parent].parent_id
        return out

    def root(self, org_id: str) -> str:
        chain = self.ancestors(org_id)
        return chain[-1] if chain else org_id


def build_registry(
    curated: list[dict[str, str]], hipo: list[dict[str, Any]], ror: list[dict[str, Any]]
) -> Registry:
    reg = Registry()
    _add_curated(reg, curated)
    curated_keys = {
        (key, reg.orgs[c.org_id].country)
        for key, cands in reg.aliases.items()
        for c in cands
        if c.origin == "curated"
    }
    for uni in hipo:
        key, country = alias_key(uni.get("name") or ""), (uni.get("alpha_two_code") or "").upper()
        domains = uni.get("domains") or []
        org_id = (
            _find_curated(reg, key, country, curated_keys)
            or _curated_by_domain(reg, domains, country)
            or _registry_org(reg, key, uni["name"], country, "academia", "hipo")
        )
        if org_id is not None and reg.orgs[org_id].source not in ("hipo", "ror"):
            reg.add_alias(uni["name"], org_id, "curated")
        if org_id is None:
            continue
        for domain in domains:
            reg.add_domain(domain, org_id)
    loose = {(_loose(o.name), o.country): o.org_id for o in reg.orgs.values() if o.source == "hipo"}
    for entry in ror:
        name = _COUNTRY_SUFFIX.sub("", entry.get("name") or "").strip()
        key, country = alias_key(name), _ror_country(name, entry.get("country_code") or "")
        if _find_curated(reg, key, country, curated_keys):
            continue
        same = loose.get((_loose(name), country))
        if same and _SLUG.sub("-", key).strip("-") + f"-{country.lower()}" != same:
            reg.add_alias(name, same, "hipo")  # one university, spelt two ways
            continue
        sector = _ROR_SECTOR.get((entry.get("types") or ["Other"])[0], "nonprofit")
        _registry_org(reg, key, name, country, sector, "ror")
    return reg


def _add_curated(reg: Registry, rows: list[dict[str, str]]) -> None:
    problems = []
    for line, row in enumerate(rows, start=2):
        org_id = (row.get("org_id") or "").strip()
        sector = (row.get("sector") or "").strip()
        if not org_id or not row.get("name") or sector not in SECTORS:
            problems.append(
                f"line {line}: needs org_id, name and sector in {SECTORS} (got {sector!r})"
            )
            continue
        if org_id in reg.orgs:
            problems.append(f"line {line}: duplicate org_id {org_id!r}")
            continue
        reg.orgs[org_id] = Org(
            org_id=org_id,
            name=row["name"].strip(),
            sector=sector,  # type: ignore[arg-type]
            country=(row.get("country") or "").strip().upper() or None,
            hq_country=(row.get("hq_country") or "").strip().upper() or None,
            parent_id=(row.get("parent_id") or "").strip() or None,
            source=(row.get("source") or "").strip(),
        )
        for alias in [row["name"], *(row.get("aliases") or "").split("|")]:
            if alias.strip():
                reg.add_alias(alias, org_id, "curated")
        for domain in (row.get("domains") or "").split("|"):
            reg.add_domain(domain, org_id)
    for org in reg.orgs.values():
        if org.parent_id and org.parent_id not in reg.orgs:
            problems.append(f"org {org.org_id!r}: unknown parent_id {org.parent_id!r}")
    if problems:
        raise SourceError("curated_orgs.csv", "; ".join(problems[:20]))


def _find_curated(
    reg: Registry, key: str, country: str, curated_keys: set[tuple[str, str | None]]
) -> str | None:
    if (key, country) not in curated_keys:
        return None
    for cand in reg.aliases.get(key, []):
        if cand.origin == "curated" and reg.orgs[cand.org_id].country == country:
            return cand.org_id
    return None


def _curated_by_domain(reg: Registry, domains: list[str], country: str) -> str | None:
    """The curated org (same country) that owns one of a registry university's web domains."""
    for domain in domains:
        org_id = reg.domains.get(domain.strip().lower().removeprefix("www."))
        if (
            org_id
            and reg.orgs[org_id].source not in ("hipo", "ror")
            and reg.orgs[org_id].country == country
        ):
            return org_id
    return None


def _registry_org(
    reg: Registry, key: str, name: str, country: str, sector: Sector, origin: Origin
) -> str | None:
    if not key or not country:
        return None
    org_id = f"{_SLUG.sub('-', key).strip('-')}-{country.lower()}"
    if org_id not in reg.orgs:
        reg.orgs[org_id] = Org(
            org_id=org_id, name=name, sector=sector, country=country, source=origin
        )
    reg.add_alias(name, org_id, origin)
    return org_id


_LOOSE_DROP = frozenset(["the", "in", "at", "of", "de", "di", "du", "la", "le", "saint"])


def _loose(name: str) -> str:
    """A name's key without articles, prepositions and "Saint": Hipo and ROR spell one
    university differently ("Washington University, St. Louis" / "… in St. Louis")."""
    return " ".join(t for t in alias_key(name).split() if t not in _LOOSE_DROP)


def _ror_country(name: str, code: str) -> str:
    """ROR (2021) lists Hong Kong and Macau under China; use their own codes."""
    lowered = name.lower()
    if code == "CN" and "hong kong" in lowered:
        return "HK"
    if code == "CN" and ("macau" in lowered or "macao" in lowered):
        return "MO"
    return code.upper()


CURATED_FILES = ("orgs/curated_orgs.csv", "orgs/companies.csv")


def read_curated() -> list[dict[str, str]]:
    """Rows of every curated table: AI labs, institutes and universities; companies of market data."""
    rows: list[dict[str, str]] = []
    for name in CURATED_FILES:
        resource = files("talentradar.data").joinpath(name)
        if resource.is_file():
            rows.extend(_read_csv(resource.read_text(encoding="utf-8")))
    return rows


def _read_csv(text: str) -> list[dict[str, str]]:
    rows = list(csv.DictReader(io.StringIO(text)))
    return [r for r in rows if not (r.get("org_id") or "").startswith("#")]


def load_registry(data_dir: str) -> Registry:
    """Read the curated table and both public registries from ``data_dir`` (path or URL)."""
    hipo_at, ror_at = join_location(data_dir, HIPO_FILE), join_location(data_dir, ROR_FILE)
    hipo_bytes, ror_bytes = read_bytes(hipo_at), read_bytes(ror_at)
    hipo, ror = read_json(hipo_at, hipo_bytes), read_json(ror_at, ror_bytes)
    for location, value in ((hipo_at, hipo), (ror_at, ror)):
        if not isinstance(value, list):
            raise SourceError(location, "expected a JSON list of organisations")
    registry = build_registry(read_curated(), hipo, ror)
    registry.digest = hashlib.sha1(hipo_bytes + b"\0" + ror_bytes).hexdigest()
    return registry
