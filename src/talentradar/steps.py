"""Build steps: each derived table is made by one named step that declares what it reads and
writes. The build runs the ordered list; a change to an input re-runs exactly the steps
downstream of it. Here: the step record, planning (what is downstream of a change) and the
runner; pipeline.py holds the list itself and the step functions.

A step reads tables written by earlier steps, or names from outside the radar:
``input:<name>`` (source files, the org registry, a workspace table) or ``previous:<table>``
(a table of the radar being replaced, e.g. the person ids that keep ids stable).
"""

from __future__ import annotations

import contextlib
import json
import logging
import os
import threading
import time
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field, replace
from datetime import datetime
from typing import TYPE_CHECKING, Any

from talentradar import __version__
from talentradar.errors import UnknownValueError
from talentradar.progress import Progress
from talentradar.settings import Settings
from talentradar.store import Store
from talentradar.store.workspace import Workspace

if TYPE_CHECKING:
    from talentradar.raw import LoadResult
    from talentradar.resolve.orgs.registry import Registry
    from talentradar.store.radar import RadarBuild

log = logging.getLogger(__name__)

OUTSIDE = ("input:", "previous:")


@dataclass(frozen=True, kw_only=True)
class Step:
    name: str
    reads: tuple[str, ...]
    writes: tuple[str, ...]
    run: Callable[[Any], None]
    background: bool = False
    """Run on a second connection in a thread, beside the steps after it that do not read
    what it writes (both cores work)."""
    doc: str = ""

    @property
    def tables_read(self) -> tuple[str, ...]:
        return tuple(r for r in self.reads if not r.startswith(OUTSIDE))

    @property
    def carried(self) -> tuple[str, ...]:
        """Tables of the previous radar this step starts from."""
        return tuple(r.removeprefix("previous:") for r in self.reads if r.startswith("previous:"))


def check_graph(steps: Sequence[Step]) -> list[str]:
    """Problems of a step list: a table read before any step writes it, or written twice."""
    problems: list[str] = []
    written: dict[str, str] = {}
    for step in steps:
        for table in step.tables_read:
            if table not in written:
                problems.append(f"step {step.name!r} reads {table!r}, which no earlier step writes")
        for table in step.writes:
            if table in written:
                problems.append(
                    f"step {step.name!r} writes {table!r}, already written by {written[table]!r}"
                )
            written[table] = step.name
    return problems


def downstream(steps: Sequence[Step], changed: Iterable[str]) -> list[Step]:
    """The steps that read any of ``changed`` (tables or inputs), directly or through the
    tables of other such steps, in build order."""
    dirty = set(changed)
    chosen = []
    for step in steps:
        if dirty & set(step.reads):
            chosen.append(step)
            dirty.update(step.writes)
    return chosen


def from_step(steps: Sequence[Step], name: str) -> list[Step]:
    """``name`` and every step downstream of it."""
    by_name = {s.name: s for s in steps}
    if name not in by_name:
        raise UnknownValueError("step (--from)", name, list(by_name))
    start = by_name[name]
    rest = downstream(steps, start.writes)
    return [s for s in steps if s is start or s in rest]


def carried_tables(steps: Sequence[Step], chosen: Sequence[Step]) -> list[str]:
    """What a partial build copies from the previous radar: everything the steps not run write."""
    return [t for s in steps if s not in chosen for t in s.writes]


@dataclass
class BuildSummary:
    loads: list[LoadResult] = field(default_factory=list)
    counts: dict[str, int] = field(default_factory=dict)
    joins: list[dict[str, Any]] = field(default_factory=list)
    steps: list[dict[str, Any]] = field(default_factory=list)
    """The steps that ran, in order, with their seconds."""
    carried: list[str] = field(default_factory=list)
    """Tables copied from the previous radar (the steps not run make them)."""
    seconds: float = 0.0

    @property
    def failed(self) -> list[LoadResult]:
        return [r for r in self.loads if r.status == "failed"]


@dataclass
class BuildContext:
    """What a step works with: the new radar, settings, progress and the build's summary."""

    settings: Settings
    store: Store
    workspace: Workspace
    progress: Progress
    now: datetime
    roots: dict[str, str]
    summary: BuildSummary
    previous: str | None = None
    """The radar being replaced, attached read-only for the build: its name in SQL (steps may
    copy unchanged parts of it); None when there is none."""
    cache: dict[str, Any] = field(default_factory=dict)

    def registry(self) -> Registry:
        """The org registry, loaded once per build."""
        if "registry" not in self.cache:
            from talentradar.resolve.orgs.registry import load_registry

            self.cache["registry"] = load_registry(self.settings.data_dir)
        registry: Registry = self.cache["registry"]
        return registry


def run_steps(ctx: BuildContext, chosen: list[Step], radar: RadarBuild) -> None:
    """Run the chosen steps in order; a background step runs on its own connection until a
    later step reads what it writes (or the build ends)."""
    background: dict[str, tuple[Step, Future[None]]] = {}
    with ThreadPoolExecutor(max_workers=1) as pool:
        for step in chosen:
            _wait_for(background, step.tables_read)
            radar.carry(step.carried)
            if step.background:
                background[step.name] = (step, pool.submit(_run_on_cursor, step, ctx))
            else:
                _run(step, ctx)
        _wait_for(background, None)
    order = {s.name: i for i, s in enumerate(chosen)}
    ctx.summary.steps.sort(key=lambda s: order[s["step"]])


def _wait_for(
    background: dict[str, tuple[Step, Future[None]]], reads: tuple[str, ...] | None
) -> None:
    for name, (step, future) in list(background.items()):
        if reads is None or set(step.writes) & set(reads):
            future.result()
            del background[name]


BACKGROUND_NICENESS = 10
"""A background step's thread, and the threads it starts, run this much nicer than the build
(at most 19): the step takes what the steps on the build's main path leave of the cores."""


def _run_on_cursor(step: Step, ctx: BuildContext) -> None:
    with contextlib.suppress(AttributeError, OSError):  # Linux: this thread's priority alone
        thread = threading.get_native_id()
        nice = os.getpriority(os.PRIO_PROCESS, thread) + BACKGROUND_NICENESS
        os.setpriority(os.PRIO_PROCESS, thread, min(19, nice))
    cursor = ctx.store.cursor()
    try:
        _run(step, replace(ctx, store=cursor))
    finally:
        cursor.close()


def _run(step: Step, ctx: BuildContext) -> None:
    clock = time.perf_counter()
    step.run(ctx)
    ctx.summary.steps.append({"step": step.name, "seconds": round(time.perf_counter() - clock, 2)})
    log.info("step %s: %.1f s", step.name, time.perf_counter() - clock)


def write_build_info(ctx: BuildContext, chosen: list[Step]) -> None:
    info = {
        "built_at": ctx.now.isoformat(),
        "version": __version__,
        "steps": json.dumps([s.name for s in chosen]),
    }
    if ctx.summary.joins or "papers" in {s.name for s in chosen}:
        info["joins"] = json.dumps(ctx.summary.joins)
    for key, value in info.items():
        ctx.store.execute("INSERT OR REPLACE INTO build_info VALUES (?, ?)", [key, value])
