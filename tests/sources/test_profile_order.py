"""OpenReview profile-order lists ordered by the venue-year's signatures."""

from collections import Counter

from talentradar.model import Record
from talentradar.sources import openreview_authors, paperlists, signatures
from talentradar.sources.profile_order import Signatures, entry_key, layout


def _signed(*papers: tuple[list[str], list[str]]) -> Signatures:
    known = Signatures()
    for ids, entries in papers:
        known.add(ids, entries)
    return known


def test_a_list_nothing_contradicts_reads_in_author_order() -> None:
    ids, entries = ["~A1", "~B1"], ["MIT", "Stanford"]
    slots, methods = layout(ids, entries, _signed((ids, entries), (["~A1"], ["MIT"])))
    assert slots == [0, 1]
    assert methods == ["exact", "exact"]


def test_an_alias_moved_to_the_end_is_found_from_the_coauthors_signatures() -> None:
    # ~A1 signed with an alias: the profile order is B, C, A.
    ids, entries = ["~A1", "~B1", "~C1"], ["Yale", "Zurich", "Oxford"]
    known = _signed((ids, entries), (["~B1"], ["Yale"]), (["~C1", "~D1"], ["Zurich", "ETH"]))
    slots, methods = layout(ids, entries, known)
    assert [entries[j] for j in slots] == ["Oxford", "Yale", "Zurich"]
    assert methods == ["aligned", "aligned", "aligned"]


def test_an_undecidable_contradiction_unplaces_only_the_contradicted_author() -> None:
    # B's other papers say Stanford, which no entry here says: no reading agrees, so B is
    # left without an entry and the others keep author order.
    ids, entries = ["~A1", "~B1", "~C1", "~D1"], ["Google", "MIT", "Google", "Berkeley"]
    known = _signed((ids, entries), (["~B1"], ["Stanford"]), (["~D1"], ["Berkeley"]))
    slots, methods = layout(ids, entries, known)
    assert slots == [0, None, 2, 3]
    assert methods == ["exact", None, "exact", "exact"]


def test_the_record_read_now_is_never_its_own_evidence() -> None:
    known = _signed((["~B1"], ["MIT"]))
    assert known.of("~B1", Counter({("~B1", "mit"): 1})) == frozenset()
    assert known.of("~B1", Counter()) == frozenset({"mit"})


def test_two_readings_that_disagree_place_only_what_they_share() -> None:
    # C contradicts author order; moving A or B to the end both agree with C's signature
    # (Oxford twice), so C is placed; A and B take different entries in the two readings and
    # author order is known to be wrong, so they get none.
    ids, entries = ["~A1", "~B1", "~C1"], ["Oxford", "Oxford", "Rome"]
    known = _signed((ids, entries), (["~C1"], ["Oxford"]))
    slots, methods = layout(ids, entries, known)
    assert slots[2] in (0, 1)
    assert methods[2] == "aligned"
    assert slots[:2] == [None, None]


def test_entries_compare_without_case_spacing_or_punctuation() -> None:
    assert entry_key(" Technion,  Israel ") == entry_key("technion israel")


def _stored(source: str, venue: str, year: int, payload: dict[str, str]) -> Record:
    key = payload["id"]
    return Record(
        record_id=key,
        source=source,
        source_key=key,
        location=f"{venue}{year}.json",
        venue=venue,
        year=year,
        payload=payload,
        checksum=key,
    )


def _record(record_id: str, authors: str, ids: str, aff: str) -> Record:
    payload = {"id": record_id, "title": record_id, "author": authors, "authorids": ids}
    payload["aff"] = aff
    return _stored(paperlists.NAME, "icml", 2023, payload)


def test_paperlists_reads_a_profile_order_list_with_the_venue_years_signatures() -> None:
    paper = _record("p", "Ann A;Bo B;Cy C", "~Ann_A1;~Bo_B1;~Cy_C1", "Yale;Zurich;Oxford")
    others = [
        _record("q", "Bo B", "~Bo_B1", "Yale"),
        _record("r", "Cy C;Di D", "~Cy_C1;~Di_D1", "Zurich;ETH"),
    ]
    known = signatures([paper, *others])
    authors = paperlists.to_paper(paper, known).authors
    assert [a.affiliation for a in authors] == ["Oxford", "Yale", "Zurich"]
    assert [a.placement for a in authors] == ["aligned", "aligned", "aligned"]
    # without the venue-year's evidence the list reads in author order, as before
    assert [a.affiliation for a in paperlists.to_paper(paper).authors] == [
        "Yale",
        "Zurich",
        "Oxford",
    ]


def test_entries_no_author_takes_stay_the_papers_list_and_count_in_stats() -> None:
    paper = _record("p", "Ann A;Bo B", "~Ann_A1;~Bo_B1", "MIT;Google")
    others = [_record("q", "Bo B", "~Bo_B1", "Stanford")]
    draft = paperlists.to_paper(paper, signatures([paper, *others]))
    assert [a.affiliation for a in draft.authors] == ["MIT", None]
    assert draft.unaligned == "1 of 2 entries placed on no author"
    assert draft.unaligned_entries == 1
    assert draft.paper_affiliations == ("MIT", "Google")


def _profile_record(record_id: str, ids: str, aff: str, or_profile: str | None) -> Record:
    authors = ";".join(f"Author {k}" for k in range(len(ids.split(";"))))
    payload = {"id": record_id, "author": authors, "authorids": ids, "aff": aff}
    if or_profile is not None:
        payload["or_profile"] = or_profile
    return _stored(openreview_authors.NAME, "iclr", 2023, payload)


def test_openreview_lists_without_or_profile_are_ordered_by_the_ones_with_it() -> None:
    # ~A_Old1 is ~A_New1's alias: on "q" the profile list says so; "p" has no or_profile.
    paper = _profile_record("p", "~A_Old1;@uni.edu#2;~C_Three1", ";Zurich;Oslo", None)
    known = signatures(
        [
            paper,
            _profile_record("q", "~C_Three1;~D_Four1", "Zurich;ETH", "~C_Three1;~D_Four1"),
        ]
    )
    authors = openreview_authors.to_paper(paper, known).authors
    assert [a.affiliation for a in authors] == ["Oslo", None, "Zurich"]
    assert authors[1].email_domain == "uni.edu"
    # without the venue-year's evidence, unequal entries in an unknown order are not placed
    assert [a.affiliation for a in openreview_authors.to_paper(paper).authors] == [None] * 3
