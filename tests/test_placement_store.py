"""Placements in a built store: paper-level and country-level rules, placement classes, and no
e-mail address anywhere (fixture mirror; the real-data variant is marked slow)."""

from __future__ import annotations

import pytest

from talentradar.analytics.coverage import placement
from talentradar.sources.scrub import ADDRESS_SQL_PATTERN
from talentradar.store.radar import open_radar


def _query(settings, sql, params=None):
    store = open_radar(settings)
    try:
        return store.query(sql, params or [])
    finally:
        store.close()


def test_one_org_paper_places_every_author(fixture_settings) -> None:
    rows = _query(
        fixture_settings,
        "SELECT m.name, mo.org_id, mo.method, mo.matched FROM mentions m JOIN papers p USING (paper_id) "
        "JOIN mention_orgs mo USING (mention_id) WHERE p.title = 'One Lab Paper' ORDER BY m.position",
    )
    assert [(r["name"], r["org_id"], r["method"]) for r in rows] == [
        ("Ann One", "stanford", "paper-level"),
        ("Bob Two", "stanford", "paper-level"),
    ]
    assert rows[0]["matched"].startswith("one org: ")


def test_two_orgs_of_one_country_give_the_country_only(fixture_settings) -> None:
    rows = _query(
        fixture_settings,
        "SELECT m.name, c.country, c.method, "
        "(SELECT count(*) FROM mention_orgs mo WHERE mo.mention_id = m.mention_id) AS orgs "
        "FROM mentions m JOIN papers p USING (paper_id) LEFT JOIN mention_countries c USING (mention_id) "
        "WHERE p.title = 'Two Country Paper' ORDER BY m.position",
    )
    assert [(r["country"], r["method"], r["orgs"]) for r in rows] == [("CN", "paper-level", 0)] * 3
    orgs = _query(
        fixture_settings,
        "SELECT org_id, weight FROM paper_orgs JOIN papers USING (paper_id) "
        "WHERE title = 'Two Country Paper' ORDER BY org_id",
    )
    assert [r["weight"] for r in orgs] == [0.5, 0.5]


def test_placement_classes_partition_every_accepted_mention(fixture_settings) -> None:
    store = open_radar(fixture_settings)
    try:
        rows = placement(store)
    finally:
        store.close()
    eccv = next(r for r in rows if (r["venue"], r["year"]) == ("eccv", 2022))
    assert (eccv["mentions"], eccv["paper_level"], eccv["country_only"]) == (5, 2, 3)
    for r in rows:
        assert (
            sum(r[c] for c in ("own_paper", "paper_level", "inferred", "country_only", "none"))
            == r["mentions"]
        )
    neurips23 = next(r for r in rows if (r["venue"], r["year"]) == ("neurips", 2023))
    # Profiles Out Of Order: 4 authors placed (one by an e-mail token); the Oral paper's one author
    # from the older profile file; the Datasets paper has no authors.
    assert (neurips23["mentions"], neurips23["own_paper"]) == (5, 5)


def _addresses(settings) -> list[tuple[str, str, int]]:
    store = open_radar(settings)
    try:
        found = []
        for table in store.tables():
            cols = store.query(
                "SELECT column_name, data_type FROM information_schema.columns WHERE table_name = ?",
                [table],
            )
            for col in cols:
                if col["data_type"] not in ("VARCHAR", "JSON", "VARCHAR[]"):
                    continue
                # JSON text escapes a newline as \n: "\n@host" is a domain, not an address
                expr = f"""regexp_replace("{col["column_name"]}"::VARCHAR, '\\\\[nrt]', ' ', 'g')"""
                n = store.query(
                    f'SELECT count(*) AS n FROM "{table}" WHERE regexp_matches({expr}, ?)',
                    [ADDRESS_SQL_PATTERN],
                )[0]["n"]
                if n:
                    found.append((table, col["column_name"], n))
        return found
    finally:
        store.close()


def test_no_address_anywhere_in_the_fixture_store(fixture_settings) -> None:
    assert _addresses(fixture_settings) == []


@pytest.mark.slow
def test_no_address_anywhere_in_the_real_store(real_settings) -> None:
    assert _addresses(real_settings) == []
