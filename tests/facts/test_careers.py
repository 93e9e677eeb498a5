"""Spells and moves on a hand-made store: a move, a dual affiliation, a one-record blip."""

from __future__ import annotations

import pyarrow as pa
from hypothesis import given, settings
from hypothesis import strategies as st

from talentradar.analytics.flows import LEVELS, flows, poaching
from talentradar.facts.moves import build_careers
from talentradar.store.duckdb import DuckDBStore

ORGS = [  # org_id, name, sector, country, root
    ("mit", "MIT", "academia", "US", "mit"),
    ("google", "Google", "industry", "US", "alphabet"),
    ("alphabet", "Alphabet", "industry", "US", "alphabet"),
    ("meta", "Meta", "industry", "US", "meta"),
    ("tsinghua", "Tsinghua", "academia", "CN", "tsinghua"),
]


def make_store(history: dict[str, list[tuple]]) -> DuckDBStore:
    """history: person → [(year, [org ids on that paper][, stated position[, affiliation]])];
    one paper per entry."""
    store = DuckDBStore(":memory:")
    mentions, links, persons = [], [], []
    for person, papers in history.items():
        for i, (year, orgs, *stated) in enumerate(papers):
            mid = f"{person}-{i}"
            mentions.append(
                {
                    "mention_id": mid,
                    "paper_id": f"paper-{mid}",
                    "year": year,
                    "venue": "neurips",
                    "career_position": stated[0] if stated else None,
                    "affiliation": stated[1] if len(stated) > 1 else None,
                    "name": person,
                    "source_person_id": None,
                }
            )
            persons.append({"mention_id": mid, "person_id": person})
            links += [
                {
                    "mention_id": mid,
                    "org_id": o,
                    "weight": 1 / len(orgs),
                    "inferred": False,
                    "site_country": next(c for org, _, _, c, _ in ORGS if org == o),
                }
                for o in orgs
            ]
    store.replace_table(
        "mentions",
        pa.Table.from_pylist(
            mentions,
            schema=pa.schema(
                [
                    ("mention_id", pa.string()),
                    ("paper_id", pa.string()),
                    ("year", pa.int32()),
                    ("venue", pa.string()),
                    ("career_position", pa.string()),
                    ("affiliation", pa.string()),
                    ("name", pa.string()),
                    ("source_person_id", pa.string()),
                ]
            ),
        ),
    )
    store.replace_table("mention_person", pa.Table.from_pylist(persons))
    store.replace_table("mention_orgs", pa.Table.from_pylist(links))
    store.replace_table(
        "orgs",
        pa.Table.from_pylist(
            [
                {
                    "org_id": o,
                    "name": n,
                    "sector": s,
                    "hq_country": c,
                    "root_id": r,
                    "parent_id": r if r != o else None,
                }
                for o, n, s, c, r in ORGS
            ]
        ),
    )
    store.replace_table(
        "persons", pa.Table.from_pylist([{"person_id": p, "name": p} for p in history])
    )
    store.replace_table(
        "countries",
        pa.Table.from_pylist(
            [
                {"code": "US", "name": "United States", "region": "United States"},
                {"code": "CN", "name": "China", "region": "China"},
            ]
        ),
    )
    store.replace_table(
        "papers",
        pa.Table.from_pylist(
            [
                {
                    "paper_id": m["paper_id"],
                    "venue": "neurips",
                    "decision": "accepted",
                    "presentation": "poster",
                }
                for m in mentions
            ]
        ),
    )
    store.execute("CREATE VIEW suppressed_persons AS SELECT person_id FROM persons WHERE false")
    build_careers(store)
    return store


def _moves(store):
    return [
        (r["person_id"], r["from_org"], r["to_org"], r["year"])
        for r in store.query(
            "SELECT person_id, from_org, to_org, year FROM moves ORDER BY person_id, year"
        )
    ]


def test_a_change_of_primary_org_is_a_move_with_evidence() -> None:
    store = make_store(
        {"ann": [(2018, ["mit"]), (2019, ["mit"]), (2021, ["google"]), (2022, ["google"])]}
    )
    assert _moves(store) == [("ann", "mit", "google", 2021)]
    row = store.query("SELECT from_mentions, to_mentions, confidence FROM moves")[0]
    assert row["from_mentions"] == ["ann-0", "ann-1"] and row["to_mentions"] == ["ann-2", "ann-3"]
    assert 0.1 <= row["confidence"] <= 1


def test_a_dual_affiliation_on_one_paper_is_not_a_move() -> None:
    store = make_store(
        {
            "bob": [
                (2019, ["mit"]),
                (2020, ["mit", "google"]),
                (2021, ["google"]),
                (2022, ["google"]),
            ]
        }
    )
    assert _moves(store) == []


def test_a_one_record_blip_is_not_a_move() -> None:
    store = make_store(
        {"cy": [(2018, ["mit"]), (2019, ["tsinghua"]), (2020, ["mit"]), (2021, ["mit"])]}
    )
    assert _moves(store) == []


def test_an_internship_is_kept_as_a_spell_and_is_not_a_move() -> None:
    phd = "PhD student"
    store = make_store(
        {
            "eve": [
                (2016, ["mit"], phd),
                (2017, ["mit"], phd),
                (2018, ["google"], phd),
                (2019, ["mit"], phd),
                (2019, ["mit"], phd),
                (2021, ["meta"], "Research Scientist"),
                (2022, ["meta"], "Research Scientist"),
            ]
        }
    )
    assert _moves(store) == [("eve", "mit", "meta", 2021)]
    roles = store.query("SELECT org_id, role FROM spells ORDER BY spell_no")
    assert [(r["org_id"], r["role"]) for r in roles] == [
        ("mit", None),
        ("google", "internship"),
        ("mit", None),
        ("meta", None),
    ]


def test_stated_residency_and_visiting_spells_are_not_moves() -> None:
    store = make_store(
        {
            "fay": [
                (2017, ["tsinghua"]),
                (2018, ["tsinghua"]),
                (2019, ["google"], None, "Google AI Residency"),
                (2020, ["meta"]),
                (2021, ["meta"]),
            ],
            "gus": [
                (2017, ["mit"]),
                (2018, ["mit"]),
                (2019, ["tsinghua"], None, "Visiting Professor, Tsinghua"),
                (2019, ["tsinghua"], None, "Visiting Professor, Tsinghua"),
                (2020, ["mit"]),
            ],
        }
    )
    assert _moves(store) == [("fay", "tsinghua", "meta", 2020)]
    roles = {
        (r["person_id"], r["org_id"]): r["role"]
        for r in store.query("SELECT person_id, org_id, role FROM spells")
    }
    assert roles[("fay", "google")] == "residency" and roles[("gus", "tsinghua")] == "visiting"
    assert roles[("fay", "tsinghua")] is None


def test_a_child_and_its_parent_org_are_not_a_move() -> None:
    store = make_store(
        {
            "hal": [
                (2018, ["google"]),
                (2019, ["google"]),
                (2020, ["alphabet"]),
                (2021, ["alphabet"]),
            ]
        }
    )
    assert _moves(store) == []


def test_moves_say_how_strong_their_evidence_is() -> None:
    store = make_store(
        {
            "ida": [(2018, ["mit"]), (2019, ["mit"]), (2020, ["meta"]), (2021, ["meta"])],
            "jon": [(2018, ["mit"]), (2021, ["meta"])],
        }
    )
    strength = {r["person_id"]: r["strength"] for r in store.query("SELECT * FROM moves")}
    assert strength == {"ida": "strong", "jon": "weak"}


def test_current_org_and_stage_come_from_the_latest_evidence() -> None:
    store = make_store(
        {
            "kim": [
                (2018, ["mit"], "PhD student"),
                (2019, ["mit"], "PhD student"),
                (2022, ["meta"], "Research Scientist"),
                (2022, ["meta"], "Research Scientist"),
            ]
        }
    )
    (row,) = store.query("SELECT * FROM person_current")
    assert (row["org_id"], row["org_year"], row["stage"], row["stage_year"]) == (
        "meta",
        2022,
        "researcher",
        2022,
    )


def test_pipeline_follows_a_student_to_their_next_org() -> None:
    phd = "PhD student"
    store = make_store(
        {
            "lea": [
                (2017, ["tsinghua"], phd),
                (2019, ["tsinghua"], phd),
                (2020, ["google"], "Research Scientist"),
                (2023, ["meta"], "Research Scientist"),
            ],
            "max": [(2019, ["mit"], "Full Professor"), (2020, ["google"])],
            "ned": [(2011, ["mit"], phd), (2012, ["mit"], phd), (2019, ["meta"])],
            "oli": [(2019, ["mit"], phd), (2020, ["meta"])],  # one record says student: not enough
            "pat": [
                (2018, ["mit"], phd),
                (2019, ["mit"], phd),
                (2020, ["meta"], "Research Intern"),
            ],
        }
    )
    rows = store.query("SELECT * FROM person_pipeline ORDER BY person_id")
    assert [(r["person_id"], r["cohort"], r["school_org"], r["dest_org"]) for r in rows] == [
        ("lea", 2019, "tsinghua", "google"),
        ("ned", 2012, "mit", None),  # nothing seen 1-5 years later
        ("pat", 2019, "mit", None),  # an internship is not a destination
    ]
    assert (rows[0]["school_country"], rows[0]["dest_country"]) == ("CN", "US")


def test_poaching_lists_people_with_evidence() -> None:
    store = make_store(
        {"di": [(2019, ["google"]), (2020, ["google"]), (2022, ["meta"]), (2023, ["meta"])]}
    )
    result = poaching(store, ("alphabet", "meta"), 2018, 2025)
    (cell,) = result["cells"]
    assert (cell["from"], cell["to"], cell["moves"]) == ("alphabet", "meta", 1)
    assert cell["people"][0]["name"] == "di" and cell["people"][0]["to_mentions"] == [
        "di-2",
        "di-3",
    ]
    assert {b["lab"]: b["net"] for b in result["balance"]} == {"alphabet": -1, "meta": 1}


_orgs = st.sampled_from([o[0] for o in ORGS if o[0] != "alphabet"])
_history = st.dictionaries(
    st.sampled_from("pqrstu"),
    st.lists(
        st.tuples(st.integers(2015, 2024), st.lists(_orgs, min_size=1, max_size=2, unique=True)),
        min_size=1,
        max_size=6,
    ),
    min_size=1,
    max_size=5,
)


@settings(max_examples=25, deadline=None)
@given(history=_history)
def test_flow_totals_are_conserved_at_every_level(history) -> None:
    store = make_store(history)
    total = store.query("SELECT count(*) AS n FROM moves")[0]["n"]
    for level in LEVELS:
        result = flows(store, level)
        assert result["moves"] == total
        assert sum(c["moves"] for c in result["cells"]) == total
        assert sum(n["inflow"] for n in result["net"]) == sum(n["outflow"] for n in result["net"])
        assert sum(n["net"] for n in result["net"]) == 0
