"""Build steps: each derived table is made by one named step that declares what it reads and
writes. The build runs the ordered list; a change to an input re-runs exactly the steps
downstream of it (pure planning here; pipeline.py holds the list and runs it).

A step reads tables written by earlier steps, or names from outside the radar:
``input:<name>`` (source files, the org registry, a workspace table) or ``previous:<table>``
(a table of the radar being replaced, e.g. the person ids that keep ids stable).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from talentradar.errors import UnknownValueError

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
