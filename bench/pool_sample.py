"""Print 20 random members of each topic pool (tests/data/scout/pool_topics.txt) with the
top-tier papers that put them in the pool, for a hand check from the titles.

    python -m bench.pool_sample > pool_sample.txt   (needs a built store)
"""

from __future__ import annotations

import random
import sys
import time
from pathlib import Path

from talentradar.analytics import pools
from talentradar.analytics.scout import ScoutQuery, relevance
from talentradar.settings import load_settings
from talentradar.store.radar import open_radar

TOPICS = Path(__file__).parent.parent / "tests" / "data" / "scout" / "pool_topics.txt"
EVIDENCE_SQL = """
SELECT DISTINCT a.title, a.venue, a.year FROM pool_relevance r JOIN paper_authors a USING (paper_id)
WHERE a.person_id = ? AND r.relevance >= ? AND a.venue IN ({venues}) ORDER BY a.year
"""


def main() -> None:
    store = open_radar(load_settings())
    venues = pools.top_venues()
    for topic in [t for t in TOPICS.read_text().splitlines() if t.strip()]:
        started = time.perf_counter()
        members = pools.members(store, topic)
        seconds = time.perf_counter() - started
        ids = sorted(members.column("person_id").to_pylist())
        print(f"## {topic}: pool of {len(ids)} ({seconds:.2f} s)")
        store.register("pool_relevance", relevance(store, ScoutQuery(topic)))
        for person_id in random.Random(15).sample(ids, min(20, len(ids))):
            name = store.query("SELECT name FROM persons WHERE person_id = ?", [person_id])[0]
            print(f"- {name['name']} ({person_id})")
            sql = EVIDENCE_SQL.format(venues=", ".join("?" for _ in venues))
            for r in store.query(sql, [person_id, pools.MIN_RELEVANCE, *venues]):
                print(f"    {r['year']} {r['venue']}: {r['title']}")
        store.unregister("pool_relevance")
        sys.stdout.flush()
    store.close()


if __name__ == "__main__":
    main()
