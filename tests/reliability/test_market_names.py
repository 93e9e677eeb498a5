"""A market company called "Air" is not Tsinghua's institute (AIR); real companies still map."""

from __future__ import annotations

from talentradar.market.derive import company_org
from talentradar.resolve.orgs import load_registry
from talentradar.resolve.orgs.matcher import resolve_company


def test_short_company_names_never_settle_on_an_institutes_acronym(mirror) -> None:
    registry = load_registry(str(mirror))
    assert resolve_company(registry, "Air", None) == "tsinghua-air"  # the acronym alone
    assert company_org(registry, "Air", None) is None
    assert company_org(registry, "AIR", "US") is None
    for company, org in (("Uber", "uber"), ("Meta", "meta"), ("Google", "google")):
        assert company_org(registry, company, None) == org
