"""Scout relevance on the real data, with topic queries and judgements written beforehand
(tests/data/scout/relevance_queries.json)."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from talentradar.analytics.scout import ScoutQuery, scout
from talentradar.store.radar import open_radar

pytestmark = [pytest.mark.slow, pytest.mark.xdist_group("realdata")]
SPEC = json.loads((Path(__file__).parent / "data" / "scout" / "relevance_queries.json").read_text())
TOP = ("neurips", "icml", "iclr")


@pytest.fixture(scope="module")
def judged(real_settings):
    store = open_radar(real_settings)
    out = {}
    try:
        for spec in SPEC["queries"]:
            pattern = re.compile(spec["on_topic"], re.IGNORECASE)
            result = scout(store, ScoutQuery(spec["query"], venues=TOP, limit=10))
            passing = 0
            for row in result["results"]:
                titles = [
                    r["title"]
                    for r in store.query(
                        "SELECT DISTINCT p.title FROM mention_person mp JOIN mentions m USING (mention_id) "
                        "JOIN papers p USING (paper_id) WHERE mp.person_id = ? AND p.decision = 'accepted' "
                        f"AND p.venue IN {TOP}",
                        [row["person_id"]],
                    )
                ]
                passing += sum(bool(pattern.search(t)) for t in titles) >= 2
            out[spec["query"]] = (passing, len(result["results"]))
    finally:
        store.close()
    return out


def test_at_least_ten_prewritten_queries_have_eight_of_ten_on_topic(judged) -> None:
    good = [q for q, (passing, n) in judged.items() if n == 10 and passing >= 8]
    assert len(SPEC["queries"]) >= 10
    assert len(good) >= 10, judged
