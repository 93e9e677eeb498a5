"""``talentradar scout``, ``talentradar shortlist``: find and rank people, keep lists."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from talentradar import shortlists
from talentradar.analytics.scout import TIERS, ScoutQuery, scout
from talentradar.analytics.similar import similar
from talentradar.cli import Context, pass_context
from talentradar.cli.output import emit, format_option
from talentradar.facts.careers import STAGES
from talentradar.model import SECTORS
from talentradar.store.radar import reading, workspace_of

COLUMNS = [
    "name",
    "org",
    "country",
    "stage",
    "score",
    "percentile",
    "relevant_papers",
    "top_papers",
    "person_id",
]


@click.command("scout")
@click.argument("query")
@click.option(
    "--country",
    "countries",
    multiple=True,
    help="ISO code of the person's latest org's HQ (repeatable).",
)
@click.option("--org", "orgs", multiple=True, help="Org or parent org id (repeatable).")
@click.option("--sector", "sectors", multiple=True, type=click.Choice(SECTORS))
@click.option(
    "--stage", "stages", multiple=True, type=click.Choice(STAGES), help="Latest career stage."
)
@click.option("--venue", "venues", multiple=True, help="Only papers at these venues (repeatable).")
@click.option("--tier", type=click.Choice(TIERS), default="all", show_default=True)
@click.option("--from", "year_from", type=int, help="Only papers from this year.")
@click.option("--to", "year_to", type=int, help="Only papers up to this year.")
@click.option("--moved-since", type=int, help="Only persons who moved org in or after this year.")
@click.option("--max-career-years", type=int, help="At most this many years since the first paper.")
@click.option(
    "--rising", is_flag=True, help="Rising stars: early-career people ranked on trajectory."
)
@click.option("--min-papers", type=click.IntRange(1, 100), default=2, show_default=True)
@click.option("--no-semantic", is_flag=True, help="Full-text ranking only.")
@click.option("--limit", type=click.IntRange(1, 500), default=20, show_default=True)
@format_option
@pass_context
def command(
    ctx: Context,
    query: str,
    countries: tuple[str, ...],
    orgs: tuple[str, ...],
    sectors: tuple[str, ...],
    stages: tuple[str, ...],
    venues: tuple[str, ...],
    tier: str,
    year_from: int | None,
    year_to: int | None,
    moved_since: int | None,
    max_career_years: int | None,
    rising: bool,
    min_papers: int,
    no_semantic: bool,
    limit: int,
    fmt: str,
    output: Path | None,
) -> None:
    """People who publish on a topic, ranked by an explainable score.

    Each result shows the score's components (they add up to the score), the
    evidence papers and a percentile among the query's candidates of the same
    career stage.

    \b
    Example:
      talentradar scout "diffusion models for video" --tier top --limit 10
      talentradar scout "RLHF" --rising --country CN
      talentradar scout "graph neural networks" --stage student --format json
    """
    spec = ScoutQuery(
        text=query,
        countries=tuple(c.upper() for c in countries),
        orgs=orgs,
        sectors=sectors,
        stages=stages,
        venues=venues,
        tier=tier,
        year_from=year_from,
        year_to=year_to,
        moved_since=moved_since,
        max_career_years=max_career_years,
        rising=rising,
        min_papers=min_papers,
        limit=limit,
        semantic=not no_semantic,
    )
    with reading(ctx.settings) as store:
        result = scout(store, spec)
    emit(
        result,
        result["results"],
        fmt,
        output,
        title=f"{'rising stars' if rising else 'people'}: {query}",
        columns=COLUMNS,
    )


@click.command("similar")
@click.argument("person_id")
@click.option("--country", "countries", multiple=True, help="ISO code of the latest org's HQ.")
@click.option("--sector", "sectors", multiple=True, type=click.Choice(SECTORS))
@click.option(
    "--stage", "stages", multiple=True, type=click.Choice(STAGES), help="Latest career stage."
)
@click.option("--venue", "venues", multiple=True, help="Only papers at these venues (repeatable).")
@click.option("--tier", type=click.Choice(TIERS), default="all", show_default=True)
@click.option("--from", "year_from", type=int, help="Only papers from this year.")
@click.option("--rising", is_flag=True, help="Only early-career people (the rising-stars rule).")
@click.option("--limit", type=click.IntRange(1, 500), default=20, show_default=True)
@format_option
@pass_context
def similar_command(
    ctx: Context,
    person_id: str,
    countries: tuple[str, ...],
    sectors: tuple[str, ...],
    stages: tuple[str, ...],
    venues: tuple[str, ...],
    tier: str,
    year_from: int | None,
    rising: bool,
    limit: int,
    fmt: str,
    output: Path | None,
) -> None:
    """People whose papers are most like a person's ("more like this"), ranked as scout ranks.

    \b
    Example:
      talentradar similar Pe0228122c3e --limit 10
      talentradar similar Pe0228122c3e --stage student --country US --format json
    """
    spec = ScoutQuery(
        text="similar",
        countries=tuple(c.upper() for c in countries),
        sectors=sectors,
        stages=stages,
        venues=venues,
        tier=tier,
        year_from=year_from,
        rising=rising,
        limit=limit,
    )
    with reading(ctx.settings) as store:
        result = similar(store, person_id, spec)
    title = f"like {result['person']['name']} ({result['person']['papers']} accepted papers)"
    emit(result, result["results"], fmt, output, title=title, columns=COLUMNS)


@click.group("shortlist")
def shortlist() -> None:
    """Named lists of persons with a stage and notes."""


@shortlist.command("add")
@click.argument("name")
@click.argument("person_ids", nargs=-1, required=True)
@click.option("--stage", type=click.Choice(shortlists.STAGES), default="sourced", show_default=True)
@click.option("--note")
@pass_context
def shortlist_add(
    ctx: Context, name: str, person_ids: tuple[str, ...], stage: str, note: str | None
) -> None:
    """Add persons to a shortlist (or update their stage).

    \b
    Example:
      talentradar shortlist add video-gen Pe0228122c3e --stage contacted --note "met at NeurIPS"
    """
    now = datetime.now(UTC).replace(tzinfo=None)
    with reading(ctx.settings) as radar, workspace_of(ctx.settings).write() as workspace:
        for person_id in person_ids:
            shortlists.add(radar, workspace, name, person_id, now, stage, note)
    click.echo(f"{len(person_ids)} added to {name}", err=True)


@shortlist.command("remove")
@click.argument("name")
@click.argument("person_id")
@pass_context
def shortlist_remove(ctx: Context, name: str, person_id: str) -> None:
    """Remove a person from a shortlist.

    \b
    Example:
      talentradar shortlist remove video-gen Pe0228122c3e
    """
    with workspace_of(ctx.settings).write() as workspace:
        removed = shortlists.remove(workspace, name, person_id)
    click.echo("removed" if removed else "not on the list", err=True)


@shortlist.command("show")
@click.argument("name", required=False)
@format_option
@pass_context
def shortlist_show(ctx: Context, name: str | None, fmt: str, output: Path | None) -> None:
    """A shortlist's persons, or all shortlists when no name is given.

    \b
    Example:
      talentradar shortlist show video-gen
    """
    with reading(ctx.settings) as store:
        rows = shortlists.show(store, name) if name else shortlists.lists(store)
    emit(
        {"shortlist": name, "entries": rows} if name else {"shortlists": rows},
        rows,
        fmt,
        output,
        title=name or "shortlists",
    )


@shortlist.command("export")
@click.argument("name")
@click.option("--output", "-o", type=click.Path(dir_okay=False, path_type=Path), required=True)
@pass_context
def shortlist_export(ctx: Context, name: str, output: Path) -> None:
    """Export a shortlist to CSV.

    \b
    Example:
      talentradar shortlist export video-gen --output video-gen.csv
    """
    with reading(ctx.settings) as store:
        rows = shortlists.show(store, name)
    emit({"entries": rows}, rows, "csv", output)
    click.echo(f"{len(rows)} persons written to {output}", err=True)
