"""``talentradar people …``: persons, why two mentions were merged, evaluation, overrides."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import click

from talentradar import suppressions
from talentradar.analytics.people import find_persons, person_profile
from talentradar.cli import Context, pass_context
from talentradar.cli.output import emit, format_option
from talentradar.pipeline import open_store, resolve_people
from talentradar.progress import NoProgress
from talentradar.resolve.people.overrides import (
    KINDS,
    Override,
    add_override,
    list_overrides,
    remove_override,
)


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
    store = open_store(ctx.settings, read_only=True)
    try:
        found = find_persons(store, query, limit)
        if len(found) != 1:
            emit(
                {"persons": found},
                found,
                fmt,
                output,
                title=f"{len(found)} persons match {query!r}",
            )
            return
        profile = person_profile(store, found[0]["person_id"])
    finally:
        store.close()
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

    store = open_store(ctx.settings, read_only=True)
    try:
        found = find_persons(store, query, 10)
        if len(found) != 1 and not any(p["person_id"] == query for p in found):
            emit(
                {"persons": found},
                found,
                fmt,
                output,
                title=f"{len(found)} persons match {query!r}; pick an id",
                empty=f"nobody matches {query!r}; search part of a name or an id with "
                "`talentradar people show`",
            )
            return
        result = timeline(store, found[0]["person_id"])
    finally:
        store.close()
    who = f"{found[0]['name']} ({found[0]['person_id']})"
    empty = f"{who} has no resolved org in the records: no spells, no moves"
    if fmt == "table" and output is None:
        emit(result, result["spells"], fmt, None, title=f"spells of {who}", empty=empty)
        emit(result, result["moves"], fmt, None, title="moves", allow_empty=True)
        if not result["moves"]:
            click.echo(f"no move counted for {who}", err=True)
        return
    emit(result, result["spells"], fmt, output, empty=empty)


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

    store = open_store(ctx.settings, read_only=True)
    try:
        result = explain_pair(store, mention_a, mention_b)
    finally:
        store.close()
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

    store = open_store(ctx.settings, read_only=True)
    try:
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
    finally:
        store.close()
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
    """Re-run people linkage on the stored mentions (after changing overrides).

    \b
    Example:
      talentradar people link
      talentradar people link --engine spark
      talentradar people link --train
    """
    settings = ctx.settings.with_overrides(engine=engine, train_linkage=train)
    store = open_store(settings)
    try:
        summary = resolve_people(store, settings, NoProgress())
    finally:
        store.close()
    if summary:
        click.echo(
            f"{summary.persons} persons from {summary.mentions} mentions ({summary.pairs} scored pairs, "
            f"{summary.overrides} overrides, {summary.inferred} mentions with an inferred org)",
            err=True,
        )


@command.group("override")
def override() -> None:
    """Must-link and cannot-link rules, re-applied on every rebuild."""


@override.command("add")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("a")
@click.argument("b")
@click.option("--note", help="Why (kept with the rule).")
@pass_context
def override_add(ctx: Context, kind: str, a: str, b: str, note: str | None) -> None:
    """Add a rule between two mention ids or source person ids; run `people link` to apply.

    \b
    Example:
      talentradar people override add must ~Trevor_Darrell2 ~trevor_darrell1 --note "two profiles"
      talentradar people override add cannot 0a1b2c3d4e5f6a7b-1 9f8e7d6c5b4a3f2e-3
    """
    store = open_store(ctx.settings)
    try:
        add_override(store, Override(kind, a, b, note), datetime.now(UTC).replace(tzinfo=None))  # type: ignore[arg-type]
    finally:
        store.close()
    click.echo(f"added: {a} {kind}-link {b}; apply with `talentradar people link`", err=True)


@override.command("list")
@format_option
@pass_context
def override_list(ctx: Context, fmt: str, output: Path | None) -> None:
    """The stored rules.

    \b
    Example:
      talentradar people override list --format csv
    """
    store = open_store(ctx.settings, read_only=True)
    try:
        rows = [vars(r) for r in list_overrides(store)]
    finally:
        store.close()
    emit({"overrides": rows}, rows, fmt, output, title="overrides")


@override.command("remove")
@click.argument("kind", type=click.Choice(KINDS))
@click.argument("a")
@click.argument("b")
@pass_context
def override_remove(ctx: Context, kind: str, a: str, b: str) -> None:
    """Remove a rule.

    \b
    Example:
      talentradar people override remove must ~Trevor_Darrell2 ~trevor_darrell1
    """
    store = open_store(ctx.settings)
    try:
        removed = remove_override(store, kind, a, b)
    finally:
        store.close()
    click.echo("removed" if removed else "no such rule", err=True)


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
    store = open_store(ctx.settings)
    try:
        if undo:
            suppressions.unsuppress(store, subject)
        else:
            suppressions.suppress(store, subject, reason, datetime.now(UTC).replace(tzinfo=None))
    finally:
        store.close()
    click.echo(("unsuppressed " if undo else "suppressed ") + subject, err=True)
