"""``talentradar tracker``: where top-tier AI researchers work."""

from __future__ import annotations

from pathlib import Path

import click

from talentradar.analytics.availability import missing, venue_years
from talentradar.analytics.cohorts import TIERS, Selection, chosen_tracks
from talentradar.analytics.tracker import DIMENSIONS, RULES, tracker
from talentradar.cli import Context, pass_context
from talentradar.cli.output import emit, format_option
from talentradar.store.radar import reading

WARN_BELOW = 0.8
"""A cohort line warns when fewer of its mentions than this have an org from their own paper."""


def coverage_note(cohort: dict) -> str:
    """ ", WARNING: …" when the shares rest on fewer than WARN_BELOW of the cohort's mentions."""
    cov = cohort.get("coverage") or {}
    own = (cov.get("own_paper") or 0) + (cov.get("paper_level") or 0)
    if own >= WARN_BELOW:
        return ""
    return f", WARNING: only {100 * own:.0f}% of mentions have an org from their own paper"


COLUMNS = ["venue", "year", "key", "label", "persons", "person_share", "papers", "paper_share"]


@click.command("tracker")
@click.option(
    "--venue", "venues", multiple=True, required=True, help="Venue id, e.g. neurips (repeatable)."
)
@click.option(
    "--year", "years", multiple=True, type=int, help="Year (repeatable; default all years)."
)
@click.option(
    "--tier",
    type=click.Choice(TIERS),
    default="top",
    show_default=True,
    help="top = accepted papers; elite = orals or equivalent; all = every submission.",
)
@click.option(
    "--track",
    "tracks",
    multiple=True,
    help="Only papers of this track (repeatable; default main — papers with no track count as "
    "main; 'all' for every track).",
)
@click.option("--by", type=click.Choice(DIMENSIONS), default="country", show_default=True)
@click.option(
    "--rule",
    type=click.Choice(RULES),
    default="hq",
    show_default=True,
    help="Country of work: HQ of the employing org, or the site of the lab.",
)
@click.option(
    "--top", type=click.IntRange(1, 10_000), help="Keep the N largest rows per venue-year."
)
@click.option(
    "--observed-only",
    is_flag=True,
    help="Ignore orgs inferred from a person's other papers (mentions with no affiliation).",
)
@click.option("--topic", help='Only the persons of this topic\'s pool, e.g. "diffusion models".')
@format_option
@pass_context
def command(
    ctx: Context,
    venues: tuple[str, ...],
    years: tuple[int, ...],
    tier: str,
    tracks: tuple[str, ...],
    by: str,
    rule: str,
    top: int | None,
    observed_only: bool,
    topic: str | None,
    fmt: str,
    output: Path | None,
) -> None:
    """Shares of a cohort's authors by country, region, sector, org or parent org.

    Two measures, both shown: persons (each person once per venue-year, split
    across their orgs) and papers (1/N credit per author). Shares are of the
    authors whose org is resolved; see the cohort lines for the rest.

    \b
    Example:
      talentradar tracker --venue neurips --year 2019 --by region
      talentradar tracker --venue neurips --year 2022 --track main --by region
      talentradar tracker --venue neurips --year 2019 --tier elite --format json
      talentradar tracker --venue icml --venue iclr --year 2023 --by org --top 20
      talentradar tracker --venue neurips --topic "diffusion models" --by org --top 10
    """
    selection = Selection.of(list(venues), list(years), tier, chosen_tracks(tracks), topic)
    with reading(ctx.settings) as store:
        result = tracker(store, selection, by=by, rule=rule, top=top, inferred=not observed_only)
        absent = missing(selection, venue_years(store))
    title = (
        "; ".join(
            f"{c['venue']} {c['year']}: {c['persons']} persons ({c['persons_resolved']} with an org), "
            f"{c['papers']} papers{coverage_note(c)}"
            for c in result["cohorts"]
        )
        + f" — tier {tier}, {rule.upper()} rule"
        + (f" — pool {topic!r}: {result['pool']['size']} persons" if topic else "")
    )
    if absent and result["rows"]:
        click.echo("warning: " + "; ".join(absent), err=True)
    empty = "; ".join(absent) or "no author of this selection has a resolved org"
    emit(result, result["rows"], fmt, output, title=title, columns=COLUMNS, empty=empty)
