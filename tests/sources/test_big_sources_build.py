"""OpenAlex and DBLP fixtures flow through a build to mentions, orgs, careers and the tracker
(expected values worked by hand from the fixture files)."""

from __future__ import annotations

import pytest

from talentradar.analytics.cohorts import Selection
from talentradar.analytics.tracker import tracker
from talentradar.pipeline import build
from talentradar.settings import Settings, load_settings
from talentradar.store.radar import open_radar
from tests.sources.big_mirror import make_big_mirror


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory) -> tuple[Settings, dict[str, int]]:
    root = tmp_path_factory.mktemp("big")
    settings = load_settings(data_dir=str(make_big_mirror(root / "data")), db_path=root / "tr.db")
    first = build(settings)
    assert not first.failed
    again = build(settings)  # a repeated run neither loses nor duplicates anything
    assert [r.status for r in again.loads if r.file.source in ("openalex", "dblp")] == [
        "unchanged",
        "unchanged",
    ]
    assert again.counts["records"] == first.counts["records"]
    assert again.counts["mentions"] == first.counts["mentions"]
    return settings, first.counts


@pytest.fixture(scope="module")
def store(built):
    store = open_radar(built[0])
    yield store
    store.close()


def _shares(result):
    return {r["key"]: pytest.approx(r["person_share"], abs=1e-6) for r in result["rows"]}


def test_records_and_quarantine_by_source(store) -> None:
    rows = store.query("SELECT source, count(*) AS n FROM records GROUP BY ALL")
    counts = {r["source"]: r["n"] for r in rows}
    assert (counts["openalex"], counts["dblp"], counts["dblp_person"]) == (6, 3, 3)
    rows = store.query(
        "SELECT source, count(*) AS n FROM quarantine WHERE source IN ('openalex', 'dblp') "
        "GROUP BY ALL"
    )
    assert {r["source"]: r["n"] for r in rows} == {"openalex": 6, "dblp": 3}


def test_papers_and_mentions(store) -> None:
    rows = store.query(
        "SELECT venue, year, count(*) AS papers, sum(n_authors) AS mentions FROM papers "
        "WHERE author_source IN ('openalex', 'dblp') GROUP BY ALL ORDER BY ALL"
    )
    assert [(r["venue"], r["year"], r["papers"], r["mentions"]) for r in rows] == [
        ("aaai", 2021, 2, 4),
        ("aaai", 2022, 1, 2),
        ("iclr", 2021, 2, 4),
        ("iclr", 2022, 3, 6),
        ("icml", 2021, 1, 2),
    ]


def test_orgs_per_mention(store) -> None:
    rows = store.query(
        "SELECT p.title, m.name, list(mo.org_id ORDER BY mo.org_id) AS orgs FROM mentions m "
        "JOIN papers p USING (paper_id) JOIN mention_orgs mo USING (mention_id) "
        "WHERE p.author_source = 'openalex' GROUP BY ALL"
    )
    orgs = {(r["title"], r["name"]): r["orgs"] for r in rows}
    assert orgs[("Sparse Quill Networks", "Ada Quill")] == ["stanford"]
    assert orgs[("Sparse Quill Networks", "Bo Tan")] == ["tsinghua"]  # no ROR id
    assert orgs[("Two Homes for Attention", "Cy Park")] == ["google-research", "mit"]
    assert orgs[("Quill Networks at Scale", "Ada Quill")] == ["deepmind"]
    assert orgs[("Attention Without Borders", "Dee Rao")] == ["oxford"]  # raw string only
    assert orgs[("Amsterdam Bandits", "Eve Lund")] == ["amsterdam"]
    assert ("Two Homes for Attention", "Dee Rao") not in orgs  # no institution, no string


def test_tracker_answers(store) -> None:
    iclr21 = tracker(store, Selection.of(["iclr"], [2021]), inferred=False)
    assert _shares(iclr21) == {"US": 2 / 3, "CN": 1 / 3}
    (cohort,) = iclr21["cohorts"]
    assert (cohort["persons"], cohort["persons_resolved"], cohort["papers"]) == (4, 3, 2)
    iclr22 = tracker(store, Selection.of(["iclr"], [2022]), rule="site", inferred=False)
    assert _shares(iclr22) == {"GB": 0.5, "US": 0.25, "CN": 0.25}
    aaai = tracker(store, Selection.of(["aaai"], [2021, 2022]))["cohorts"]
    assert [(c["papers"], c["persons_resolved"]) for c in aaai] == [(2, 0), (1, 0)]


def test_a_move_from_openalex_records(store) -> None:
    rows = store.query(
        "SELECT mv.from_org, mv.to_org, mv.from_year, mv.year FROM moves mv "
        "WHERE mv.person_id IN (SELECT mp.person_id FROM mention_person mp JOIN mentions m "
        "USING (mention_id) WHERE m.source_person_id = 'openalex:A1')"
    )
    assert [(r["from_org"], r["to_org"], r["from_year"], r["year"]) for r in rows] == [
        ("stanford", "deepmind", 2021, 2022)
    ]


def test_source_person_ids_kept(store) -> None:
    rows = store.query(
        "SELECT source_person_id, count(DISTINCT mp.person_id) AS persons, count(*) AS n "
        "FROM mentions m JOIN mention_person mp USING (mention_id) "
        "WHERE source_person_id LIKE 'openalex:%' OR source_person_id LIKE 'dblp:%' GROUP BY ALL"
    )
    by_id = {r["source_person_id"]: (r["persons"], r["n"]) for r in rows}
    assert by_id["openalex:A1"][1] == 4 and by_id["dblp:Wei Wang 0001"][1] == 2
    assert by_id["dblp:Wei Wang 0002"][1] == 1
