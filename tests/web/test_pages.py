"""The pages over the fixture store (no browser): honest answers, exports, shortlist editing,
watches and the offline API docs."""

from __future__ import annotations

import re

import pytest


def _auth(token: str) -> dict[str, str]:
    return {"Authorization": f"Bearer {token}"}


def test_docs_and_redoc_load_only_local_assets(client) -> None:
    for path in ("/docs", "/redoc"):
        html = client.get(path).text
        sources = re.findall(r'(?:src|href)="([^"]+)"', html)
        assert sources, path
        assert all(s.startswith(("/", "data:")) for s in sources), (path, sources)
        assert "fonts.googleapis" not in html and "cdn.jsdelivr" not in html


def test_unknown_org_is_a_404_page_with_suggestions(client) -> None:
    response = client.get("/orgs/googl")
    assert response.status_code == 404
    assert response.headers["content-type"].startswith("text/html")
    assert "no org with the id &#39;googl&#39;" in response.text
    assert 'href="/orgs/google"' in response.text  # the suggestion


def test_out_of_range_year_on_a_page_is_html_not_json(client) -> None:
    for path in ("/?year=5000", "/orgs/google?since=99999", "/flows?from=1"):
        response = client.get(path)
        assert response.status_code in (400, 422), path
        assert response.headers["content-type"].startswith("text/html"), path
    assert (
        client.get("/api/tracker?venue=neurips&year=5000")
        .headers["content-type"]
        .startswith("application/json")
    )


def test_unavailable_venue_year_says_so_and_lists_the_years(client) -> None:
    text = client.get("/?venue=neurips&year=2031").text
    assert "no NeurIPS 2031 papers are loaded (years loaded: 2019" in text
    assert "2030" in client.get("/flows?from=2030").text and "moves are known from" in (
        client.get("/flows?from=2030").text
    )


def test_comparison_table_has_a_column_per_venue_year_and_its_export(client) -> None:
    text = client.get("/?venue=neurips&venue=icml&year=2019&year=2023&by=region").text
    assert 'data-cohort="icml-2023"' in text and 'data-cohort="neurips-2019"' in text
    assert "no ICML 2019 papers are loaded (years loaded: 2023)" in text
    link = re.search(r'class="export-csv" href="([^"]+)"', text).group(1).replace("&amp;", "&")
    csv = client.get(link)
    assert csv.headers["content-type"].startswith("text/csv")
    rows = csv.text.strip().splitlines()[1:]
    assert {r.split(",")[0] for r in rows} == {"icml", "neurips"}


def test_drill_down_lists_the_people_of_a_share(client) -> None:
    tracker = client.get("/api/tracker", params={"venue": "neurips", "year": 2019}).json()
    us = next(r for r in tracker["rows"] if r["key"] == "US")
    people = client.get(
        "/api/tracker/people", params={"venue": "neurips", "year": 2019, "key": "US"}
    ).json()["persons"]
    assert people and all(p["evidence_title"] for p in people)
    # every person counted in the US share (fractionally) is listed, and nobody else
    assert len(people) >= round(us["persons"])
    assert len(people) <= tracker["cohorts"][0]["persons_resolved"]


def test_shortlist_create_rename_stage_note_delete(client, token) -> None:
    auth = _auth(token)
    assert client.post("/api/shortlists", json={"name": "edit me"}).status_code == 401
    assert client.post("/api/shortlists", json={"name": "edit me"}, headers=auth).status_code == 201
    assert client.post("/api/shortlists", json={"name": "edit me"}, headers=auth).status_code == 400
    person = client.get("/api/people", params={"q": "an"}).json()["persons"][0]["person_id"]
    client.post("/api/shortlists/edit me/entries", json={"person_id": person}, headers=auth)
    changed = client.patch(
        f"/api/shortlists/edit me/entries/{person}",
        json={"stage": "offer", "note": "call Monday"},
        headers=auth,
    )
    assert changed.json() | {} == {
        "shortlist": "edit me",
        "person_id": person,
        "stage": "offer",
        "note": "call Monday",
    }
    bad = client.patch(
        f"/api/shortlists/edit me/entries/{person}", json={"stage": "x"}, headers=auth
    )
    assert bad.status_code == 422
    assert (
        client.patch("/api/shortlists/edit me", json={"name": "edited"}, headers=auth).status_code
        == 200
    )
    entries = client.get("/api/shortlists/edited").json()["entries"]
    assert [(e["person_id"], e["stage"], e["note"]) for e in entries] == [
        (person, "offer", "call Monday")
    ]
    page = client.get("/shortlists/edited").text
    assert "<option selected>offer</option>" in page and 'value="call Monday"' in page
    assert client.get("/shortlists/edit me").status_code == 404
    assert client.delete("/api/shortlists/edited", headers=auth).json()["entries"] == 1
    assert client.get("/api/shortlists/edited").status_code in (404, 422)


def _error(answer) -> str:
    error = answer.json()["error"]
    return f"{error['message']} {error['detail']}"


def test_renaming_a_shortlist_refuses_bad_names_with_a_4xx_naming_the_field(client, token) -> None:
    """The schema fuzz found 500s here: a rename to the list's own name (or the same name with
    spaces around it) hit the primary key."""
    auth = _auth(token)
    client.post("/api/shortlists", json={"name": "keep"}, headers=auth)
    client.post("/api/shortlists", json={"name": "other"}, headers=auth)
    for same in ("keep", " keep "):
        answer = client.patch("/api/shortlists/keep", json={"name": same}, headers=auth)
        assert answer.status_code == 200, answer.text
        assert answer.json()["shortlist"] == "keep"
    taken = client.patch("/api/shortlists/keep", json={"name": "other"}, headers=auth)
    assert taken.status_code == 400 and "name" in _error(taken)
    for blank in ("   ", "", "x" * 101):
        answer = client.patch("/api/shortlists/keep", json={"name": blank}, headers=auth)
        assert answer.status_code == 422 and "name" in _error(answer), answer.text
    assert client.post("/api/shortlists", json={"name": " "}, headers=auth).status_code == 422
    names = [s["name"] for s in client.get("/api/shortlists").json()["shortlists"]]
    assert names.count("keep") == 1 and names.count("other") == 1


def test_watch_an_org_and_read_changes(client, token) -> None:
    auth = _auth(token)
    assert (
        client.post(
            "/api/watches", json={"kind": "org", "target": "nope"}, headers=auth
        ).status_code
        == 404
    )
    assert (
        client.post(
            "/api/watches", json={"kind": "org", "target": "google"}, headers=auth
        ).status_code
        == 201
    )
    assert {"kind": "org", "target": "google"}.items() <= client.get("/api/watches").json()[
        "watches"
    ][0].items()
    assert "Stop watching" in client.get("/orgs/google").text
    assert client.get("/api/changes").json() == {"changes": []}
    assert client.delete("/api/watches/org/google", headers=auth).status_code == 200
    assert client.delete("/api/watches/org/google", headers=auth).status_code == 404


@pytest.mark.parametrize("path", ["/", "/flows", "/orgs/google", "/shortlists"])
def test_pages_link_their_exports(client, path) -> None:
    text = client.get(path).text
    if path == "/shortlists" and "No shortlists yet" in text:
        return
    assert 'class="export' in text, path


def test_the_start_up_warming_fills_what_first_views_need(api_settings) -> None:
    """``serve`` loads Scout's index and the Overview's per-radar answers in the background at
    start-up; the Overview then answers from them."""
    from fastapi.testclient import TestClient

    from talentradar.analytics import scoring
    from talentradar.api.app import create_app
    from talentradar.search import memory

    app = create_app(api_settings)
    with TestClient(app) as client:
        assert app.state.warmer.done.wait(120)
        assert set(app.state.warmer.timings) == {"scout", "overview", "overview-compare"}
        assert memory._CACHE and scoring._CACHE
        kept = [key[0] for key in app.state.page_memo]
        assert {"shares", "trend", "covered", "findings", "stats"} <= set(kept)
        before = len(app.state.page_memo)
        assert client.get("/").status_code == 200
        assert len(app.state.page_memo) == before  # the default view was all warmed


def test_kept_overview_answers_follow_the_suppression_list(client, token) -> None:
    """The Overview keeps per-radar answers (trends, shares); a suppression must not be
    answered from before it."""
    state = client.app.state
    assert client.get("/").status_code == 200
    person = client.get("/api/people", params={"q": "an"}).json()["persons"][0]["person_id"]
    keys = set(state.page_memo)
    added = client.post("/api/suppressions", json={"subject": person}, headers=_auth(token))
    assert added.status_code == 201
    try:
        assert client.get("/").status_code == 200
        fresh = set(state.page_memo) - keys
        assert {key[0] for key in fresh} >= {"shares", "trend"}
    finally:
        client.delete(f"/api/suppressions/{person}", headers=_auth(token))
