"""Every API route: answers, pagination, CSV, input validation, tokens, suppression, cache."""

from __future__ import annotations

import csv
import io

import pytest
from fastapi.testclient import TestClient

from talentradar.api.app import create_app
from tests.api.conftest import is_error
from tests.conftest import copy_radar, make_token

READS = [
    "/api/tracker?venue=neurips&year=2019&by=sector",
    "/api/venues",
    "/api/stats",
    "/api/flows?by=parent",
    "/api/flows/sankey",
    "/api/poaching?lab=alphabet&lab=meta",
    "/api/people?q=an",
    "/api/orgs",
    "/api/orgs?q=google",
    "/api/orgs/unresolved",
    "/api/orgs/google",
    "/api/scout?q=learning&min_papers=1",
    "/api/shortlists",
    "/api/overrides",
    "/api/market/comp",
    "/api/market/layoffs",
    "/api/market/jobs",
    "/api/market/coverage?table=layoffs",
]


@pytest.mark.parametrize("url", READS)
def test_read_endpoints_answer_json(client, url) -> None:
    response = client.get(url)
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("application/json")
    assert isinstance(response.json(), dict) and response.json()


def _person(client) -> dict:
    return client.get("/api/people", params={"q": "an"}).json()["persons"][0]


def test_person_profile_timeline_and_evidence(client) -> None:
    person = _person(client)
    pid = person["person_id"]
    profile = client.get(f"/api/people/{pid}").json()
    assert profile["person"]["name"] == person["name"]
    assert len(profile["mentions"]) == person["mentions"]
    assert client.get(f"/api/people/{pid}/timeline").json()["person_id"] == pid
    evidence = client.get(f"/api/people/{pid}/evidence", params={"format": "csv"})
    rows = list(csv.DictReader(io.StringIO(evidence.text)))
    assert len(rows) == person["mentions"] and "title" in rows[0]
    missing = client.get("/api/people/P000000000000")
    assert missing.status_code == 404 and is_error(missing.json(), 404)


def test_org_profile_has_talent_and_market_sections(client) -> None:
    body = client.get("/api/orgs/google").json()
    assert body["org"]["org_id"] == "google"
    for key in ("top_researchers", "inflow", "outflow", "moves_by_year", "layoffs", "compensation"):
        assert isinstance(body[key], list)


def test_pagination_cuts_the_same_ordering(client) -> None:
    whole = client.get("/api/orgs", params={"limit": 10}).json()
    part = client.get("/api/orgs", params={"limit": 3, "offset": 2}).json()
    assert part["orgs"] == whole["orgs"][2:5]
    assert part["page"] == {"limit": 3, "offset": 2, "total": part["page"]["total"]}


def test_csv_has_the_rows_of_the_json(client) -> None:
    json_rows = client.get("/api/tracker", params={"venue": "neurips", "year": 2019}).json()["rows"]
    response = client.get(
        "/api/tracker", params={"venue": "neurips", "year": 2019, "format": "csv"}
    )
    assert response.headers["content-type"].startswith("text/csv")
    rows = list(csv.DictReader(io.StringIO(response.text)))
    assert [r["key"] for r in rows] == [r["key"] for r in json_rows]
    assert list(rows[0]) == list(json_rows[0])


BAD = [
    ("/api/tracker?venue=nope", 422),
    ("/api/tracker?venue=neurips&year=1066", 422),
    ("/api/tracker?venue=neurips&year=twenty", 422),
    ("/api/tracker?venue=neurips&tier=%27%3B%20DROP%20TABLE%20papers%3B--", 422),
    ("/api/tracker?venue=%27%20OR%201%3D1%3B--", 422),
    ("/api/tracker?venue=%ff%fe", 422),
    ("/api/orgs?limit=100000000", 422),
    ("/api/orgs?limit=0", 422),
    ("/api/orgs?offset=-1", 422),
    ("/api/orgs?format=xml", 422),
    ("/api/flows?by=planet", 422),
    ("/api/flows?from=99999", 422),
    ("/api/people?q=x", 422),
    ("/api/people/%27%3B%20DELETE%20FROM%20persons%3B--", 404),
    ("/api/orgs/%ff%fe", 404),
    ("/api/orgs/robert%27);%20DROP%20TABLE%20orgs;--", 404),
    ("/api/scout?q=%ff", 422),
    ("/api/scout?q=vision&tier=legendary", 422),
    ("/api/scout?q=vision&venue=nope", 422),
    ("/api/scout?q=vision&limit=1000000", 422),
    ("/api/market/comp?yoe=five", 422),
    ("/api/market/comp?by=shoe_size", 422),
    ("/api/market/layoffs?from=yesterday", 422),
    ("/api/shortlists/nobody-made-this", 422),
]


@pytest.mark.parametrize(("url", "status"), BAD)
def test_bad_input_is_a_4xx_with_the_error_shape(client, url, status) -> None:
    response = client.get(url)
    assert response.status_code == status, response.text
    assert is_error(response.json(), status)


def test_non_utf8_bodies_and_huge_numbers_are_4xx(client, token) -> None:
    auth = {"Authorization": f"Bearer {token}", "Content-Type": "application/json"}
    for body in (b"\xff\xfe{not json", b'{"person_id": "\xff"}'):
        response = client.post("/api/shortlists/x/entries", content=body, headers=auth)
        assert 400 <= response.status_code < 500 and is_error(response.json(), response.status_code)
    huge = b'{"offers": [{"name": "a", "base": 1e400}]}'
    response = client.post("/api/market/offers/compare", content=huge, headers=auth)
    assert response.status_code == 400 and is_error(response.json(), 400)


def test_data_survives_sql_looking_input(client) -> None:
    before = client.get("/api/stats").json()["tables"]
    client.get("/api/orgs", params={"q": "'; DROP TABLE orgs; --"})
    client.get("/api/people", params={"q": "x' OR '1'='1"})
    assert client.get("/api/stats").json()["tables"] == before


def test_writes_need_a_valid_token(client, token) -> None:
    person = _person(client)["person_id"]
    url = "/api/shortlists/api-test/entries"
    no_token = client.post(url, json={"person_id": person})
    assert no_token.status_code == 401 and is_error(no_token.json(), 401)
    wrong = client.post(
        url, json={"person_id": person}, headers={"Authorization": "Bearer abc.def"}
    )
    assert wrong.status_code == 403 and is_error(wrong.json(), 403)
    forged = token.split(".")[0] + ".not-the-secret"
    assert (
        client.post(
            url, json={"person_id": person}, headers={"Authorization": f"Bearer {forged}"}
        ).status_code
        == 403
    )
    auth = {"Authorization": f"Bearer {token}"}
    made = client.post(
        url,
        json={"person_id": person, "stage": "contacted", "note": "met at NeurIPS"},
        headers=auth,
    )
    assert made.status_code == 201, made.text
    entries = client.get("/api/shortlists/api-test").json()["entries"]
    assert [(e["person_id"], e["stage"], e["note"]) for e in entries] == [
        (person, "contacted", "met at NeurIPS")
    ]
    assert client.delete(f"/api/shortlists/api-test/entries/{person}").status_code == 401
    assert (
        client.delete(f"/api/shortlists/api-test/entries/{person}", headers=auth).status_code == 200
    )
    assert client.get("/api/shortlists/api-test").json()["entries"] == []
    bad_stage = client.post(url, json={"person_id": person, "stage": "hired!!"}, headers=auth)
    assert bad_stage.status_code == 422 and is_error(bad_stage.json(), 422)


def test_suppression_hides_a_person_at_once_and_needs_a_token(client, token) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    person = _person(client)
    pid = person["person_id"]
    assert client.get("/api/suppressions").status_code == 401
    assert client.post("/api/suppressions", json={"subject": pid}).status_code == 401
    assert any(
        p["person_id"] == pid
        for p in client.get("/api/people", params={"q": "an"}).json()["persons"]
    )
    assert (
        client.post(
            "/api/suppressions", json={"subject": pid, "reason": "asked"}, headers=auth
        ).status_code
        == 201
    )
    # the cached search answer was dropped by the write
    assert all(
        p["person_id"] != pid
        for p in client.get("/api/people", params={"q": "an"}).json()["persons"]
    )
    assert client.get(f"/api/people/{pid}").status_code == 404
    listed = client.get("/api/suppressions", headers=auth).json()["suppressions"]
    assert [s["subject"] for s in listed] == [pid]
    assert client.delete(f"/api/suppressions/{pid}", headers=auth).status_code == 200
    assert client.get(f"/api/people/{pid}").status_code == 200


def test_suppression_reaches_scout_without_a_rebuild(client, token) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    scouting = {"q": "learning", "min_papers": 1, "limit": 500}

    def found() -> set[str]:
        return {r["person_id"] for r in client.get("/api/scout", params=scouting).json()["results"]}

    pid = sorted(found())[0]
    client.post("/api/suppressions", json={"subject": pid}, headers=auth)
    assert pid not in found()
    client.delete(f"/api/suppressions/{pid}", headers=auth)
    assert pid in found()


def test_override_rules_are_checked(client, token) -> None:
    auth = {"Authorization": f"Bearer {token}"}
    rule = {"kind": "cannot", "a": "no-such-mention", "b": "other"}
    assert client.post("/api/overrides", json=rule).status_code == 401
    refused = client.post("/api/overrides", json=rule, headers=auth)
    assert refused.status_code == 400 and "no-such-mention" in refused.json()["error"]["message"]
    assert (
        client.post("/api/overrides", json={**rule, "kind": "maybe"}, headers=auth).status_code
        == 422
    )


def test_offer_comparison_by_api(client) -> None:
    offers = [
        {"name": "even", "base": 100000, "equity": 400000, "vesting": "even"},
        {"name": "cny", "base": 700000, "currency": "CNY"},
    ]
    body = client.post(
        "/api/market/offers/compare", json={"offers": offers, "rates": {"CNY": 0.14}}
    ).json()
    by_name = {o["offer"]: o for o in body["offers"]}
    assert [round(y["total"]) for y in by_name["even"]["years"]] == [200000] * 4
    assert round(by_name["cny"]["first_year_total"]) == 98000
    for bad, status in (
        ({"name": "neg", "base": -1}, 400),
        ({"name": "fx", "base": 1, "currency": "XYZ"}, 422),
        ({"name": "v", "base": 1, "equity": 10, "vesting": [50, 40]}, 400),
        ({"name": "t", "base": "lots"}, 400),
    ):
        response = client.post("/api/market/offers/compare", json={"offers": [bad]})
        assert response.status_code == status, (bad, response.text)
        assert is_error(response.json(), status)


def test_reads_need_a_token_off_loopback(fixture_settings, token, tmp_path) -> None:
    settings = copy_radar(fixture_settings, tmp_path)
    token = make_token(settings, "other")
    client = TestClient(create_app(settings, open_reads=False, read_only=True))
    with client:
        assert client.get("/api/stats").status_code == 401
        assert (
            client.get("/api/stats", headers={"Authorization": f"Bearer {token}"}).status_code
            == 200
        )
        # writes on a read-only store are refused, not crashed
        write = client.post(
            "/api/suppressions", json={"subject": "x"}, headers={"Authorization": f"Bearer {token}"}
        )
        assert write.status_code == 503 and is_error(write.json(), 503)
