"""Country shares use country-level placements (real radar): a CVPR author whose org is
unknown but whose paper's orgs all lie in one country counts for that country, by country
and by region, and not by org; the cohort line's org-level keys keep their meaning."""

from __future__ import annotations

import pytest

from talentradar.analytics.cohorts import Selection
from talentradar.analytics.tracker import tracker
from talentradar.store.radar import open_radar

COHORT = ("cvpr", 2023)

# Persons of the cohort with an org of their own paper or a country-level placement, or
# (when neither) an inferred org — read from the source tables, not from cohort_placements.
PERSONS_WITH_A_COUNTRY_SQL = """
SELECT count(DISTINCT mp.person_id) AS n
FROM papers p JOIN mentions m USING (paper_id) JOIN mention_person mp USING (mention_id)
WHERE p.venue = ? AND p.year = ? AND p.decision = 'accepted'
  AND coalesce(lower(p.track), 'main') = 'main'
  AND mp.person_id NOT IN (SELECT person_id FROM suppressed_persons)
  AND (m.mention_id IN (SELECT mention_id FROM placements WHERE NOT inferred)
       OR m.mention_id IN (SELECT mention_id FROM mention_countries)
       OR m.mention_id IN (SELECT mention_id FROM placements WHERE inferred))
"""


@pytest.fixture(scope="module")
def store(real_settings):
    store = open_radar(real_settings)
    yield store
    store.close()


@pytest.mark.slow
def test_country_level_placements_count_in_country_shares(store) -> None:
    sel = Selection.of([COHORT[0]], [COHORT[1]], tracks=["main"])
    by_country = tracker(store, sel, by="country", rule="site")
    by_org = tracker(store, sel, by="org")
    cohort = by_country["cohorts"][0]
    assert by_country["query"]["country_level"] is True
    assert by_org["query"]["country_level"] is False
    country_persons = sum(r["persons"] for r in by_country["rows"])
    org_persons = sum(r["persons"] for r in by_org["rows"])
    assert org_persons == pytest.approx(cohort["persons_resolved"], abs=0.5)
    assert country_persons > org_persons + 0.05 * cohort["persons"]
    expected = store.query(PERSONS_WITH_A_COUNTRY_SQL, list(COHORT))[0]["n"]
    assert country_persons == pytest.approx(expected, abs=0.5)
    assert cohort["persons_observed"] <= cohort["persons_country_level"] <= cohort["persons"]


@pytest.mark.slow
def test_region_shares_sum_to_one_with_country_level_rows(store) -> None:
    result = tracker(store, Selection.of([COHORT[0]], [COHORT[1]]), by="region", rule="hq")
    rounding = 5e-7 * len(result["rows"])  # each share is rounded to 6 decimals
    assert sum(r["person_share"] for r in result["rows"]) == pytest.approx(1.0, abs=rounding)
    assert sum(r["paper_share"] for r in result["rows"]) == pytest.approx(1.0, abs=rounding)
