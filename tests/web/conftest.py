"""A live TalentRadar server over a copy of the real store, and a headless Chromium."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest

from talentradar.settings import Settings
from tests.api.conftest import api_settings, client, token  # noqa: F401 (the app over the fixture store)
from tests.conftest import copy_radar, make_token

ARTIFACTS = Path(__file__).parents[2] / "test-artifacts"
CHROMIUM = "/usr/bin/chromium"
# ../shared/TECH.md: no sandbox or GPU in containers, no background traffic, no DNS but loopback.
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-extensions",
    "--disable-default-apps",
    "--no-pings",
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1, EXCLUDE localhost",
]


@dataclass(frozen=True)
class Live:
    url: str
    token: str
    settings: Settings


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@pytest.fixture(scope="module")
def live(real_settings: Settings, tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    """``talentradar serve`` on a free loopback port over a writable copy of the real store."""
    uvicorn = pytest.importorskip("uvicorn")
    from talentradar.api.app import create_app

    settings = copy_radar(real_settings, tmp_path_factory.mktemp("live"))
    secret = make_token(settings, "browser tests")
    port = _free_port()
    app = create_app(settings)
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            pytest.fail("the server did not start")
        time.sleep(0.05)
    # a served radar is ready once its start-up warming is done (`serve` says "ready:")
    assert app.state.warmer.done.wait(900), "the start-up warming did not finish"
    yield Live(f"http://127.0.0.1:{port}", secret, settings)
    server.should_exit = True
    thread.join(timeout=30)


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    sync_api = pytest.importorskip("playwright.sync_api")
    if not Path(CHROMIUM).exists():
        pytest.skip(f"{CHROMIUM} not installed (make test installs it)")
    with sync_api.sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


class Watched:
    """A page whose console errors, page errors and non-loopback requests are recorded."""

    def __init__(self, page: object, base: str) -> None:
        self.page = page
        self.errors: list[str] = []
        self.external: list[str] = []
        page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))  # type: ignore[attr-defined]
        page.on("pageerror", lambda e: self.errors.append(str(e)))  # type: ignore[attr-defined]
        page.on(  # type: ignore[attr-defined]
            "response",
            lambda r: (
                r.status >= 400 and self.errors.append(f"{r.status} {r.request.method} {r.url}")
            ),
        )
        page.on(  # type: ignore[attr-defined]
            "request",
            lambda r: (
                None
                if r.url.startswith((base, "data:", "blob:" + base))
                else self.external.append(r.url)
            ),
        )

    def shot(self, name: str) -> Path:
        ARTIFACTS.mkdir(exist_ok=True)
        path = ARTIFACTS / f"{name}.png"
        self.page.screenshot(path=str(path), full_page=True)  # type: ignore[attr-defined]
        return path


@pytest.fixture
def watched(browser: object, live: Live) -> Iterator[Watched]:
    context = browser.new_context(viewport={"width": 1366, "height": 900})  # type: ignore[attr-defined]
    page = context.new_page()
    yield Watched(page, live.url)
    context.close()
