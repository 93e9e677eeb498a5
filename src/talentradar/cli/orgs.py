"""``talentradar orgs …``: the org registry, unresolved strings, trying a string."""

from __future__ import annotations

from pathlib import Path

import click

from talentradar.analytics.orgs import list_orgs, org_profile, unresolved
from talentradar.cli import Context, pass_context
from talentradar.cli.output import emit, format_option
from talentradar.model import SECTORS
from talentradar.resolve.orgs import load_registry, resolve_mention
from talentradar.store.radar import reading


@click.group("orgs")
def command() -> None:
    """Canonical orgs: list, show, unresolved strings, try a string."""


@command.command("unresolved")
@click.option("--venue", help="Only strings seen at this venue.")
@click.option("--year", type=int, help="Only strings seen in this year.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@format_option
@pass_context
def unresolved_cmd(
    ctx: Context, venue: str | None, year: int | None, limit: int, fmt: str, output: Path | None
) -> None:
    """Affiliation strings and e-mail domains that resolve to no org, by frequency.

    \b
    Example:
      talentradar orgs unresolved --venue neurips --year 2022 --limit 30
    """
    with reading(ctx.settings) as store:
        rows = unresolved(store, venue, year, limit)
    emit({"unresolved": rows}, rows, fmt, output, title="unresolved affiliations")


@command.command("list")
@click.option("--sector", type=click.Choice(SECTORS))
@click.option("--country", help="ISO alpha-2 code, e.g. US.")
@click.option("--limit", type=click.IntRange(1, 100_000), default=50, show_default=True)
@format_option
@pass_context
def list_cmd(
    ctx: Context, sector: str | None, country: str | None, limit: int, fmt: str, output: Path | None
) -> None:
    """Orgs by number of author mentions.

    \b
    Example:
      talentradar orgs list --sector industry --country CN
    """
    with reading(ctx.settings) as store:
        rows = list_orgs(store, sector, country, limit)
    emit({"orgs": rows}, rows, fmt, output, title="orgs")


@command.command("show")
@click.argument("org")
@format_option
@pass_context
def show_cmd(ctx: Context, org: str, fmt: str, output: Path | None) -> None:
    """One org: facts, child orgs, mentions per venue-year, the strings resolved to it.

    \b
    Example:
      talentradar orgs show deepmind
    """
    with reading(ctx.settings) as store:
        result = org_profile(store, org)
    rows = [result["org"] | {"children": [c["name"] for c in result["children"]]}]
    if fmt == "table" and output is None:
        emit(result, rows, fmt, output, title="org")
        emit(result, result["by_venue_year"], fmt, output, title="mentions by venue-year")
        emit(result, result["strings"], fmt, output, title="strings resolved to it")
        return
    emit(result, rows, fmt, output)


@command.command("resolve")
@click.argument("affiliation", required=False)
@click.option("--domain", help="An e-mail address or domain.")
@format_option
@pass_context
def resolve_cmd(
    ctx: Context, affiliation: str | None, domain: str | None, fmt: str, output: Path | None
) -> None:
    """Try the resolver on one affiliation string and/or e-mail domain.

    \b
    Example:
      talentradar orgs resolve "Google Brain & University of Toronto"
      talentradar orgs resolve --domain cs.cmu.edu
    """
    if not affiliation and not domain:
        raise click.UsageError("give an AFFILIATION string, a --domain, or both")
    registry = load_registry(ctx.settings.data_dir)
    found = resolve_mention(registry, affiliation, domain)
    rows = [
        {
            "org_id": m.org_id,
            "name": registry.orgs[m.org_id].name,
            "sector": registry.orgs[m.org_id].sector,
            "hq_country": registry.hq_country(m.org_id),
            "site_country": m.site_country,
            "method": m.method,
            "matched": m.matched,
        }
        for m in found.matches
    ]
    emit(
        {"affiliation": affiliation, "domain": domain, "matches": rows, "note": found.note},
        rows,
        fmt,
        output,
        title=found.note or "matches",
    )
