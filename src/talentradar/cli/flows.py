"""``talentradar flows``, ``talentradar poaching``: talent moving between countries, sectors, labs."""

from __future__ import annotations

from pathlib import Path

import click

from talentradar.analytics.flows import (
    DEFAULT_LABS,
    FLOW_TIERS,
    LEVELS,
    evaluate_moves,
    flows,
    poaching,
    sankey,
)
from talentradar.cli import Context, pass_context
from talentradar.cli.output import emit, export_option, format_option
from talentradar.facts.careers import STAGES
from talentradar.store.radar import reading

CELL_COLUMNS = [
    "from_label",
    "to_label",
    "moves",
    "persons",
    "first_year",
    "last_year",
    "mean_confidence",
]


@click.group("flows", invoke_without_command=True)
@click.option("--by", type=click.Choice(LEVELS), default="country", show_default=True)
@click.option("--from", "start", type=int, help="First year of arrival (inclusive).")
@click.option("--to", "end", type=int, help="Last year of arrival (inclusive).")
@click.option(
    "--tier",
    type=click.Choice(FLOW_TIERS),
    default="all",
    show_default=True,
    help="Only persons with an accepted paper (top) or an oral (elite) at a top venue.",
)
@click.option("--min-confidence", type=click.FloatRange(0, 1), default=0.0, show_default=True)
@click.option(
    "--from-org", help="Only moves out of this org or parent org (where do its people go?)."
)
@click.option(
    "--from-stage",
    type=click.Choice(STAGES),
    help="Only moves whose first side is this career stage (e.g. student: where graduates go).",
)
@click.option("--topic", help='Only the persons of this topic\'s pool, e.g. "diffusion models".')
@click.option("--net", "show", flag_value="net", help="Show net flows per node instead of cells.")
@click.option(
    "--sankey", "show", flag_value="sankey", help="Output the nodes and links of a Sankey diagram."
)
@export_option
@click.pass_context
def command(
    click_ctx: click.Context,
    by: str,
    start: int | None,
    end: int | None,
    tier: str,
    min_confidence: float,
    from_org: str | None,
    from_stage: str | None,
    topic: str | None,
    show: str | None,
    fmt: str,
    output: Path | None,
) -> None:
    """Moves aggregated by (from, to): countries (HQ rule), sectors, orgs or parent orgs.

    \b
    Example:
      talentradar flows --by country --from 2018 --to 2024
      talentradar flows --by sector --tier elite --net
      talentradar flows --by org --from-org tsinghua --from-stage student
      talentradar flows --by parent --sankey --format json
      talentradar flows --by country --format parquet --output flows.parquet
      talentradar flows --by org --topic "diffusion models" --from 2020
    """
    if click_ctx.invoked_subcommand is not None:
        return
    ctx: Context = click_ctx.obj
    with reading(ctx.settings) as store:
        result = flows(
            store,
            by,
            start,
            end,
            tier,
            ctx.settings.top_venues,
            min_confidence,
            from_org,
            from_stage,
            topic,
        )
    if show == "sankey":
        data = sankey(result)
        emit(data, data["links"], fmt, output, title="sankey links")
    elif show == "net":
        emit(
            result, result["net"], fmt, output, title=f"net flows by {by} ({result['moves']} moves)"
        )
    else:
        emit(
            result,
            result["cells"],
            fmt,
            output,
            title=f"flows by {by}: {result['moves']} moves",
            columns=CELL_COLUMNS,
        )


@command.command("evaluate")
@format_option
@pass_context
def evaluate_cmd(ctx: Context, fmt: str, output: Path | None) -> None:
    """Precision and recall of moves against moves computed with OpenReview ids as identity.

    \b
    Example:
      talentradar flows evaluate --format json
    """
    with reading(ctx.settings) as store:
        result = evaluate_moves(store)
    emit(result, [result], fmt, output, title="move validation")


@click.command("poaching")
@click.option("--orgs", help=f"Comma-separated parent org ids (default: {','.join(DEFAULT_LABS)}).")
@click.option("--from", "start", type=int, default=2018, show_default=True)
@click.option("--to", "end", type=int, default=2025, show_default=True)
@click.option("--topic", help='Only the persons of this topic\'s pool, e.g. "diffusion models".')
@export_option
@pass_context
def poaching_command(
    ctx: Context,
    orgs: str | None,
    start: int,
    end: int,
    topic: str | None,
    fmt: str,
    output: Path | None,
) -> None:
    """Lab × lab moves among major AI labs: counts, net balance, and the people in each cell.

    \b
    Example:
      talentradar poaching
      talentradar poaching --orgs alphabet,meta,openai,microsoft --format json
      talentradar poaching --topic "reinforcement learning from human feedback"
    """
    labs = tuple(o.strip() for o in orgs.split(",")) if orgs else DEFAULT_LABS
    with reading(ctx.settings) as store:
        result = poaching(store, labs, start, end, topic=topic)
    if fmt == "table" and output is None:
        emit(result, result["balance"], fmt, None, title=f"net balance {start}–{end}")
        rows = [
            {
                "from": c["from"],
                "to": c["to"],
                "moves": c["moves"],
                "people": [f"{p['name']} ({p['year']})" for p in c["people"]],
            }
            for c in result["cells"]
        ]
        emit(result, rows, fmt, None, title="cells (people behind each)")
        return
    rows = [{"from": c["from"], "to": c["to"], **p} for c in result["cells"] for p in c["people"]]
    emit(result, rows, fmt, output)
