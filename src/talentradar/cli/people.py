"""``talentradar people …``: persons, why two mentions were merged, evaluation, overrides."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from talentradar import suppressions
from talentradar.analytics.people import find_persons, person_profile
from talentradar.cli import Context, pass_context
from talentradar.cli.build import rebuild
from talentradar.cli.output import emit, format_option
from talentradar.errors import NotFoundError
from talentradar.resolve.people.overrides import (
    KINDS,
    Override,
    add_override,
    list_overrides,
    remove_override,
)
from talentradar.store.radar import reading, workspace_of

LIST_COLUMNS = [
    "person_id",
    "name",
    "org",
    "org_year",
    "stage",
    "papers",
    "first_year",
    "last_year",
]
"""The table view of a person list (JSON and CSV carry every key)."""


@click.group("people")
def command() -> None:
    """Persons: show, explain a merge, evaluate, overrides, suppression."""


@command.command("show")
@click.argument("query")
@click.option("--limit", type=click.IntRange(1, 1000), default=10, show_default=True)
@format_option
@pass_context
def show_cmd(ctx: Context, query: str, limit: int, fmt: str, output: Path | None) -> None:
    """A person (by id, source id or name) with mentions, orgs, years and venues.

    With several matches, lists them; with one, shows the whole profile.

    \b
    Example:
      talentradar people show "Sergey Levine"
      talentradar people show P1a2b3c4d5e6 --format json
    """
    with reading(ctx.settings) as store:
        found = find_persons(store, query, limit)
        if len(found) != 1:
            emit(
                {"persons": found},
                found,
                fmt,
                output,
                title=f"{len(found)} persons match {query!r}",
                columns=LIST_COLUMNS if fmt == "table" else None,
            )
            return
        profile = person_profile(store, found[0]["person_id"])
    if fmt == "table" and output is None:
        emit(profile, [profile["person"]], fmt, None, title="person")
        emit(
            profile,
            profile["orgs"],
            fmt,
            None,
            title="orgs (inferred_only: taken from the person's other papers)",
        )
        emit(
            profile,
            profile["mentions"],
            fmt,
            None,
            title="mentions (the evidence)",
            columns=[
                "year",
                "venue",
                "title",
                "name",
                "affiliation",
                "orgs",
                "org_inferred",
                "career_position",
            ],
        )
        return
    emit(profile, profile["mentions"], fmt, output)


@command.command("timeline")
@click.argument("query")
@format_option
@pass_context
def timeline_cmd(ctx: Context, query: str, fmt: str, output: Path | None) -> None:
    """A person's affiliation spells, orgs per year (primary and secondary) and moves.

    \b
    Example:
      talentradar people timeline "Sergey Levine"
    """
    from talentradar.analytics.flows import timeline

    with reading(ctx.settings) as store:
        found = find_persons(store, query, 10)
        if len(found) != 1 and not any(p["person_id"] == query for p in found):
            emit(
                {"persons": found},
                found,
                fmt,
                output,
                title=f"{len(found)} persons match {query!r}; pick an id",
            )
            return
        result = timeline(store, found[0]["person_id"])
    if fmt == "table" and output is None:
        emit(result, result["spells"], fmt, None, title=f"spells of {found[0]['name']}")
        emit(result, result["moves"], fmt, None, title="moves")
        return
    emit(result, result["spells"], fmt, output)


@command.command("explain")
@click.argument("mention_a")
@click.argument("mention_b")
@format_option
@pass_context
def explain_cmd(
    ctx: Context, mention_a: str, mention_b: str, fmt: str, output: Path | None
) -> None:
    """Why two mentions were or were not merged: match weight per comparison.

    \b
    Example:
      talentradar people explain 0a1b2c3d4e5f6a7b-1 9f8e7d6c5b4a3f2e-3
    """
    from talentradar.resolve.people.explain import explain_pair

    with reading(ctx.settings) as store:
        result = explain_pair(store, mention_a, mention_b)
    emit(
        result,
        result["comparisons"],
        fmt,
        output,
        title=f"{result['why']} (match weight {result['match_weight']:.2f}, prior {result['prior_match_weight']:.2f})",
    )


@command.command("evaluate")
@click.option(
    "--qian/--no-qian", default=True, show_default=True, help="Also run the S2AND qian benchmark."
)
@format_option
@pass_context
def evaluate_cmd(ctx: Context, qian: bool, fmt: str, output: Path | None) -> None:
    """B³ and pairwise precision, recall and F1 against OpenReview ids (raw and with duplicate
    profiles merged), ACL ids, hand-labelled variant pairs and S2AND qian, beside the
    exact-name baseline.

    \b
    Example:
      talentradar people evaluate --format json
    """
    from talentradar.resolve.orgs import load_registry
    from talentradar.resolve.people.report import evaluate_store
    from talentradar.resolve.people.s2and import evaluate_qian

    with reading(ctx.settings) as store:
        result = evaluate_store(store)
        if qian:
            reference = [
                (r["g"], r["f"])
                for r in store.query(
                    "SELECT DISTINCT given_first AS g, family_key AS f FROM link_mentions"
                )
            ]
            result["s2and_qian"] = evaluate_qian(
                ctx.settings.data_dir, load_registry(ctx.settings.data_dir), reference=reference
            )
    rows = []
    for label, key in (
        ("openreview", "openreview"),
        ("openreview, duplicates merged", "openreview_duplicates_merged"),
        ("acl anthology", "acl_anthology"),
        ("s2and qian", "s2and_qian"),
    ):
        if key in result:
            for who in ("model", "baseline"):
                b3, pw = result[key][who]["b3"], result[key][who]["pairwise"]
                rows.append(
                    {
                        "labels": label,
                        "clusters": who,
                        "b3_precision": b3["precision"],
                        "b3_recall": b3["recall"],
                        "b3_f1": b3["f1"],
                        "pairwise_f1": pw["f1"],
                        "mentions": b3["items"],
                    }
                )
    emit(result, rows, fmt, output, title="people evaluation")


@command.command("link")
@click.option(
    "--engine", type=click.Choice(["duckdb", "spark"]), help="Linkage engine (default: settings)."
)
@click.option(
    "--train",
    is_flag=True,
    default=None,
    help="Estimate the model afresh on the stored mentions (EM, no labels) instead of the shipped one.",
)
@pass_context
def link_cmd(ctx: Context, engine: str | None, train: bool | None) -> None:
    """Re-run people linkage and every step downstream of it (facts), into a new radar.

    \b
    Example:
      talentradar people link
      talentradar people link --engine spark
      talentradar people link --train
    """
    settings = ctx.settings.with_overrides(engine=engine, train_linkage=train)
    rebuild(settings, start="people")


no_link_option = click.option(
    "--no-link",
    is_flag=True,
    help="Only record the change; apply it later with `talentradar people link`.",
)


@command.group("override")
def override() -> None:
    """Must-link and cannot-link rules, re-applied on every rebuild."""


@override.command("add")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("a")
@click.argument("b")
@click.option("--note", help="Why (kept with the rule).")
@no_link_option
@pass_context
def override_add(ctx: Context, kind: str, a: str, b: str, note: str | None, no_link: bool) -> None:
    """Add a rule between two mention ids or source person ids, and re-link.

    \b
    Example:
      talentradar people override add must ~Trevor_Darrell2 ~trevor_darrell1 --note "two profiles"
      talentradar people override add cannot 0a1b2c3d4e5f6a7b-1 9f8e7d6c5b4a3f2e-3
    """
    rule = Override(kind, a, b, note)  # type: ignore[arg-type]
    with reading(ctx.settings) as radar, workspace_of(ctx.settings).write() as workspace:
        add_override(radar, workspace, rule, datetime.now(UTC).replace(tzinfo=None))
    click.echo(f"added: {a} {kind}-link {b}", err=True)
    _relink(ctx, no_link)


@override.command("list")
@format_option
@pass_context
def override_list(ctx: Context, fmt: str, output: Path | None) -> None:
    """The stored rules.

    \b
    Example:
      talentradar people override list --format csv
    """
    with workspace_of(ctx.settings).read() as workspace:
        rows = [vars(r) for r in list_overrides(workspace)]
    emit({"overrides": rows}, rows, fmt, output, title="overrides")


@override.command("remove")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("a")
@click.argument("b")
@no_link_option
@pass_context
def override_remove(ctx: Context, kind: str, a: str, b: str, no_link: bool) -> None:
    """Remove a rule, and re-link.

    \b
    Example:
      talentradar people override remove must ~Trevor_Darrell2 ~trevor_darrell1
    """
    with workspace_of(ctx.settings).write() as workspace:
        removed = remove_override(workspace, kind, a, b)
    if not removed:
        raise NotFoundError(f"no {kind}-link rule between {a} and {b}")
    click.echo("removed", err=True)
    _relink(ctx, no_link)


def _relink(ctx: Context, no_link: bool) -> None:
    if no_link:
        click.echo("apply with `talentradar people link`", err=True)
    else:
        rebuild(ctx.settings, start="people")


@command.command("suppress")
@click.argument("subject")
@click.option("--reason")
@click.option("--undo", is_flag=True, help="Remove the subject from the suppression list.")
@pass_context
def suppress_cmd(ctx: Context, subject: str, reason: str | None, undo: bool) -> None:
    """Remove a person (person id or source person id) from every output; survives rebuilds.

    \b
    Example:
      talentradar people suppress ~Jane_Doe1 --reason "asked to be removed"
    """
    with workspace_of(ctx.settings).write() as workspace:
        if undo:
            suppressions.unsuppress(workspace, subject)
        else:
            suppressions.suppress(
                workspace, subject, reason, datetime.now(UTC).replace(tzinfo=None)
            )
    click.echo(("unsuppressed " if undo else "suppressed ") + subject, err=True)
