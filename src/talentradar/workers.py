"""Pure work in worker processes.

The build's Python-heavy steps (parsing source files, reading records as papers) run on
both cores this way while the calling process keeps the store to itself; a long
computation that holds the interpreter lock (the LSA decomposition) runs in a worker so
that the build's other thread keeps going.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
import threading
import time
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor
from typing import Any, TypeVar

T = TypeVar("T")

WORKERS = 2
"""Worker processes (one per core of the machines the build is measured on)."""


PR_SET_PDEATHSIG = 1
"""Linux prctl option: the signal a process gets when its parent ends."""


def _end_with_parent(parent: int) -> None:
    """Worker initializer: a worker ends when the build that started it ends, killed or not
    (the kernel signals it on Linux; elsewhere a thread watches the parent)."""
    if sys.platform.startswith("linux"):
        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(PR_SET_PDEATHSIG, signal.SIGKILL)
    if os.getppid() != parent:  # the parent ended before the signal was armed
        os._exit(1)
    threading.Thread(target=_watch, args=(parent,), daemon=True).start()


def _watch(parent: int) -> None:
    while os.getppid() == parent:
        time.sleep(1.0)
    os._exit(1)


def _pool(workers: int) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(
        max_workers=workers,
        mp_context=context,
        initializer=_end_with_parent,
        initargs=(os.getpid(),),
    )


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
    with _pool(WORKERS) as pool:
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
    with _pool(1) as pool:
        return pool.submit(work, *args).result()


def _run_here(work: Callable[..., T], args: tuple[Any, ...]) -> Future[T]:
    future: Future[T] = Future()
    try:
        future.set_result(work(*args))
    except Exception as exc:
        future.set_exception(exc)
    return future
