"""Pure work in worker processes.

The build's Python-heavy steps (parsing source files, reading records as papers) run on
both cores this way while the calling process keeps the store to itself; a long
computation that holds the interpreter lock (the LSA decomposition) runs in a worker so
that the build's other thread keeps going.
"""

from __future__ import annotations

import multiprocessing
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

WORKERS = 2
"""Worker processes (one per core of the machines the build is measured on)."""


def map_in_order(
    work: Callable[..., T],
    calls: Iterable[tuple[Any, ...]],
    in_workers: bool = True,
    window: int = 4,
) -> Iterator[Future[T]]:
    """``work(*args)`` for every ``args`` of ``calls``, in WORKERS processes (or here, one call
    at a time, when not ``in_workers``); the futures in the order of ``calls``, a failed call's
    future holding its exception. ``calls`` is read lazily, at most ``window`` calls ahead of
    the caller, so arguments made from the store are made only as fast as workers take them.

    ``work`` must be a module-level function (it is sent to a new process by name). Workers are
    spawned, never forked: a forked copy of a process holding DuckDB is not safe."""
    if not in_workers:
        for args in calls:
            yield _run_here(work, args)
        return
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=WORKERS, mp_context=context) as pool:
        pending: deque[Future[T]] = deque()
        for args in calls:
            pending.append(pool.submit(work, *args))
            if len(pending) >= window:
                yield pending.popleft()
        while pending:
            yield pending.popleft()


def call_in_worker(work: Callable[..., T], *args: Any, in_worker: bool = True) -> T:
    """``work(*args)`` in one worker process (or here, when not ``in_worker``)."""
    if not in_worker:
        return work(*args)
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=1, mp_context=context) as pool:
        return pool.submit(work, *args).result()


def _run_here(work: Callable[..., T], args: tuple[Any, ...]) -> Future[T]:
    future: Future[T] = Future()
    try:
        future.set_result(work(*args))
    except Exception as exc:
        future.set_exception(exc)
    return future
