"""``talentradar pipeline``: where a school's students publish from after their studies."""

from __future__ import annotations

from pathlib import Path

import click

from talentradar.analytics.pipeline import LEVELS, pipeline
from talentradar.cli import Context, pass_context
from talentradar.cli.output import emit, format_option
from talentradar.store.radar import reading

COLUMNS = ["cohort", "school", "destination", "persons", "placed", "students", "share"]


@click.command("pipeline")
@click.option("--by", type=click.Choice(LEVELS), default="country", show_default=True)
@click.option("--school", help="Only students of this org (id or name) or country (code).")
@click.option("--from", "cohort_from", type=int, help="First cohort (last student year).")
@click.option("--to", "cohort_to", type=int, help="Last cohort (last student year).")
@click.option("--limit", type=click.IntRange(1, 10_000), default=50, show_default=True)
@format_option
@pass_context
def command(
    ctx: Context,
    by: str,
    school: str | None,
    cohort_from: int | None,
    cohort_to: int | None,
    limit: int,
    fmt: str,
    output: Path | None,
) -> None:
    """Talent pipelines: where students publish from 1-5 years after their studies.

    For persons with a stated student position at an academic org: where they publish from
    1-5 years after their last student year (the cohort), per cohort.

    \b
    Example:
      talentradar pipeline --by country --from 2019 --to 2021
      talentradar pipeline --school CN --by sector
      talentradar pipeline --school "Tsinghua University" --by org --format json
    """
    with reading(ctx.settings) as store:
        result = pipeline(store, by, school, cohort_from, cohort_to, limit)
    s = result["summary"]
    emit(
        result,
        result["flows"],
        fmt,
        output,
        title=f"pipeline by {by}: {s['placed']} of {s['students']} students seen 1-5 years later",
        columns=COLUMNS,
    )
