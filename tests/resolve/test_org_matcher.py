"""The org matcher on the curated table plus a fixture registry."""

from __future__ import annotations

import pytest

from talentradar.errors import SourceError
from talentradar.resolve.orgs import build_registry, load_registry, resolve_mention, resolve_string
from talentradar.resolve.orgs.registry import read_curated


@pytest.fixture(scope="module")
def reg(mirror):
    return load_registry(str(mirror))


def _ids(reg, text, domain=None):
    return [m.org_id for m in resolve_mention(reg, text, domain).matches]


def test_multi_org_strings(reg) -> None:
    assert _ids(reg, "University of Warwick & The Alan Turing Institute") == [
        "university-of-warwick-gb",
        "alan-turing-institute",
    ]
    assert _ids(reg, "Google Brain; Stanford University") == ["google-brain", "stanford"]
    assert _ids(reg, "University of Toronto, Nvidia, Vector Institute") == [
        "toronto",
        "nvidia",
        "vector-institute",
    ]


def test_abbreviations_and_accents(reg) -> None:
    assert _ids(reg, "UCSD") == ["ucsd"]
    assert _ids(reg, "CMU") == ["cmu"]
    assert _ids(reg, "HKUST") == ["hkust"]
    assert _ids(reg, "KAIST") == ["kaist"]
    assert _ids(reg, "SJTU") == ["sjtu"]
    assert _ids(reg, "ETH Zürich") == ["ethz"]
    assert _ids(reg, "Université de Montréal") == ["umontreal"]


def test_most_specific_org_wins_over_its_parent(reg) -> None:
    assert _ids(reg, "Google Brain, Google") == ["google-brain"]
    assert _ids(reg, "DeepMind, Google") == ["deepmind", "google"]  # siblings under Alphabet


def test_name_collisions_settle_only_on_evidence(reg) -> None:
    assert _ids(reg, "Northeastern University") == ["northeastern-us"]
    assert _ids(reg, "Northeastern University, Shenyang, China") == ["northeastern-cn"]
    res = resolve_string(reg, "University of Georgia, Tbilisi, Georgia")
    assert [m.org_id for m in res.matches] == ["university-of-georgia-ge"]


def test_no_fuzzy_match_to_a_different_university(reg) -> None:
    assert _ids(reg, "Michigan State University") == ["michigan-state-university-us"]
    assert "umich" not in _ids(reg, "Michigan State University")


def test_place_names_only_match_a_whole_segment(reg) -> None:
    assert "princeton" not in _ids(reg, "NEC Laboratories America, Princeton, NJ")
    assert _ids(reg, "Princeton") == ["princeton"]


def test_generic_registry_names_never_match(reg) -> None:
    res = resolve_mention(reg, "Department of Computer Science", None)
    assert res.matches == ()
    assert res.note == "no match"


def test_domain_used_when_string_gives_nothing(reg) -> None:
    assert _ids(reg, None, "cs.cmu.edu") == ["cmu"]
    assert _ids(reg, "Some Unknown Lab", "uva.nl") == ["amsterdam"]
    assert _ids(reg, None, "gmail.com") == []


def test_company_site_country_from_string_hq_from_parent(reg) -> None:
    (match,) = resolve_string(reg, "Google Research, Zurich, Switzerland").matches
    assert match.org_id == "google-research"
    assert match.site_country == "CH"
    assert reg.hq_country("deepmind") == "US"
    assert reg.orgs["deepmind"].country == "GB"


def test_invalid_curated_rows_are_refused_with_line_numbers() -> None:
    rows = [
        *read_curated(),
        {"org_id": "x", "name": "X", "sector": "pirates"},
        {"org_id": "y", "name": "Y", "sector": "industry", "parent_id": "nope"},
    ]
    with pytest.raises(
        SourceError, match=r"sector in .* \(got 'pirates'\).*unknown parent_id 'nope'"
    ):
        build_registry(rows, [], [])


def test_curated_table_is_consistent() -> None:
    registry = build_registry(read_curated(), [], [])
    for org in registry.orgs.values():
        assert org.country, f"{org.org_id} has no country"
        assert registry.hq_country(org.org_id), f"{org.org_id} has no HQ country"
        assert org.source.startswith("http"), f"{org.org_id} has no source URL"


TWO_SPELLINGS = [
    ("Rheinisch Westfälische Technische Hochschule Aachen", "RWTH Aachen University"),
    ("State University of New York at Stony Brook", "Stony Brook University"),
    ("Universität Zürich", "University of Zurich"),
    ("King's College London, University of London", "King's College London"),
    ("Technische Universität Dresden", "TU Dresden"),
    ("Humboldt-Universität zu Berlin", "Humboldt Universität Berlin"),
    ("University of Western Ontario", "Western University"),
    ("Jagiellonian University Cracow", "Jagiellonian University"),
]
"""Universities the Hipo list and ROR spell differently (each once in each registry)."""


def test_a_university_both_registries_list_is_one_org() -> None:
    from tests.conftest import REAL_DATA

    if not (REAL_DATA / "registry").is_dir():
        pytest.skip(f"shared registries not found at {REAL_DATA}")
    real = load_registry(str(REAL_DATA))
    for one, other in TWO_SPELLINGS:
        first, second = _ids(real, one), _ids(real, other)
        assert first and first == second, (one, first, other, second)
        assert real.orgs[first[0]].source.startswith("https://"), first  # the curated record
