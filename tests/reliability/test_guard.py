"""Read protection over every route, the Host check, security headers and request bodies."""

from __future__ import annotations

import re

import pytest
from fastapi.routing import APIRoute
from fastapi.testclient import TestClient

from talentradar.api.app import create_app
from tests.conftest import copy_radar, make_token


@pytest.fixture(scope="module")
def guarded(fixture_settings, tmp_path_factory):
    settings = copy_radar(fixture_settings, tmp_path_factory.mktemp("guard"))
    token = make_token(settings, "guard-tests")
    app = create_app(settings, open_reads=False)
    with TestClient(app) as client:
        yield client, token, app


@pytest.fixture(scope="module")
def token(guarded) -> str:
    return guarded[1]


@pytest.fixture(scope="module")
def client(guarded):
    """The same radar served with open reads (loopback)."""
    app = guarded[2]
    with TestClient(create_app(app.state.settings)) as client:
        yield client


def _read_paths(app) -> list[str]:
    """Every GET route of the app (pages and API), path parameters filled in."""
    from talentradar.api import pages
    from talentradar.api.app import ROUTERS

    routers = [("/api", m.router) for m in ROUTERS] + [("", pages.router)]
    paths = [
        prefix + re.sub(r"\{[^}]+\}", "x", route.path)
        for prefix, router in routers
        for route in router.routes
        if isinstance(route, APIRoute) and "GET" in route.methods
    ]
    documented = {p for p, ops in app.openapi()["paths"].items() if "get" in ops and "{" not in p}
    assert set(paths) >= documented
    return sorted(set(paths))


def test_every_page_and_api_read_needs_a_token_when_reads_are_not_open(guarded) -> None:
    client, token, app = guarded
    paths = _read_paths(app)
    pages = [p for p in paths if not p.startswith("/api")]
    assert len(paths) >= 25 and {"/", "/people/x", "/scout", "/shortlists/x"} <= set(pages)
    for path in [*paths, "/openapi.json", "/docs"]:
        response = client.get(path)
        assert response.status_code == 401, path
        assert response.json()["error"]["status"] == 401
        assert client.get(path, headers={"Authorization": "Bearer nope.nope"}).status_code == 403
    offer = {"offers": [{"name": "a", "base": 1}]}
    assert client.post("/api/market/offers/compare", json=offer).status_code == 401
    # with the token (header or cookie) the same reads pass the door
    for path in ("/", "/api/stats", "/shortlists"):
        assert client.get(path, headers={"Authorization": f"Bearer {token}"}).status_code == 200
        cookie = {"Cookie": f"theme=dark; talentradar_token={token}"}
        assert client.get(path, headers=cookie).status_code == 200


def test_static_assets_stay_readable(guarded) -> None:
    client, _, _ = guarded
    assert client.get("/static/vendor/echarts.min.js").status_code in (200, 404)
    assert client.get("/static/nothing.css").status_code == 404


def test_security_headers_on_every_answer(client) -> None:
    for path in ("/", "/api/stats", "/api/nope", "/people/x"):
        headers = client.get(path).headers
        assert "frame-ancestors 'none'" in headers["content-security-policy"], path
        assert headers["x-frame-options"] == "DENY"
        assert headers["x-content-type-options"] == "nosniff"


def test_host_check_refuses_other_hosts(fixture_settings, tmp_path) -> None:
    from talentradar.cli.serve import allowed_hosts

    settings = copy_radar(fixture_settings, tmp_path)
    hosts = allowed_hosts("127.0.0.1", ("radar.example.org",))
    with TestClient(
        create_app(settings, allowed_hosts=hosts), base_url="http://127.0.0.1:8000"
    ) as c:
        assert c.get("/api/stats").status_code == 200
        assert c.get("/api/stats", headers={"Host": "localhost:8000"}).status_code == 200
        assert c.get("/api/stats", headers={"Host": "radar.example.org"}).status_code == 200
        evil = c.get("/api/stats", headers={"Host": "evil.example.com"})
        assert evil.status_code == 400 and evil.json()["error"]["status"] == 400
    assert allowed_hosts("0.0.0.0", ()) is None


def test_allowed_hosts_setting(tmp_path) -> None:
    from talentradar.errors import ConfigError
    from talentradar.settings import load_settings

    settings = load_settings(config_file=tmp_path / "none.toml", allowed_hosts="A.example.org, b")
    assert settings.allowed_hosts == ("a.example.org", "b")
    with pytest.raises(ConfigError):
        load_settings(config_file=tmp_path / "none.toml", allowed_hosts="bad host/")


def test_non_utf8_bodies_are_400_and_huge_bodies_413(client, token) -> None:
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    for body in (b"\xff\xfe{not json", b'{"person_id": "\xff"}'):
        response = client.post("/api/shortlists/x/entries", content=body, headers=auth)
        assert response.status_code == 400 and response.json()["error"]["status"] == 400
    response = client.post(
        "/api/shortlists/x/entries", content=b"{" + b" " * 2_000_000, headers=auth
    )
    assert response.status_code == 413


def test_like_patterns_are_literal(client) -> None:
    everyone = client.get("/api/people", params={"q": "an"}).json()
    assert everyone["page"]["total"] > 0
    for wildcard in ("%%", "__", "%an%", "_an", "a_"):
        assert client.get("/api/people", params={"q": wildcard}).json()["page"]["total"] == 0


def test_impossible_dates_and_huge_equity_are_refused(client) -> None:
    response = client.get("/api/market/layoffs", params={"from": "2020-13-45"})
    assert response.status_code == 422, response.text
    offer = {"offers": [{"name": "a", "base": 100000, "equity": 1e308}]}
    response = client.post("/api/market/offers/compare", json=offer)
    assert response.status_code == 400 and "equity" in response.json()["error"]["message"]
