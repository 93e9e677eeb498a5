"""A response cache for reads: GET answers kept by URL until the next write.

The store changes only through a build (which needs a new ``serve``) or an
API write, and every write empties the cache (see ``deps.require_token``), so
a cached answer is never stale. Only used when reads are open (no per-caller
answers), and only for successful JSON, CSV and HTML answers.
"""

from __future__ import annotations

import asyncio
from collections import OrderedDict
from collections.abc import Callable
from threading import Lock
from typing import Any

from starlette.types import ASGIApp, Message, Receive, Scope, Send

CACHEABLE = (b"application/json", b"text/csv", b"text/html")


class ResponseCache:
    def __init__(self, size: int = 1024, max_body: int = 2_000_000) -> None:
        self.size = size
        self.max_body = max_body
        self._entries: OrderedDict[str, tuple[int, list[tuple[bytes, bytes]], bytes]] = (
            OrderedDict()
        )
        self._lock = Lock()
        self.hits = 0
        self.misses = 0

    def get(self, key: str) -> tuple[int, list[tuple[bytes, bytes]], bytes] | None:
        with self._lock:
            entry = self._entries.get(key)
            if entry is None:
                self.misses += 1
                return None
            self._entries.move_to_end(key)
            self.hits += 1
            return entry

    def put(self, key: str, entry: tuple[int, list[tuple[bytes, bytes]], bytes]) -> None:
        with self._lock:
            self._entries[key] = entry
            self._entries.move_to_end(key)
            while len(self._entries) > self.size:
                self._entries.popitem(last=False)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


class CacheMiddleware:
    """Serves cached GET answers for the paths ``cacheable`` accepts; stores fresh ones.
    ``enabled`` is asked on every request (the cache is off when reads need tokens), and
    ``freshen`` is called first (it empties the cache when the data behind it has changed).
    Concurrent requests for the same uncached answer wait for the first one to compute it."""

    def __init__(
        self,
        app: ASGIApp,
        cache: ResponseCache,
        enabled: Callable[[], bool],
        cacheable: Callable[[str], bool],
        freshen: Callable[[], None] = lambda: None,
    ) -> None:
        self.app = app
        self.freshen = freshen
        self.cache = cache
        self.enabled = enabled
        self.cacheable = cacheable
        self._pending: dict[str, asyncio.Event] = {}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http":
            self.freshen()
        if (
            scope["type"] != "http"
            or scope["method"] != "GET"
            or not self.enabled()
            or not self.cacheable(scope["path"])
        ):
            await self.app(scope, receive, send)
            return
        key = scope["path"] + "?" + scope.get("query_string", b"").decode("latin-1")
        pending = self._pending.get(key)
        if pending is not None:  # the same answer is being computed: wait for it
            await pending.wait()
        hit = self.cache.get(key)
        if hit is not None:
            status, headers, body = hit
            await send({"type": "http.response.start", "status": status, "headers": headers})
            await send({"type": "http.response.body", "body": body})
            return
        done = self._pending.setdefault(key, asyncio.Event())
        try:
            await self._compute(key, scope, receive, send)
        finally:
            done.set()
            if self._pending.get(key) is done:
                del self._pending[key]

    async def _compute(self, key: str, scope: Scope, receive: Receive, send: Send) -> None:
        start: dict[str, Any] = {}
        chunks: list[bytes] = []

        async def capture(message: Message) -> None:
            if message["type"] == "http.response.start":
                start.update(message)
            elif message["type"] == "http.response.body":
                chunks.append(message.get("body", b""))
            await send(message)

        await self.app(scope, receive, capture)
        body = b"".join(chunks)
        headers = list(start.get("headers", []))
        kind = dict(headers).get(b"content-type", b"")
        if (
            start.get("status") == 200
            and kind.startswith(CACHEABLE)
            and len(body) <= self.cache.max_body
        ):
            self.cache.put(key, (200, headers, body))
