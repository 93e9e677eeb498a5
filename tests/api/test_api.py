"""The REST API: answers and the one JSON error shape."""

from __future__ import annotations

import pytest

from tests.api.conftest import is_error as _is_error


def test_tracker_endpoint(client) -> None:
    response = client.get("/api/tracker", params={"venue": "neurips", "year": 2019})
    assert response.status_code == 200
    shares = {r["key"]: r["person_share"] for r in response.json()["rows"]}
    assert shares == pytest.approx({"US": 0.5, "GB": 0.25, "CN": 0.25}, abs=1e-6)


@pytest.mark.parametrize(
    "params",
    [
        {"venue": "nope"},
        {"venue": "neurips", "year": "abc"},
        {"venue": "neurips", "year": 99999},
        {"venue": "neurips", "top": 10**9},
        {"venue": "neurips", "by": "'; DROP TABLE papers; --"},
        {},
    ],
)
def test_bad_input_is_a_4xx_with_the_error_shape(client, params) -> None:
    response = client.get("/api/tracker", params=params)
    assert 400 <= response.status_code < 500
    assert _is_error(response.json(), response.status_code)


def test_unknown_path_has_the_error_shape(client) -> None:
    response = client.get("/api/nothing-here")
    assert response.status_code == 404
    assert _is_error(response.json(), 404)


def test_overview_page_renders(client) -> None:
    response = client.get("/")
    assert response.status_code == 200
    assert 'name="year" value="2019" checked' in response.text
    assert "United States" in response.text
