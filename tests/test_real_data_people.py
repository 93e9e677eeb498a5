"""People linkage evaluated on real labelled data (thresholds that can fail)."""

from __future__ import annotations

import pytest

from talentradar.resolve.orgs import load_registry
from talentradar.resolve.people.report import evaluate_store
from talentradar.resolve.people.s2and import evaluate_qian
from talentradar.store.radar import open_radar
from tests.conftest import REAL_DATA

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("realdata")]


@pytest.fixture(scope="module")
def report(real_settings):
    store = open_radar(real_settings)
    try:
        result = evaluate_store(store)
        reference = [
            (r["g"], r["f"])
            for r in store.query(
                "SELECT DISTINCT given_first AS g, family_key AS f FROM link_mentions"
            )
        ]
    finally:
        store.close()
    result["s2and_qian"] = evaluate_qian(
        str(REAL_DATA), load_registry(str(REAL_DATA)), reference=reference
    )
    return result


def test_openreview_ids_b_cubed(report) -> None:
    openreview = report["openreview"]
    assert openreview["mentions"] > 50_000 and openreview["persons"] > 30_000
    b3 = openreview["model"]["b3"]
    # measured 0.9836 / 0.9779 / 0.9893 (F1 / P / R, 2026-12-03); room for the 5th decimal
    assert b3["f1"] >= 0.983 and b3["precision"] >= 0.9775 and b3["recall"] >= 0.989, b3
    assert b3["f1"] > openreview["baseline"]["b3"]["f1"]


def test_duplicate_profiles_merged_labels(report) -> None:
    merged = report["openreview_duplicates_merged"]
    assert merged["persons"] < merged["profiles"]
    assert merged["model"]["b3"]["f1"] >= report["openreview"]["model"]["b3"]["f1"]
    assert merged["model"]["b3"]["f1"] >= 0.987, merged["model"]["b3"]  # 0.98746 measured


def test_few_persons_hold_several_openreview_ids(report) -> None:
    """Namesakes merged into one person show as a person holding several ids (duplicate
    profiles of one researcher merged first): "Chang Liu" with "Ce Liu", "Wei" with "Weinan"."""
    holding = report["openreview_duplicates_merged"]["persons_holding_ids"]
    assert holding["3+"] <= 40 and holding["4+"] <= 8, holding


def test_variant_pairs_recall_beats_exact_names(report) -> None:
    pairs = report["variant_pairs"]
    assert pairs["model"]["positives"] >= 200
    assert pairs["model"]["recall"] > pairs["baseline"]["recall"] + 0.3
    assert pairs["model"]["kept_apart"] >= 0.8


def test_s2and_qian_beats_exact_names(report) -> None:
    qian = report["s2and_qian"]
    assert qian["signatures"] == 6542
    assert qian["model"]["b3"]["f1"] > qian["baseline"]["b3"]["f1"] + 0.05
    assert qian["model"]["pairwise"]["f1"] > qian["baseline"]["pairwise"]["f1"]


def test_moves_against_openreview_identity(real_settings) -> None:
    from talentradar.analytics.flows import evaluate_moves

    store = open_radar(real_settings)
    try:
        result = evaluate_moves(store)
    finally:
        store.close()
    assert result["true_moves"] > 500
    # 0.941 / 0.862 measured 2026-12-03 (targets 0.95 / 0.90): recall was 0.820 while a
    # mover's different e-mail domain counted against them on top of the different org, 0.848
    # while two orgs in two years weighed as much against as two orgs in one year
    assert result["precision"] >= 0.935 and result["recall"] >= 0.855, result


def test_poaching_matrix_for_default_labs(real_settings) -> None:
    from talentradar.analytics.flows import poaching

    store = open_radar(real_settings)
    try:
        result = poaching(store, start=2018, end=2025)
    finally:
        store.close()
    assert sum(c["moves"] for c in result["cells"]) > 50
    for cell in result["cells"]:
        assert cell["moves"] == len(cell["people"])
        assert all(p["from_mentions"] and p["to_mentions"] for p in cell["people"])


def test_link_with_no_change_reproduces_the_real_build(real_settings, tmp_path) -> None:
    """`people link` right after a build changes no person (it once moved 232 mentions)."""
    from talentradar.pipeline import build
    from tests.conftest import copy_radar

    settings = copy_radar(real_settings, tmp_path)
    query = "SELECT mention_id, person_id FROM mention_person"
    store = open_radar(settings)
    try:
        before = {r["mention_id"]: r["person_id"] for r in store.query(query)}
    finally:
        store.close()
    summary = build(settings, start="people")
    assert [s["step"] for s in summary.steps] == ["people", "facts"]
    store = open_radar(settings)
    try:
        after = {r["mention_id"]: r["person_id"] for r in store.query(query)}
    finally:
        store.close()
    assert len(after) == len(before)
    assert sum(before[m] != after.get(m) for m in before) == 0
