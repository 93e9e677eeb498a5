"""A source person id given to the wrong author (an OpenReview id that spells another name) is
not kept: it neither merges the author into the id's holder nor rewrites the holder's orgs."""

from __future__ import annotations

import json

from talentradar.mentions import named_id
from talentradar.pipeline import build
from talentradar.settings import load_settings
from talentradar.store.radar import reading
from tests.conftest import make_mirror


def test_an_id_that_spells_another_name_is_not_the_authors() -> None:
    assert named_id("~Yann_LeCun1", "lecun") == "~Yann_LeCun1"
    assert named_id("~Yann_LeCun1", "tables") is None
    assert named_id("~Bernhard_Schoelkopf1", "schoelkopf") == "~Bernhard_Schoelkopf1"
    assert named_id("~Matthias_Nießner2", "niessner") == "~Matthias_Nießner2"
    assert named_id("/pid/12/345", "tables") == "/pid/12/345"  # not an OpenReview id
    assert named_id(None, "lecun") is None


def test_a_bogus_id_does_not_merge_a_stranger_into_its_holder(tmp_path) -> None:
    data = make_mirror(tmp_path / "data")
    folder = data / "paperlists" / "iclr"
    folder.mkdir(parents=True)
    papers = [
        {
            "id": f"lecun{i}",
            "title": f"Energy Based Models {i}",
            "author": "Yann LeCun;Ada Byron",
            "authorids": "~Yann_LeCun1;~Ada_Byron1",
            "aff": "New York University;New York University",
            "status": "Poster",
        }
        for i in range(3)
    ] + [
        {
            "id": "bogus",
            "title": "A Paper With A Borrowed Id",
            "author": "Robert Tables;Carla Chairs",
            "authorids": "~Yann_LeCun1;~Carla_Chairs1",
            "aff": "Tsinghua University;Tsinghua University",
            "status": "Poster",
        }
    ]
    (folder / "iclr2021.json").write_text(json.dumps(papers))
    settings = load_settings(data_dir=str(data), db_path=tmp_path / "radar.duckdb")
    build(settings)
    with reading(settings) as radar:
        rows = radar.query(
            "SELECT m.name, m.source_person_id, mp.person_id FROM mentions m "
            "JOIN mention_person mp USING (mention_id) WHERE m.venue = 'iclr' ORDER BY m.name"
        )
        lecun = {r["person_id"] for r in rows if r["name"] == "Yann LeCun"}
        stranger = next(r for r in rows if r["name"] == "Robert Tables")
        orgs = radar.query(
            "SELECT DISTINCT p.org_id FROM placements p JOIN mention_person mp USING (mention_id) "
            "WHERE mp.person_id = ?",
            [next(iter(lecun))],
        )
    assert len(lecun) == 1
    assert stranger["person_id"] not in lecun
    assert {o["org_id"] for o in orgs} == {"nyu"}, orgs
    assert stranger["source_person_id"] is None
