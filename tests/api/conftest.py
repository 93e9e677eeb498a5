"""An app over a writable copy of the fixture store, and a token for its writes."""

from __future__ import annotations

import shutil
from dataclasses import replace
from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from talentradar import tokens
from talentradar.api.app import create_app
from talentradar.store.duckdb import DuckDBStore


@pytest.fixture(scope="module")
def api_settings(fixture_settings, tmp_path_factory):
    db = tmp_path_factory.mktemp("api") / "tr.duckdb"
    shutil.copy(fixture_settings.db_path, db)
    return replace(fixture_settings, db_path=db)


@pytest.fixture(scope="module")
def token(api_settings) -> str:
    store = DuckDBStore(api_settings.db_path)
    try:
        return tokens.create(store, "tests", datetime(2026, 1, 1))
    finally:
        store.close()


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
