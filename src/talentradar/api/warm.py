"""Start-up warming: what a page's first view would otherwise load is loaded once per process,
in a background thread, as soon as ``serve`` starts.

Scout's in-memory text index and authorship arrays (tens of seconds on the real radar) and the
Overview's per-radar answers (trends over every year, covered years, findings, store stats)
are computed here, not by the first visitor. A request that arrives while a part is still
loading waits for that part (the loaders take a lock), it never loads it a second time.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Callable
from types import SimpleNamespace
from typing import Any

from fastapi import FastAPI

log = logging.getLogger("talentradar.api")

WARM_QUERY = "learning"
"""A Scout query that touches the index, the embeddings and the score arrays."""


class Warmer:
    """Runs the warming steps in a daemon thread; ``stop()`` ends it between steps."""

    def __init__(
        self, app: FastAPI, on_done: Callable[[dict[str, float]], None] | None = None
    ) -> None:
        self.app = app
        self.on_done = on_done
        self.done = threading.Event()
        self.timings: dict[str, float] = {}
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="talentradar-warm", daemon=True)

    def start(self) -> None:
        self._thread.start()

    def stop(self, timeout: float = 60.0) -> None:
        self._stop.set()
        if self._thread.is_alive():
            self._thread.join(timeout)

    def _run(self) -> None:
        try:
            for name, step in steps():
                if self._stop.is_set():
                    return
                started = time.perf_counter()
                cursor = self.app.state.radar.cursor()
                try:
                    step(SimpleNamespace(app=self.app), cursor)
                except Exception:  # a cold first view is slower, never broken: log and go on
                    log.exception("warming %s failed", name)
                finally:
                    cursor.close()
                self.timings[name] = round(time.perf_counter() - started, 2)
            log.info("warm: %s", self.timings)
        finally:
            self.done.set()
        if self.on_done is not None:
            self.on_done(dict(self.timings))


def steps() -> list[tuple[str, Callable[[Any, Any], None]]]:
    """The landing page first, then Scout, then the other venues' trends."""
    return [("overview", _overview), ("scout", _scout), ("overview-compare", _compare)]


def _scout(_: Any, store: Any) -> None:
    from talentradar.analytics.scout import ScoutQuery, scout

    scout(store, ScoutQuery(text=WARM_QUERY, limit=5))


def _overview(request: Any, store: Any) -> None:
    """The Overview's default view (NeurIPS, the default years, by country, HQ rule)."""
    _view(request, store, ["neurips"], "country")


def _compare(request: Any, store: Any) -> None:
    """The per-radar parts of the top venues' trends by country and region."""
    from talentradar.api import overview

    top = list(request.app.state.settings.top_venues)
    for by in ("country", "region"):
        for venue in top:
            overview.trend_rows(request, store, venue, (), by, "hq")


def _view(request: Any, store: Any, venues: list[str], by: str) -> None:
    from talentradar.analytics.availability import venue_years
    from talentradar.analytics.cohorts import Selection
    from talentradar.api import overview

    available = venue_years(store)
    years = overview.default_years(request, store, venues[0])
    overview.view(request, store, Selection.of(venues, years), by, "hq", available)
