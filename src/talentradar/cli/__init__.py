"""The ``talentradar`` command: a thin adapter over the library.

Every command that prints data takes ``--format table|csv|json``; JSON shapes
are documented in docs/cli.md. Errors are one line on stderr and a non-zero
exit code; ``--debug`` shows the traceback.

Commands are imported only when run (``COMMANDS``), so ``talentradar --help`` and the
read commands start without loading the build, the linkage or the web stack.
"""

from __future__ import annotations

import importlib
import logging
import sys
from pathlib import Path

import click

from talentradar.errors import TalentRadarError
from talentradar.settings import Settings, load_settings

EXIT_ERROR = 2

COMMANDS: dict[str, tuple[str, str, str]] = {
    "build": ("build", "command", "Load every source and build a new radar (or part of one)."),
    "stats": (
        "stats",
        "command",
        "Counts per table, files loaded or failed, quarantined records and why, org coverage.",
    ),
    "tracker": (
        "tracker",
        "command",
        "Shares of a cohort's authors by country, region, sector, org or parent org.",
    ),
    "orgs": ("orgs", "command", "Canonical orgs: list, show, unresolved strings, try a string."),
    "people": (
        "people",
        "command",
        "Persons: show, explain a merge, evaluate, overrides, suppression.",
    ),
    "flows": (
        "flows",
        "command",
        "Moves aggregated by (from, to): countries (HQ rule), sectors, orgs or parent orgs.",
    ),
    "poaching": (
        "flows",
        "poaching_command",
        "Lab × lab moves among major AI labs: counts, net balance, and the people in each cell.",
    ),
    "pipeline": (
        "pipeline",
        "command",
        "Talent pipelines: where students publish from 1-5 years after their studies.",
    ),
    "scout": ("scout", "command", "People who publish on a topic, ranked by an explainable score."),
    "shortlist": ("scout", "shortlist", "Named lists of persons with a stage and notes."),
    "similar": (
        "scout",
        "similar_command",
        'People whose papers are most like a person\'s ("more like this"), ranked as scout ranks.',
    ),
    "token": ("token", "command", "API tokens (the API's writes need one)."),
    "audit": (
        "audit",
        "command",
        "Every write (who, when, what, why), newest first; `audit undo ID` reverses one.",
    ),
    "serve": ("serve", "command", "Serve the dashboard and REST API (OpenAPI docs at /docs)."),
    "comp": (
        "market",
        "comp_command",
        "Percentiles (p10–p90) of total yearly compensation, with the number of rows behind each.",
    ),
    "import-comp": (
        "market",
        "import_command",
        "Import your own compensation CSV beside the shipped data; bad rows are quarantined.",
    ),
    "offers": ("market", "offers_command", "Compare job offers."),
    "watch": (
        "watch",
        "watch",
        "Watch a shortlist or an org: each build records what changed for it.",
    ),
    "changes": (
        "watch",
        "changes",
        "What changed for watched items at each build: new papers, new orgs, moves in and out.",
    ),
    "layoffs": (
        "market",
        "layoffs_command",
        "Layoff events and people laid off over time, by org, company, industry or country.",
    ),
    "jobs": (
        "market",
        "jobs_command",
        "Job postings by role family with salary ranges (a small 2021 sample, said so).",
    ),
    "market-coverage": (
        "market",
        "coverage_command",
        "Share of compensation rows and layoff events of the top companies mapped to an org.",
    ),
}
"""Command name → (module under talentradar.cli, attribute, one-line help for the listing)."""


class Context:
    def __init__(self, settings: Settings, debug: bool) -> None:
        self.settings = settings
        self.debug = debug


pass_context = click.make_pass_decorator(Context)


class LazyGroup(click.Group):
    """A group whose commands are imported when they are run (or asked for their help)."""

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted(COMMANDS)

    def get_command(self, ctx: click.Context, name: str) -> click.Command | None:
        if name not in COMMANDS:
            return None
        module, attribute, _ = COMMANDS[name]
        command: click.Command = getattr(
            importlib.import_module(f"talentradar.cli.{module}"), attribute
        )
        return command

    def format_commands(self, ctx: click.Context, formatter: click.HelpFormatter) -> None:
        rows = [(name, COMMANDS[name][2]) for name in self.list_commands(ctx)]
        with formatter.section("Commands"):
            formatter.write_dl(rows)


@click.group(
    cls=LazyGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100},
)
@click.option(
    "--db", type=click.Path(path_type=Path), help="The store file (default var/talentradar.duckdb)."
)
@click.option(
    "--data-dir", help="Folder (or base URL) of the source data (default ../shared/data)."
)
@click.option(
    "--config",
    type=click.Path(path_type=Path, dir_okay=False),
    help="Settings file (default ./talentradar.toml when present).",
)
@click.option("--debug", is_flag=True, help="Show tracebacks and debug logs.")
@click.version_option(package_name="talentradar")
@click.pass_context
def cli(
    ctx: click.Context, db: Path | None, data_dir: str | None, config: Path | None, debug: bool
) -> None:
    """TalentRadar: who the top AI researchers are, where they work and how they move.

    \b
    Example:
      talentradar build
      talentradar tracker --venue neurips --year 2019 --by region
    """
    logging.basicConfig(
        level=logging.DEBUG if debug else logging.WARNING,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    ctx.obj = Context(load_settings(config, db_path=db, data_dir=data_dir), debug)


def main() -> None:
    """Entry point: one clear line on stderr for expected errors."""
    debug = "--debug" in sys.argv
    try:
        cli.main(standalone_mode=False)
    except click.exceptions.Abort:
        click.echo("aborted", err=True)
        sys.exit(130)
    except click.ClickException as exc:
        exc.show()
        sys.exit(exc.exit_code)
    except TalentRadarError as exc:
        if debug:
            raise
        click.echo(f"error: {exc}", err=True)
        sys.exit(EXIT_ERROR)
