"""Suppression keyed by what survives relinking, answered exactly as unknown; the audit log of
every write with undo."""

from __future__ import annotations

import json
import subprocess
import sys
from datetime import datetime

import pytest
from fastapi.testclient import TestClient

from talentradar import audit, suppressions
from talentradar.api.app import create_app
from talentradar.pipeline import build
from talentradar.resolve.people.overrides import Override, add_override
from talentradar.store.radar import reading, workspace_of
from tests.conftest import copy_radar, make_token

NOW = datetime(2026, 1, 1)


def _cli(settings, *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [
            sys.executable, "-m", "talentradar", "--db", str(settings.db_path),
            "--data-dir", settings.data_dir, *args,
        ],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip


@pytest.fixture
def settings(fixture_settings, tmp_path):
    return copy_radar(fixture_settings, tmp_path / "var")


def _two_persons(settings) -> tuple[dict, dict]:
    """Two persons who never wrote a paper together (so that they may be merged)."""
    with reading(settings) as radar:
        rows = radar.query(
            """
            WITH pm AS (SELECT mp.person_id, mp.mention_id, m.paper_id
                        FROM mention_person mp JOIN mentions m USING (mention_id)),
            people AS (SELECT person_id, min(mention_id) AS mention_id, count(*) AS n
                       FROM pm GROUP BY 1)
            SELECT a.person_id AS a, a.mention_id AS ma, b.person_id AS b, b.mention_id AS mb
            FROM people a JOIN people b ON a.person_id < b.person_id
            WHERE NOT EXISTS (SELECT 1 FROM pm x JOIN pm y USING (paper_id)
                              WHERE x.person_id = a.person_id AND y.person_id = b.person_id)
            ORDER BY a.n + b.n DESC, a.person_id, b.person_id LIMIT 1
            """
        )
    row = rows[0]
    return {"person_id": row["a"], "mention_id": row["ma"]}, {
        "person_id": row["b"],
        "mention_id": row["mb"],
    }


def _visible_mentions(settings) -> set[str]:
    with reading(settings) as radar:
        rows = radar.query(
            "SELECT mention_id FROM mention_person WHERE person_id NOT IN "
            "(SELECT person_id FROM suppressed_persons)"
        )
    return {r["mention_id"] for r in rows}


def test_a_suppression_by_person_id_survives_relinking_and_build(settings) -> None:
    kept, gone = _two_persons(settings)
    with reading(settings) as radar:
        mentions = {
            r["mention_id"]
            for r in radar.query(
                "SELECT mention_id FROM mention_person WHERE person_id = ?", [gone["person_id"]]
            )
        }
        keys = suppressions.keys_of(radar, gone["person_id"])
    assert mentions <= set(keys)
    with workspace_of(settings).write() as workspace:
        suppressions.suppress(workspace, gone["person_id"], "asked", NOW, keys)
    # the suppressed person is merged into another one: its id is gone after the relink
    with reading(settings) as radar, workspace_of(settings).write() as workspace:
        add_override(
            radar, workspace, Override("must", kept["mention_id"], gone["mention_id"], None), NOW
        )
    build(settings, start="people")
    assert not mentions & _visible_mentions(settings)
    build(settings)
    assert not mentions & _visible_mentions(settings)
    with reading(settings) as radar:
        ids = {
            r["person_id"]
            for r in radar.query(
                "SELECT DISTINCT person_id FROM mention_person WHERE mention_id IN "
                f"({', '.join('?' for _ in mentions)})",
                list(mentions),
            )
        }
    assert ids and gone["person_id"] not in ids  # under another id now: the old key is lost
    with TestClient(create_app(settings)) as client:
        for person_id in ids | {gone["person_id"]}:
            assert client.get(f"/api/people/{person_id}").status_code == 404
            assert "/people/" not in client.get(f"/api/people?q={person_id}").text


def test_suppressed_and_unknown_answer_alike(settings) -> None:
    _, gone = _two_persons(settings)
    assert _cli(settings, "people", "suppress", gone["person_id"]).returncode == 0
    token = make_token(settings, "privacy")
    auth = {"Authorization": f"Bearer {token}"}
    unknown = "P000000000000"
    with TestClient(create_app(settings)) as client:
        for path in ("/api/people/{}", "/api/people/{}/timeline", "/api/people/{}/evidence"):
            a = client.get(path.format(gone["person_id"]))
            b = client.get(path.format(unknown))
            assert a.status_code == b.status_code == 404
            assert a.json()["error"]["message"].replace(gone["person_id"], "ID") == b.json()[
                "error"
            ]["message"].replace(unknown, "ID")
        a = client.post(
            "/api/shortlists/s/entries", json={"person_id": gone["person_id"]}, headers=auth
        )
        b = client.post("/api/shortlists/s/entries", json={"person_id": unknown}, headers=auth)
        assert a.status_code == b.status_code
        assert a.json()["error"]["message"].replace(gone["person_id"], "ID") == b.json()["error"][
            "message"
        ].replace(unknown, "ID")
        page_a = client.get(f"/people/{gone['person_id']}")
        page_b = client.get(f"/people/{unknown}")
        assert page_a.status_code == page_b.status_code == 404
        assert page_a.text.replace(gone["person_id"], "ID") == page_b.text.replace(unknown, "ID")
    other = _cli(settings, "people", "explain", gone["mention_id"], gone["mention_id"])
    nobody = _cli(settings, "people", "explain", "0000000000000000-1", "0000000000000000-1")
    assert other.returncode == nobody.returncode != 0
    assert gone["person_id"] not in other.stdout + other.stderr
    assert other.stderr.replace(gone["mention_id"], "M") == nobody.stderr.replace(
        "0000000000000000-1", "M"
    )


def test_every_write_is_audited_and_suppressions_and_overrides_undo(settings) -> None:
    kept, gone = _two_persons(settings)
    assert (
        _cli(settings, "people", "suppress", gone["person_id"], "--reason", "asked").returncode == 0
    )
    assert _cli(settings, "shortlist", "add", "hires", kept["person_id"]).returncode == 0
    result = _cli(settings, "audit", "--format", "json")
    assert result.returncode == 0, result.stderr
    lines = json.loads(result.stdout)["audit"]
    actions = [line["action"] for line in lines]
    assert actions[:2] == ["shortlist.add", "suppress"]
    suppress = lines[1]
    assert suppress["subject"] == gone["person_id"] and suppress["note"] == "asked"
    assert suppress["actor"].startswith("cli") and suppress["written_at"]
    assert gone["person_id"] in {s["subject"] for s in _listing(settings)}
    assert _cli(settings, "audit", "undo", suppress["audit_id"]).returncode == 0
    assert gone["person_id"] not in {s["subject"] for s in _listing(settings)}
    assert gone["mention_id"] in _visible_mentions(settings)
    refused = _cli(settings, "audit", "undo", lines[0]["audit_id"])
    assert refused.returncode != 0 and "cannot be undone" in refused.stderr
    # the API: a token's name is the actor; an override added then undone
    token = make_token(settings, "recruiter")
    auth = {"Authorization": f"Bearer {token}"}
    with TestClient(create_app(settings)) as client:
        rule = {"kind": "cannot", "a": kept["mention_id"], "b": gone["mention_id"]}
        assert client.post("/api/overrides", json=rule, headers=auth).status_code == 201
        assert client.get("/api/audit").status_code == 401
        log = client.get("/api/audit", params={"action": "override.add"}, headers=auth).json()
        line = log["audit"][0]
        assert line["actor"] == "token:recruiter"
        undone = client.post(f"/api/audit/{line['audit_id']}/undo", headers=auth)
        assert undone.status_code == 200, undone.text
        assert client.get("/api/overrides").json()["overrides"] == []
        assert client.post("/api/audit/000000000000/undo", headers=auth).status_code == 404


def _listing(settings) -> list[dict]:
    with workspace_of(settings).read() as workspace:
        return suppressions.listing(workspace)


def test_audit_lines_are_written_with_their_write(settings) -> None:
    with pytest.raises(RuntimeError), workspace_of(settings).write() as workspace:
        suppressions.suppress(workspace, "~Nobody1", None, NOW)
        raise RuntimeError("the write fails")
    with workspace_of(settings).read() as workspace:
        assert audit.entries(workspace, subject="~Nobody1") == []
        assert not workspace.query("SELECT 1 FROM suppressions WHERE subject = '~Nobody1'")
