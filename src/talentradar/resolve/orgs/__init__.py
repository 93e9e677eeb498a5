"""Org resolution: affiliation strings and e-mail domains → canonical orgs."""

from talentradar.resolve.orgs.matcher import (
    Match,
    Resolution,
    domain_org,
    resolve_mention,
    resolve_string,
)
from talentradar.resolve.orgs.registry import Registry, build_registry, load_registry

__all__ = [
    "Match",
    "Registry",
    "Resolution",
    "build_registry",
    "domain_org",
    "load_registry",
    "resolve_mention",
    "resolve_string",
]
