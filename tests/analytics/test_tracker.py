"""Golden tests of the tracker on the fixture store (expected values worked by hand)."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from talentradar.analytics.cohorts import Selection
from talentradar.analytics.tracker import tracker
from talentradar.errors import UnknownValueError
from talentradar.store.radar import open_radar


@pytest.fixture(scope="module")
def store(fixture_settings):
    store = open_radar(fixture_settings)
    yield store
    store.close()


def _shares(result, measure="person_share"):
    return {r["key"]: pytest.approx(r[measure], abs=1e-6) for r in result["rows"]}


def test_person_and_paper_shares_by_country(store) -> None:
    result = tracker(store, Selection.of(["neurips"], [2019]))
    assert _shares(result) == {"US": 0.5, "GB": 0.25, "CN": 0.25}
    assert _shares(result, "paper_share") == {"US": 5 / 12, "GB": 5 / 12, "CN": 2 / 12}
    (cohort,) = result["cohorts"]
    assert (cohort["persons"], cohort["persons_resolved"], cohort["papers"]) == (6, 4, 4)


def test_elite_is_orals_only(store) -> None:
    result = tracker(store, Selection.of(["neurips"], [2019], "elite"))
    assert _shares(result) == {"US": 0.5, "GB": 0.5}


def test_person_with_several_orgs_is_split(store) -> None:
    rows = tracker(store, Selection.of(["neurips"], [2019]), by="org")["rows"]
    persons = {r["key"]: r["persons"] for r in rows}
    assert persons["alan-turing-institute"] == pytest.approx(0.75)
    assert persons["university-of-warwick-gb"] == pytest.approx(0.25)


def test_hq_rule_and_site_rule_differ_for_a_lab_abroad(store) -> None:
    hq = tracker(store, Selection.of(["icml"], [2023]), rule="hq")
    site = tracker(store, Selection.of(["icml"], [2023]), rule="site")
    assert _shares(hq) == {"US": 0.4, "CN": 0.4, "NL": 0.2}
    assert _shares(site) == {"US": 0.2, "GB": 0.2, "CN": 0.4, "NL": 0.2}


def test_sector_and_parent(store) -> None:
    sectors = _shares(tracker(store, Selection.of(["neurips"], [2019]), by="sector"))
    assert sectors == {"academia": 0.75, "industry": 0.25}
    parents = {
        r["key"] for r in tracker(store, Selection.of(["icml"], [2023]), by="parent")["rows"]
    }
    assert "alphabet" in parents


def test_unknown_dimension_is_refused(store) -> None:
    with pytest.raises(UnknownValueError, match="unknown dimension"):
        tracker(store, Selection.of(["neurips"], [2019]), by="planet")


@settings(max_examples=20, deadline=None)
@given(
    by=st.sampled_from(["country", "region", "sector", "org", "parent"]),
    rule=st.sampled_from(["hq", "site"]),
    tier=st.sampled_from(["top", "elite", "all"]),
)
def test_shares_sum_to_one_and_persons_are_conserved(store, by, rule, tier) -> None:
    result = tracker(store, Selection.of(["neurips", "icml"], [], tier), by=by, rule=rule)
    for cohort in result["cohorts"]:
        rows = [
            r
            for r in result["rows"]
            if (r["venue"], r["year"]) == (cohort["venue"], cohort["year"])
        ]
        if not rows:
            continue
        assert sum(r["person_share"] for r in rows) == pytest.approx(1.0, abs=1e-4)
        assert sum(r["paper_share"] for r in rows) == pytest.approx(1.0, abs=1e-4)
        assert sum(r["persons"] for r in rows) == pytest.approx(
            cohort["persons_resolved"], abs=1e-4
        )
        assert sum(r["papers"] for r in rows) == pytest.approx(cohort["papers_resolved"], abs=1e-4)
