"""An app over a writable copy of the fixture store, and a token for its writes."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from talentradar.api.app import create_app
from tests.conftest import copy_radar, make_token


@pytest.fixture(scope="module")
def api_settings(fixture_settings, tmp_path_factory):
    return copy_radar(fixture_settings, tmp_path_factory.mktemp("api"))


@pytest.fixture(scope="module")
def token(api_settings) -> str:
    return make_token(api_settings, "tests")


@pytest.fixture(scope="module")
def client(api_settings, token):
    with TestClient(create_app(api_settings)) as client:
        yield client


def is_error(body: dict, status: int) -> bool:
    """The one error shape: {"error": {"status", "message", "detail"}}."""
    return (
        set(body) == {"error"}
        and set(body["error"]) == {"status", "message", "detail"}
        and body["error"]["status"] == status
        and isinstance(body["error"]["message"], str)
    )
