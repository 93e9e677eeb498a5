"""The ``talentradar`` command: a thin adapter over the library.

Every command that prints data takes ``--format table|csv|json``; JSON shapes
are documented in docs/cli.md. Errors are one line on stderr and a non-zero
exit code; ``--debug`` shows the traceback.
"""

from __future__ import annotations

import logging
import sys
from pathlib import Path

import click

from talentradar.errors import TalentRadarError
from talentradar.settings import Settings, load_settings

EXIT_ERROR = 2


class Context:
    def __init__(self, settings: Settings, debug: bool) -> None:
        self.settings = settings
        self.debug = debug


pass_context = click.make_pass_decorator(Context)


@click.group(context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 100})
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


def _register() -> None:
    from talentradar.cli import (
        build,
        flows,
        market,
        orgs,
        people,
        scout,
        serve,
        stats,
        token,
        tracker,
    )

    for module in (build, stats, tracker, orgs, people, flows, scout, token, serve):
        cli.add_command(module.command)
    cli.add_command(flows.poaching_command)
    cli.add_command(scout.shortlist)
    cli.add_command(scout.similar_command)
    for command in (
        market.comp_command,
        market.import_command,
        market.offers_command,
        market.layoffs_command,
        market.jobs_command,
        market.coverage_command,
    ):
        cli.add_command(command)


_register()
