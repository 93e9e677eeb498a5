"""Topic pools on a fixture store: tracker, flows and poaching answer over a pool."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from talentradar.analytics import pools
from talentradar.analytics.cohorts import Selection
from talentradar.analytics.flows import flows, poaching
from talentradar.analytics.tracker import tracker
from talentradar.pipeline import build
from talentradar.settings import load_settings
from talentradar.store.radar import open_radar
from tests.analytics.test_scout import PAPERS
from tests.conftest import make_mirror

EXTRA = [  # a second video-diffusion paper for Eve, so she has 2 on-topic top-tier papers
    {
        "id": "r4",
        "title": "Diffusion Models for Video Editing",
        "author": "Eve Student",
        "authorids": "~Eve_Student1",
        "aff": "Stanford University",
        "position": "PhD student",
        "status": "Poster",
        "track": "main",
        "keywords": "diffusion models;video",
        "abstract": "Video editing with diffusion models.",
    }
]


@pytest.fixture(scope="module")
def store(tmp_path_factory):
    root = tmp_path_factory.mktemp("pools")
    mirror = make_mirror(root / "data")
    (mirror / "paperlists/icml/icml2024.json").write_text(json.dumps(PAPERS + EXTRA))
    settings = load_settings(data_dir=str(mirror), db_path=Path(root) / "tr.duckdb")
    build(settings)
    store = open_radar(settings)
    yield store
    store.close()


def test_the_pool_holds_persons_with_two_on_topic_top_tier_papers(store) -> None:
    members = pools.members(store, "video diffusion models")
    names = {
        store.query("SELECT name FROM persons WHERE person_id = ?", [p])[0]["name"]
        for p in members.column("person_id").to_pylist()
    }
    assert names == {"Eve Student"}, names


def test_tracker_over_a_pool_counts_only_its_persons_and_shows_the_pool(store) -> None:
    everyone = tracker(store, Selection.of(["icml"], [2024]))
    pool = tracker(store, Selection.of(["icml"], [2024], topic="video diffusion models"))
    assert pool["pool"]["size"] == 1 and "at least 2" in pool["pool"]["definition"]
    assert pool["query"]["topic"] == "video diffusion models"
    assert [c["persons"] for c in pool["cohorts"]] == [1]
    assert everyone["cohorts"][0]["persons"] > 1 and "pool" not in everyone


def test_flows_and_poaching_take_a_topic(store) -> None:
    assert flows(store, topic="video diffusion models")["pool"]["size"] == 1
    lab = store.query("SELECT org_id FROM orgs ORDER BY org_id LIMIT 1")[0]["org_id"]
    result = poaching(store, (lab,), topic="video diffusion models")
    assert result["pool"]["size"] == 1
    assert result["cells"] == [] or all(
        p["name"] == "Eve Student" for c in result["cells"] for p in c["people"]
    )
