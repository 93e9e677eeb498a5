"""Schemathesis over every operation of the API, with and without a token: no 5xx and every
answer conforming to the schema (status codes, content types, bodies). Bounded: a few
examples per operation (the whole run is well under 10 minutes on 2 cores)."""

from __future__ import annotations

import pytest

schemathesis = pytest.importorskip("schemathesis")
from hypothesis import HealthCheck, given, settings  # noqa: E402

from talentradar.api.app import create_app  # noqa: E402
from tests.conftest import copy_radar, make_token  # noqa: E402

EXAMPLES = 6
CHECKS = [
    schemathesis.checks.not_a_server_error,
    schemathesis.checks.status_code_conformance,
    schemathesis.checks.content_type_conformance,
    schemathesis.checks.response_schema_conformance,
    schemathesis.checks.response_headers_conformance,
]
"""The conformance checks (not "positive data acceptance": venue names, ids and the like are
free strings in the schema, valid only when the radar knows them)."""


@pytest.fixture(scope="module")
def fuzzed(fixture_settings, tmp_path_factory):
    radar = copy_radar(fixture_settings, tmp_path_factory.mktemp("fuzz"))
    token = make_token(radar, "fuzz")
    app = create_app(radar)
    return schemathesis.openapi.from_asgi("/openapi.json", app), token


def _operations(schema) -> list:
    return [result.ok() for result in schema.get_all_operations()]


@pytest.mark.reliability
@pytest.mark.parametrize("with_token", [False, True])
def test_every_operation_conforms(fuzzed, with_token) -> None:
    schema, token = fuzzed
    headers = {"Authorization": f"Bearer {token}"} if with_token else {}
    operations = _operations(schema)
    assert len(operations) >= 30
    failures: list[str] = []
    for operation in operations:

        @given(case=operation.as_strategy())
        @settings(
            max_examples=EXAMPLES,
            deadline=None,
            suppress_health_check=list(HealthCheck),
            derandomize=True,
            database=None,
        )
        def run(case) -> None:
            case.call_and_validate(headers=headers, checks=CHECKS)

        try:
            run()
        except Exception as exc:  # collect every operation's finding, then fail once
            failures.append(f"{operation.method.upper()} {operation.path}: {exc}"[:1500])
    assert not failures, "\n\n".join(failures)
