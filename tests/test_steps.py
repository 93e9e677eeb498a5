"""The build as named steps: the graph is sound, partial rebuilds equal full ones, and a
failed, skipped or repeated build leaves the radar as it should be."""

from __future__ import annotations

import json
import os
import threading
from dataclasses import replace
from datetime import datetime
from pathlib import Path

import pytest

from talentradar import pipeline
from talentradar.cli.build import STEP_NAMES
from talentradar.errors import ExtraMissingError, SourceError, StoreError
from talentradar.pipeline import STEPS, build
from talentradar.resolve.people.overrides import Override, add_override
from talentradar.settings import load_settings
from talentradar.steps import BACKGROUND_NICENESS, Step, check_graph, downstream, from_step
from talentradar.store.radar import open_radar, workspace_of
from tests.conftest import make_mirror

DOWNSTREAM_OF_PEOPLE = (
    "mention_person",
    "persons",
    "inferred_orgs",
    "observations",
    "spells",
    "moves",
    "moves_detail",
    "person_facts",
    "paper_authors",
)


def _rows(settings, tables=DOWNSTREAM_OF_PEOPLE) -> dict[str, list[str]]:
    """Every row of each table, as sorted JSON lines (order-free comparison)."""
    store = open_radar(settings)
    try:
        return {
            t: sorted(
                json.dumps(r, sort_keys=True, default=str)
                for r in store.query(f"SELECT * FROM {t}")
            )
            for t in tables
        }
    finally:
        store.close()


@pytest.fixture
def settings(tmp_path: Path):
    mirror = make_mirror(tmp_path / "data")
    return load_settings(data_dir=str(mirror), db_path=tmp_path / "var" / "tr.duckdb")


def test_every_step_reads_only_what_earlier_steps_write() -> None:
    assert check_graph(STEPS) == []
    assert [s.name for s in STEPS] == list(STEP_NAMES)
    broken = (*STEPS, Step(name="late", reads=("nowhere",), writes=("x",), run=print))
    assert check_graph(broken) == ["step 'late' reads 'nowhere', which no earlier step writes"]


def test_downstream_of_people_is_exactly_people_and_facts() -> None:
    assert [s.name for s in from_step(STEPS, "people")] == ["people", "facts"]
    assert [s.name for s in downstream(STEPS, ["input:person_overrides"])] == ["people", "facts"]
    assert [s.name for s in downstream(STEPS, [pipeline.IMPORTS])] == ["market"]
    assert [s.name for s in from_step(STEPS, "load")] == [s.name for s in STEPS]


def test_override_then_link_equals_a_full_rebuild(settings) -> None:
    build(settings, now=datetime(2026, 1, 1))
    radar = open_radar(settings)
    try:
        a, b = (
            r["mention_id"]
            for r in radar.query(
                "SELECT m.mention_id FROM mentions m JOIN papers p USING (paper_id) "
                "WHERE m.name = 'Alan Turing' ORDER BY p.title LIMIT 2"
            )
        )
        with workspace_of(settings).write() as workspace:
            add_override(radar, workspace, Override("cannot", a, b, "test"), datetime(2026, 1, 1))
    finally:
        radar.close()
    summary = build(settings, now=datetime(2026, 1, 2), start="people")
    assert [s["step"] for s in summary.steps] == ["people", "facts"]
    relinked = _rows(settings)
    full = build(settings, now=datetime(2026, 1, 3))
    assert [s["step"] for s in full.steps] == [s.name for s in STEPS]
    assert _rows(settings) == relinked
    store = open_radar(settings)
    try:
        people = store.query(
            "SELECT mention_id, person_id FROM mention_person WHERE mention_id IN (?, ?)", [a, b]
        )
    finally:
        store.close()
    assert len({r["person_id"] for r in people}) == 2


def test_link_with_no_change_reproduces_the_build(settings) -> None:
    build(settings, now=datetime(2026, 1, 1))
    before = _rows(settings)
    build(settings, now=datetime(2026, 1, 2), start="people")
    assert _rows(settings) == before


def test_without_the_linkage_extra_persons_fall_back_and_every_table_is_made(
    settings, monkeypatch
) -> None:
    def missing(*args, **kwargs):
        raise ExtraMissingError("splink", "linkage")

    monkeypatch.setattr(pipeline, "link_people", missing)
    build(settings)
    store = open_radar(settings)
    try:
        assert store.query("SELECT count(*) AS n FROM persons")[0]["n"] > 0
        assert store.query("SELECT count(*) AS n FROM person_facts")[0]["n"] > 0
    finally:
        store.close()


def test_a_failed_build_leaves_the_previous_radar_untouched(settings, tmp_path) -> None:
    build(settings)
    before = _rows(settings, ("papers", "mentions", "persons"))
    gone = settings.with_overrides(data_dir=str(tmp_path / "nowhere"))
    with pytest.raises(SourceError, match="data folder not found"):
        build(gone)
    assert _rows(settings, ("papers", "mentions", "persons")) == before
    assert not settings.db_path.with_name(settings.db_path.name + ".new").exists()


def test_a_failed_step_leaves_the_previous_radar_untouched(settings, monkeypatch) -> None:
    build(settings)
    before = _rows(settings, ("papers", "persons", "person_facts"))

    def broken(ctx):
        raise RuntimeError("a step failed")

    monkeypatch.setattr(
        pipeline, "STEPS", (*STEPS[:-1], Step(name="market", reads=(), writes=(), run=broken))
    )
    with pytest.raises(RuntimeError):
        pipeline.build(settings)
    assert _rows(settings, ("papers", "persons", "person_facts")) == before


def test_a_background_step_runs_nicer_than_the_build(settings, monkeypatch) -> None:
    seen: dict[str, int] = {}

    def search(ctx) -> None:
        seen["step"] = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())

    steps = tuple(replace(s, run=search) if s.background else s for s in STEPS)
    monkeypatch.setattr(pipeline, "STEPS", steps)
    pipeline.build(settings)
    build_nice = os.getpriority(os.PRIO_PROCESS, threading.get_native_id())
    assert seen["step"] == min(19, build_nice + BACKGROUND_NICENESS)


def test_no_radar_says_run_build(tmp_path) -> None:
    settings = load_settings(db_path=tmp_path / "none.duckdb")
    with pytest.raises(StoreError, match="run `talentradar build`"):
        open_radar(settings)


def test_a_partial_build_needs_a_radar(settings) -> None:
    with pytest.raises(StoreError, match="run `talentradar build`"):
        build(settings, start="people")


def test_the_radar_does_not_grow_across_rebuilds(settings) -> None:
    build(settings, now=datetime(2026, 1, 1))
    first = settings.db_path.stat().st_size
    for day in (2, 3, 4):
        build(settings, now=datetime(2026, 1, day))
    build(settings, now=datetime(2026, 1, 5), start="people")
    assert settings.db_path.stat().st_size <= first * 1.05


def test_a_second_build_at_once_is_refused_with_who_holds_it(settings) -> None:
    from talentradar.store.radar import RadarBuild

    with RadarBuild(settings), pytest.raises(StoreError, match="another build") as refused:
        build(settings)
    assert "wait for it to finish" in str(refused.value)
