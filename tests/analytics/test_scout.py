"""Scout on a fixture store: explainable scores, rising stars, filters, suppression."""

from __future__ import annotations

import json
from datetime import datetime
from pathlib import Path

import pytest

from talentradar import suppressions
from talentradar.analytics.rising import CAREER_YEARS
from talentradar.analytics.scout import ScoutQuery, scout
from talentradar.errors import UnknownValueError
from talentradar.pipeline import build
from talentradar.settings import load_settings
from talentradar.store.radar import open_radar, workspace_of
from talentradar.store.workspace import register_snapshot
from tests.conftest import make_mirror

PAPERS = [  # two PhD students, equal but for one oral
    {
        "id": "r1",
        "title": "Video Diffusion Models for Long Videos",
        "author": "Eve Student;Gil Advisor",
        "authorids": "~Eve_Student1;~Gil_Advisor1",
        "aff": "Stanford University;Stanford University",
        "position": "PhD student;Full Professor",
        "status": "Oral",
        "track": "main",
        "keywords": "diffusion models;video generation",
        "abstract": "We train diffusion models on video.",
    },
    {
        "id": "r2",
        "title": "Latent Video Diffusion Models at Scale",
        "author": "Frank Student;Hal Advisor",
        "authorids": "~Frank_Student1;~Hal_Advisor1",
        "aff": "Tsinghua University;Tsinghua University",
        "position": "PhD student;Full Professor",
        "status": "Poster",
        "track": "main",
        "keywords": "diffusion models;video generation",
        "abstract": "We train diffusion models on video.",
    },
    {
        "id": "r3",
        "title": "Graph Kernels Revisited",
        "author": "Ivy Other",
        "authorids": "~Ivy_Other1",
        "aff": "MIT",
        "position": "Assistant Professor",
        "status": "Poster",
        "track": "main",
        "keywords": "graphs",
        "abstract": "Kernels on graphs.",
    },
]


@pytest.fixture(scope="module")
def scout_settings(tmp_path_factory):
    root = tmp_path_factory.mktemp("scout")
    mirror = make_mirror(root / "data")
    (mirror / "paperlists/icml/icml2024.json").write_text(json.dumps(PAPERS))
    settings = load_settings(data_dir=str(mirror), db_path=Path(root) / "tr.duckdb")
    build(settings)
    return settings


@pytest.fixture(scope="module")
def store(scout_settings):
    store = open_radar(scout_settings)
    yield store
    store.close()


def test_oral_as_phd_student_outranks_otherwise_equal_poster(store) -> None:
    result = scout(store, ScoutQuery("video diffusion models", rising=True, min_papers=1))
    names = [r["name"] for r in result["results"]]
    assert names.index("Eve Student") < names.index("Frank Student")
    for row in result["results"]:  # the documented early-career rule, from its evidence
        early = row["early_career"]
        assert early["career_years"] <= CAREER_YEARS, row
        assert early["first_top_paper"]["venue"] in ("neurips", "icml", "iclr"), row
        assert not any(
            w in p.lower() for p in early["positions"] for w in ("professor", "principal")
        ), row
    assert "Gil Advisor" not in names and "Ivy Other" not in names  # professors


def test_score_is_the_sum_of_its_components_and_has_evidence(store) -> None:
    for row in scout(store, ScoutQuery("video diffusion models", min_papers=1))["results"]:
        assert row["score"] == pytest.approx(sum(row["components"].values()), abs=1e-9)
        assert row["evidence"] and row["evidence"][0]["title"]
        assert 0 <= row["percentile"] <= 100


def test_filters_apply(store) -> None:
    names = {
        r["name"]
        for r in scout(
            store, ScoutQuery("video diffusion models", countries=("CN",), min_papers=1)
        )["results"]
    }
    assert names <= {"Frank Student", "Hal Advisor"} and "Frank Student" in names
    assert not scout(
        store,
        ScoutQuery(
            "video diffusion models", stages=("faculty",), min_papers=1, sectors=("industry",)
        ),
    )["results"]


def test_suppressed_persons_never_appear_at_once(scout_settings, store) -> None:
    workspace = workspace_of(scout_settings)
    with workspace.write() as users:
        suppressions.suppress(users, "~Eve_Student1", "test", datetime(2026, 1, 1))
    register_snapshot(store, workspace)  # what serve does when the workspace changes
    try:
        names = {
            r["name"]
            for r in scout(store, ScoutQuery("video diffusion models", min_papers=1))["results"]
        }
        assert "Eve Student" not in names
    finally:
        with workspace.write() as users:
            suppressions.unsuppress(users, "~Eve_Student1")
        register_snapshot(store, workspace)


def test_bad_queries_are_refused(store) -> None:
    with pytest.raises(UnknownValueError):
        scout(store, ScoutQuery("  "))
    with pytest.raises(UnknownValueError, match="career stage"):
        scout(store, ScoutQuery("video", stages=("wizard",)))


def test_in_memory_ranking_equals_the_sql_reference(store) -> None:
    from talentradar.analytics.scout import rank, rank_in_sql, relevance, relevance_vector

    for query in (
        ScoutQuery("video diffusion models", min_papers=1),
        ScoutQuery("video diffusion models", min_papers=1, rising=True),
        ScoutQuery("graph kernels", min_papers=1, countries=("US",), tier="top"),
        ScoutQuery("deep learning", min_papers=1, venues=("icml",), year_from=2024),
    ):
        memory = rank(store, query, relevance_vector(store, query))["results"]
        sql = rank_in_sql(store, query, relevance(store, query))["results"]
        assert [(r["person_id"], r["score"], r["percentile"]) for r in memory] == [
            (r["person_id"], r["score"], r["percentile"]) for r in sql
        ]
        assert [r["evidence"] for r in memory] == [r["evidence"] for r in sql]
    assert memory or sql is not None


def test_acronyms_and_their_expansions_find_the_same_papers(store) -> None:
    from talentradar.search.topics import topic

    assert "mixture of experts" in topic("MoE routing").wordings[1]
    assert "tts" in topic("text-to-speech").wordings
    short = {r["person_id"] for r in scout(store, ScoutQuery("VDM", min_papers=1))["results"]}
    assert short == set()  # an unknown acronym matches nothing by itself


def test_similar_people_leave_out_the_person_and_rank_the_nearest(store) -> None:
    from talentradar.analytics.similar import similar
    from talentradar.errors import NotFoundError

    eve = store.query("SELECT person_id FROM persons WHERE name = 'Eve Student'")[0]["person_id"]
    result = similar(store, eve, ScoutQuery("x", min_papers=1, limit=5))
    names = [r["name"] for r in result["results"]]
    assert "Eve Student" not in names
    assert "Gil Advisor" in names[:3], names  # her co-author on the same paper is among the nearest
    assert result["person"]["name"] == "Eve Student"
    with pytest.raises(NotFoundError):
        similar(store, "P-nobody")


def test_a_rebuild_embeds_only_new_texts(tmp_path, monkeypatch) -> None:
    from talentradar.search import semantic

    mirror = make_mirror(tmp_path / "data")
    (mirror / "paperlists/icml/icml2024.json").write_text(json.dumps(PAPERS))
    settings = load_settings(data_dir=str(mirror), db_path=tmp_path / "tr.duckdb")
    embedded: list[str] = []
    real = semantic._embed_chunks
    monkeypatch.setattr(semantic, "_embed_chunks", lambda t: embedded.extend(t) or real(t))
    build(settings)
    first = len(embedded)
    (mirror / "paperlists/icml/icml2024.json").write_text(
        json.dumps([*PAPERS, {**PAPERS[2], "id": "r9", "title": "Graph Kernels Rerevisited"}])
    )
    build(settings)
    assert first > 0
    assert embedded[first:] == ["Graph Kernels Rerevisited"]  # only the new paper's title
    store = open_radar(settings)
    try:
        cached = store.query("SELECT count(*) AS n FROM embedding_cache")[0]["n"]
        vectors = store.query("SELECT count(*) AS n FROM paper_vectors")[0]["n"]
    finally:
        store.close()
    assert cached == first + 1 and vectors >= 4
