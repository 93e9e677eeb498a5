"""The app's front door: the Host check, read protection and the security headers, for every
request in one place (pages, API, docs), before any route or the response cache sees it.

- **Host check** (DNS rebinding): when ``allowed_hosts`` is given, a request whose ``Host``
  header names another host is refused (400).
- **Read protection**: when reads are not open (``serve`` on a non-loopback address), every
  request but static assets needs a valid token — ``Authorization: Bearer <token>`` or the
  ``talentradar_token`` cookie (so that pages can be opened in a browser) — else 401 (no
  token) or 403 (a wrong one), in the error shape.
- **Bodies**: a request body must be UTF-8 (else 400) and at most ``MAX_BODY`` bytes (else 413).
- **Security headers** on every answer: a content security policy that allows only this
  origin's scripts, no framing, no MIME sniffing, no referrer.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from http.cookies import SimpleCookie

from anyio import to_thread
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from talentradar.api.errors import error_body

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1", "[::1]")
"""Host names a loopback ``serve`` always answers to."""

TOKEN_COOKIE = "talentradar_token"
MAX_BODY = 1_000_000
"""Bytes a request body may hold (the largest legitimate one, 50 offers, is a few KB)."""
OPEN_PREFIXES = ("/static/",)
"""Paths readable without a token even when reads are protected (scripts and styles only)."""

SECURITY_HEADERS = (
    (
        b"content-security-policy",
        b"default-src 'self'; script-src 'self' 'unsafe-inline'; style-src 'self' "
        b"'unsafe-inline'; img-src 'self' data:; connect-src 'self'; worker-src 'self' blob:; "
        b"frame-ancestors 'none'; "
        b"base-uri 'none'; form-action 'self'",
    ),
    (b"x-frame-options", b"DENY"),
    (b"x-content-type-options", b"nosniff"),
    (b"referrer-policy", b"no-referrer"),
    (b"cross-origin-opener-policy", b"same-origin"),
)
DOCS_CSP = (
    b"content-security-policy",
    b"default-src 'self' 'unsafe-inline' data:; worker-src 'self' blob:; frame-ancestors 'none'",
)
"""/docs and /redoc: FastAPI's own inline page (their scripts are not served by this app)."""


class GuardMiddleware:
    """Host check, token for reads (unless ``open_reads()``), security headers."""

    def __init__(
        self,
        app: ASGIApp,
        open_reads: Callable[[], bool],
        verify: Callable[[str], bool],
        allowed_hosts: Iterable[str] | None = None,
    ) -> None:
        self.app = app
        self.open_reads = open_reads
        self.verify = verify
        self.hosts = None if allowed_hosts is None else {h.lower() for h in allowed_hosts}

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = {k.lower(): v for k, v in scope.get("headers", [])}
        if self.hosts is not None and _host(headers.get(b"host", b"")) not in self.hosts:
            await _refuse(
                send,
                400,
                "unknown Host header: this server answers only to "
                + ", ".join(sorted(self.hosts))
                + " (setting allowed_hosts)",
            )
            return
        path = scope["path"]
        if not self.open_reads() and not path.startswith(OPEN_PREFIXES):
            token = _token(headers)
            if token is None:
                await _refuse(
                    send,
                    401,
                    "this server needs an API token for every read: send "
                    "'Authorization: Bearer <token>' (create one with "
                    "`talentradar token create NAME`)",
                )
                return
            if not await to_thread.run_sync(self.verify, token):
                await _refuse(send, 403, "invalid API token")
                return
        if scope["method"] in ("POST", "PUT", "PATCH", "DELETE"):
            body, problem = await _body(receive)
            if problem:
                await _refuse(send, *problem)
                return
            receive = _replay(body, receive)
        docs = path in ("/docs", "/redoc")
        await self.app(scope, receive, _with_headers(send, docs))


async def _body(receive: Receive) -> tuple[bytes, tuple[int, str] | None]:
    chunks: list[bytes] = []
    size = 0
    while True:
        message = await receive()
        if message["type"] == "http.disconnect":
            break
        chunk = message.get("body", b"")
        size += len(chunk)
        if size > MAX_BODY:
            return b"", (413, f"the request body is larger than {MAX_BODY:,} bytes")
        chunks.append(chunk)
        if not message.get("more_body", False):
            break
    body = b"".join(chunks)
    try:
        body.decode("utf-8")
    except UnicodeDecodeError as exc:
        return b"", (400, f"the request body is not UTF-8 (byte {exc.start}); send UTF-8 JSON")
    return body, None


def _replay(body: bytes, upstream: Receive) -> Receive:
    """The body read once, then the client's own messages (its disconnect)."""
    sent = False

    async def receive() -> Message:
        nonlocal sent
        if not sent:
            sent = True
            return {"type": "http.request", "body": body, "more_body": False}
        return await upstream()

    return receive


def _host(value: bytes) -> str:
    host = value.decode("latin-1").strip().lower()
    if host.startswith("["):  # [::1]:8000
        return host.split("]")[0] + "]"
    return host.rsplit(":", 1)[0] if host.count(":") == 1 else host


def _token(headers: dict[bytes, bytes]) -> str | None:
    authorization = headers.get(b"authorization", b"").decode("latin-1").strip()
    if authorization:
        scheme, _, token = authorization.partition(" ")
        return token.strip() if scheme.lower() == "bearer" else ""
    cookie = headers.get(b"cookie")
    if cookie:
        jar: SimpleCookie = SimpleCookie()
        try:
            jar.load(cookie.decode("latin-1"))
        except Exception:  # a malformed cookie header is no token
            return None
        if TOKEN_COOKIE in jar:
            return jar[TOKEN_COOKIE].value
    return None


def _with_headers(send: Send, docs: bool) -> Send:
    extra = [DOCS_CSP, *SECURITY_HEADERS[1:]] if docs else list(SECURITY_HEADERS)

    async def sender(message: Message) -> None:
        if message["type"] == "http.response.start":
            present = {k.lower() for k, _ in message.get("headers", [])}
            message["headers"] = [
                *message.get("headers", []),
                *((k, v) for k, v in extra if k not in present),
            ]
        await send(message)

    return sender


async def _refuse(send: Send, status: int, message: str) -> None:
    body = json.dumps(error_body(status, message)).encode()
    headers = [(b"content-type", b"application/json"), (b"content-length", str(len(body)).encode())]
    if status == 401:
        headers.append((b"www-authenticate", b"Bearer"))
    await _with_headers(send, False)(
        {"type": "http.response.start", "status": status, "headers": headers}
    )
    await send({"type": "http.response.body", "body": body})
