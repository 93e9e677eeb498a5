"""Scout relevance on the real data, with topic queries and judgements written beforehand
(tests/data/scout/relevance_queries.json, relevance.csv, rising_queries.txt, pool_topics.txt).

A paper is judged on-topic from its title alone (the query's pattern), never from scout's own
scores; a person passes with at least 2 on-topic accepted papers."""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import pytest

from talentradar.analytics.cohorts import Selection
from talentradar.analytics.rising import CAREER_YEARS, SENIOR_WORDS
from talentradar.analytics.scout import ScoutQuery, scout
from talentradar.analytics.tracker import tracker
from talentradar.store.radar import open_radar

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("realdata")]
DATA = Path(__file__).parent / "data" / "scout"
SPEC = json.loads((DATA / "relevance_queries.json").read_text())
with (DATA / "relevance.csv").open() as handle:
    TOPICS = list(csv.DictReader(handle))
RISING = [q for q in (DATA / "rising_queries.txt").read_text().splitlines() if q.strip()]
TOP = ("neurips", "icml", "iclr")
TITLES_SQL = """
SELECT DISTINCT p.title FROM mention_person mp JOIN mentions m USING (mention_id)
JOIN papers p USING (paper_id) WHERE mp.person_id = ? AND p.decision = 'accepted' {venues}
"""


@pytest.fixture(scope="module")
def store(real_settings):
    store = open_radar(real_settings)
    yield store
    store.close()


def passing(store, result, pattern: re.Pattern[str], venues: tuple[str, ...] = ()) -> int:
    """How many result persons have at least 2 accepted papers whose title matches."""
    clause = f"AND p.venue IN {venues}" if venues else ""
    count = 0
    for row in result["results"]:
        titles = [
            r["title"] for r in store.query(TITLES_SQL.format(venues=clause), [row["person_id"]])
        ]
        count += sum(bool(pattern.search(t)) for t in titles) >= 2
    return count


def test_at_least_ten_prewritten_queries_have_eight_of_ten_on_topic(store) -> None:
    judged = {}
    for spec in SPEC["queries"]:
        result = scout(store, ScoutQuery(spec["query"], venues=TOP, limit=10))
        pattern = re.compile(spec["on_topic"], re.IGNORECASE)
        judged[spec["query"]] = (passing(store, result, pattern, TOP), len(result["results"]))
    good = [q for q, (n_pass, n) in judged.items() if n == 10 and n_pass >= 8]
    assert len(SPEC["queries"]) >= 10
    assert len(good) >= 10, judged


def test_ninety_percent_of_the_topic_set_have_eight_of_ten_on_topic(store) -> None:
    assert len(TOPICS) >= 40
    assert {t["field"] for t in TOPICS} >= {
        "ml",
        "cv",
        "nlp",
        "speech",
        "robotics",
        "theory",
        "systems",
        "science",
    }
    judged = {}
    for spec in TOPICS:
        result = scout(store, ScoutQuery(spec["query"], limit=10))
        pattern = re.compile(spec["on_topic"], re.IGNORECASE)
        judged[spec["query"]] = (passing(store, result, pattern), len(result["results"]))
    good = [q for q, (n_pass, n) in judged.items() if n == 10 and n_pass >= 8]
    assert len(good) >= 0.9 * len(TOPICS), {q: v for q, v in judged.items() if q not in good}


def test_rising_stars_meet_the_early_career_rule(store) -> None:
    ref = store.query("SELECT max(year) AS y FROM paper_authors")[0]["y"]
    listed = 0
    for topic in RISING:
        for row in scout(store, ScoutQuery(topic, rising=True, limit=20))["results"]:
            listed += 1
            facts = store.query(
                "SELECT min(m.year) AS first FROM mention_person mp JOIN mentions m "
                "USING (mention_id) WHERE mp.person_id = ?",
                [row["person_id"]],
            )[0]
            assert ref - facts["first"] <= CAREER_YEARS, (topic, row["name"], facts)
            latest = store.query(
                "SELECT m.career_position AS position FROM mention_person mp JOIN mentions m "
                "USING (mention_id) WHERE mp.person_id = ? AND coalesce(trim(m.career_position), '') <> '' "
                "QUALIFY m.year = max(m.year) OVER ()",
                [row["person_id"]],
            )
            for position in (r["position"].lower() for r in latest):
                assert not any(w in position for w in SENIOR_WORDS), (topic, row["name"], position)
    assert listed >= 100


def test_a_tracker_answer_over_a_topic_pool_says_what_the_pool_is(store) -> None:
    """(Its speed is measured by bench/scout_latency.py, not here.)"""
    everyone = tracker(store, Selection.of(["neurips"], [], "top", []), by="org")
    result = tracker(store, Selection.of(["neurips"], [], "top", [], "diffusion models"), by="org")
    assert result["pool"]["size"] >= 100 and result["rows"] and result["pool"]["definition"]
    pooled = sum(c["persons"] for c in result["cohorts"])
    assert 0 < pooled < sum(c["persons"] for c in everyone["cohorts"])
