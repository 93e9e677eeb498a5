"""People resolution over a fixture store: overrides survive rebuilds, conflicts are refused."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path

import pytest

from talentradar.pipeline import build
from talentradar.resolve.people.link import link_people
from talentradar.resolve.people.overrides import Override, OverrideConflict, add_override
from talentradar.settings import load_settings
from talentradar.store.radar import RadarBuild, open_radar, workspace_of
from talentradar.store.workspace import register_snapshot
from tests.conftest import make_mirror


def _person(store, mention_id: str) -> str:
    return store.query("SELECT person_id FROM mention_person WHERE mention_id = ?", [mention_id])[
        0
    ]["person_id"]


def _mention(store, title: str, name: str) -> str:
    return store.query(
        "SELECT m.mention_id FROM mentions m JOIN papers p USING (paper_id) WHERE p.title = ? AND m.name = ?",
        [title, name],
    )[0]["mention_id"]


def test_overrides_survive_a_rebuild(tmp_path: Path) -> None:
    settings = load_settings(
        data_dir=str(make_mirror(tmp_path / "data")), db_path=tmp_path / "tr.duckdb"
    )
    build(settings, now=datetime(2026, 1, 1))
    store = open_radar(settings)
    a = _mention(store, "Deep Oral Learning", "Alan Turing")
    b = _mention(store, "Posters Are Fine", "Alan Turing")
    assert _person(store, a) == _person(store, b)
    person_before = _person(store, a)
    with workspace_of(settings).write() as workspace:
        add_override(store, workspace, Override("cannot", a, b, "test"), datetime(2026, 1, 1))
    with (
        pytest.raises(OverrideConflict, match="conflicting overrides"),
        workspace_of(settings).write() as workspace,
    ):
        add_override(store, workspace, Override("must", b, a), datetime(2026, 1, 1))
    store.close()
    build(settings, now=datetime(2026, 1, 2))
    store = open_radar(settings)
    try:
        assert _person(store, a) != _person(store, b)
        assert person_before in (_person(store, a), _person(store, b))  # one keeps the old id
        assert store.query("SELECT count(*) AS n FROM person_overrides")[0]["n"] == 1
    finally:
        store.close()


def test_a_mention_without_affiliation_takes_its_persons_org_marked_inferred(
    fixture_settings,
) -> None:
    store = open_radar(fixture_settings)
    try:
        gap = _mention(store, "A Rejected Idea", "Wei Zhang")  # no affiliation on this record
        rows = store.query(
            "SELECT org_id, method, inferred, matched FROM placements WHERE mention_id = ?", [gap]
        )
        assert not store.query("SELECT 1 FROM mention_orgs WHERE mention_id = ?", [gap])
        source = _mention(store, "Posters Are Fine", "Wei Zhang")  # same year, Tsinghua
    finally:
        store.close()
    assert [(r["org_id"], r["method"], r["inferred"]) for r in rows] == [
        ("tsinghua", "inferred", True)
    ]
    assert rows[0]["matched"] == f"from {source}"


def test_a_must_link_between_two_authors_of_one_paper_is_refused_by_name(tmp_path: Path) -> None:
    settings = load_settings(
        data_dir=str(make_mirror(tmp_path / "data")), db_path=tmp_path / "tr.duckdb"
    )
    build(settings, now=datetime(2026, 1, 1))
    with RadarBuild(settings) as radar:
        radar.carry(["mentions", "papers", "mention_orgs", "orgs"])
        store = radar.store
        register_snapshot(store, workspace_of(settings))
        a, b = (
            r["mention_id"]
            for r in store.query(
                "SELECT mention_id FROM mentions WHERE paper_id = "
                "(SELECT paper_id FROM mentions GROUP BY 1 HAVING count(*) >= 2 ORDER BY 1 LIMIT 1) "
                "ORDER BY position LIMIT 2"
            )
        )
        with workspace_of(settings).write() as workspace:
            add_override(store, workspace, Override("must", a, b, "test"), datetime(2026, 1, 1))
        register_snapshot(store, workspace_of(settings))
        store.execute("CREATE TABLE person_ids (mention_id VARCHAR, person_id VARCHAR)")
        with pytest.raises(OverrideConflict, match=f"{a}.*{b}|{b}.*{a}"):
            link_people(store, settings.data_dir)
