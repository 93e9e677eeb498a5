"""``talentradar comp``, ``offers``, ``layoffs``, ``jobs``: the market side of the talent war."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from talentradar.cli import Context, pass_context
from talentradar.cli.build import rebuild
from talentradar.cli.output import emit, format_option
from talentradar.errors import TalentRadarError, UnknownValueError
from talentradar.market import comp as benchmarks
from talentradar.market import layoffs as layoff_data
from talentradar.market import offers as offer_maths
from talentradar.market.derive import ROLE_FAMILIES
from talentradar.market.sources import IMPORT_COLUMNS
from talentradar.store.radar import reading


def _yoe(value: str | None) -> tuple[float, float] | None:
    try:
        return benchmarks.parse_yoe(value)
    except UnknownValueError as exc:
        raise click.BadParameter(str(exc), param_hint="--yoe") from None


@click.command("import-comp")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option(
    "--map",
    "pairs",
    multiple=True,
    required=True,
    metavar="TARGET=COLUMN",
    help=f"Which of your columns fills each target column (repeatable); targets: {', '.join(IMPORT_COLUMNS)}.",
)
@click.option("--delimiter", default=",", show_default=True)
@pass_context
def import_command(ctx: Context, file: Path, pairs: tuple[str, ...], delimiter: str) -> None:
    """Import your own compensation CSV beside the shipped data; bad rows are quarantined.

    company, title and total (or base) are needed; base, stock and bonus add up to
    total when total is absent; currency defaults to USD. Importing the same file
    again changes nothing.

    \b
    Example:
      talentradar import-comp offers2025.csv --map company=Employer --map title=Role \\
          --map base=Base --map stock=Equity --map bonus=Bonus --map yearsofexperience=YOE
    """
    mapping = {}
    for pair in pairs:
        target, sep, column = pair.partition("=")
        if not sep or not target.strip() or not column.strip():
            raise click.BadParameter(f"{pair!r}: expected TARGET=COLUMN", param_hint="--map")
        mapping[target.strip().lower()] = column.strip()
    from talentradar.pipeline import IMPORTS, import_compensation

    result = import_compensation(ctx.settings, str(file.resolve()), mapping, delimiter)
    if result.status == "failed":
        raise TalentRadarError(result.error or f"{file}: import failed")
    click.echo(
        f"{file}: {result.status}; {result.new} new, {result.updated} updated, "
        f"{result.unchanged} unchanged, {result.quarantined} quarantined",
        err=True,
    )
    if result.status == "loaded":
        rebuild(ctx.settings, changed=[IMPORTS])


@click.command("comp")
@click.option("--org", help="Org or parent org id, or a company name.")
@click.option("--role", type=click.Choice(ROLE_FAMILIES), help="Role family.")
@click.option("--yoe", help="Years of experience, a range: 2-5, 10- .")
@click.option("--location", help="Country code (US), metro (Seattle) or part of the location.")
@click.option(
    "--by",
    "by",
    multiple=True,
    type=click.Choice(benchmarks.DIMENSIONS),
    help="Group rows by (repeatable; default org and role).",
)
@click.option(
    "--min-rows",
    type=click.IntRange(1, 10_000),
    default=benchmarks.MIN_ROWS,
    show_default=True,
    help="Groups with fewer rows get no percentiles.",
)
@format_option
@pass_context
def comp_command(
    ctx: Context,
    org: str | None,
    role: str | None,
    yoe: str | None,
    location: str | None,
    by: tuple[str, ...],
    min_rows: int,
    fmt: str,
    output: Path | None,
) -> None:
    """Percentiles (p10–p90) of total yearly compensation, with the number of rows behind each.

    \b
    Example:
      talentradar comp --org google --role "software engineer" --yoe 2-5
      talentradar comp --role "ML/AI engineer" --by org --location US --format json
    """
    with reading(ctx.settings) as store:
        result = benchmarks.benchmarks(
            store, org, role, _yoe(yoe), location, by or ("org", "role"), min_rows
        )
    emit(result, result["rows"], fmt, output, title=result["measure"])


@click.group("offers")
def offers_command() -> None:
    """Compare job offers."""


@offers_command.command("compare")
@click.argument("file", type=click.Path(exists=True, dir_okay=False, path_type=Path))
@click.option("--currency", default="USD", show_default=True, help="Currency of the comparison.")
@click.option(
    "--rates",
    type=click.Path(exists=True, dir_okay=False, path_type=Path),
    help="CSV of currency,usd_per_unit replacing the built-in rate table.",
)
@format_option
@pass_context
def offers_compare(
    ctx: Context, file: Path, currency: str, rates: Path | None, fmt: str, output: Path | None
) -> None:
    """Year-by-year and 4-year totals of offers in one currency, and each against the market.

    FILE is a JSON list of offers: {"name", "base", "currency", "sign_on", "bonus_target",
    "equity", "vesting": "even" | "back-loaded" | "cliff" | [yearly %], "tier", "role",
    "years_experience", "location"}.

    \b
    Example:
      talentradar offers compare offers.json --currency USD
    """
    table = (
        offer_maths.read_rates(rates.read_text(encoding="utf-8"), str(rates))
        if rates
        else offer_maths.default_rates()
    )
    offers = offer_maths.read_offers(file)
    market: dict[str, list[float]] = {}
    if ctx.settings.db_path.exists():
        with reading(ctx.settings) as store:
            market = benchmarks.offer_markets(store, offers)
    result = offer_maths.compare(offers, table, currency, market, benchmarks.MIN_ROWS)
    rows = [
        {
            "offer": o["offer"],
            "tier": o["tier"],
            **{f"year_{y['year']}": round(y["total"]) for y in o["years"]},
            "four_year_total": round(o["four_year_total"]),
            "market_percentile": o["market_percentile"],
            "market_rows": o["market_rows"],
        }
        for o in result["offers"]
    ]
    emit(result, rows, fmt, output, title=f"offers in {result['currency']}")


@click.command("layoffs")
@click.option("--by", type=click.Choice(layoff_data.GROUPS), default="industry", show_default=True)
@click.option(
    "--period", type=click.Choice(layoff_data.PERIODS), default="quarter", show_default=True
)
@click.option("--org", help="Org or parent org id, or a company name.")
@click.option("--country", help="ISO country code.")
@click.option("--from", "start", help="First date (YYYY-MM-DD).")
@click.option("--to", "end", help="Last date (YYYY-MM-DD).")
@click.option("--top", type=click.IntRange(1, 200), default=10, show_default=True)
@format_option
@pass_context
def layoffs_command(
    ctx: Context,
    by: str,
    period: str,
    org: str | None,
    country: str | None,
    start: str | None,
    end: str | None,
    top: int,
    fmt: str,
    output: Path | None,
) -> None:
    """Layoff events and people laid off over time, by org, company, industry or country.

    \b
    Example:
      talentradar layoffs --by industry --period year
      talentradar layoffs --org meta --period month --format json
    """
    for value in (start, end):
        if value:
            try:
                datetime.strptime(value, "%Y-%m-%d").replace(tzinfo=UTC)
            except ValueError:
                raise TalentRadarError(f"date {value!r}: expected YYYY-MM-DD") from None
    with reading(ctx.settings) as store:
        result = layoff_data.timeline(store, by, period, org, country, start, end, top)
    emit(result, result["rows"], fmt, output, title=f"layoffs by {by} per {period}")


@click.command("jobs")
@format_option
@pass_context
def jobs_command(ctx: Context, fmt: str, output: Path | None) -> None:
    """Job postings by role family with salary ranges (a small 2021 sample, said so).

    \b
    Example:
      talentradar jobs --format json
    """
    with reading(ctx.settings) as store:
        result = layoff_data.jobs_summary(store)
    emit(result, result["by_role"], fmt, output, title=result["caveat"])


@click.command("market-coverage")
@click.option("--top", type=click.IntRange(1, 10_000), default=200, show_default=True)
@format_option
@pass_context
def coverage_command(ctx: Context, top: int, fmt: str, output: Path | None) -> None:
    """Share of compensation rows and layoff events of the top companies mapped to an org.

    \b
    Example:
      talentradar market-coverage --top 200
    """
    with reading(ctx.settings) as store:
        result = {t: benchmarks.mapping_coverage(store, t, top) for t in ("comp", "layoffs")}
    rows = [
        {
            "table": t,
            "companies": r["companies"],
            "rows": r["rows"],
            "mapped_rows": r["mapped_rows"],
            "share": r["share"],
            "unmapped": [u["company"] for u in r["unmapped"]],
        }
        for t, r in result.items()
    ]
    emit(result, rows, fmt, output, title="company → org mapping")
