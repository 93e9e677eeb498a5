"""Enrichment sources, profile-order alignment and e-mail scrubbing, on fixtures written here."""

from __future__ import annotations

import json

import pytest

from talentradar.mentions import build_papers
from talentradar.model import Quarantined, Record
from talentradar.sources import neurips_speakers, openreview_authors, paperlists, paperlists_history
from talentradar.sources.paperlists import align
from talentradar.sources.scrub import has_address, scrub, scrub_text


def _records(module, location):
    file = module.file_for(str(location))
    return [r for r in module.parse(file, module.read(file)) if isinstance(r, Record)]


def test_profile_order_is_matched_by_id_then_by_stem(mirror) -> None:
    (paper,) = [
        openreview_authors.to_paper(r)
        for r in _records(openreview_authors, mirror / "openreview_authors" / "nips2023.json")
        if r.payload["id"] == "orA"
    ]
    got = [(a.name, a.affiliation, a.email_domain, a.placement) for a in paper.authors]
    assert got == [
        ("Ada Lovelace", "Google DeepMind", "deepmind.com", "aligned"),  # ~Ada_Lovelace2 → 1
        ("Grace Hopper", "Stanford University", "stanford.edu", "exact"),
        ("Jan de Vries", None, "cs.cmu.edu", "aligned"),  # an @domain#k token gives its domain
        ("Kim Lee", "Tsinghua University", "tsinghua.edu.cn", "exact"),
    ]


def test_older_file_fills_empty_profile_entries(mirror) -> None:
    records = _records(openreview_authors, mirror / "openreview_authors" / "nips2023.json")
    solo = next(openreview_authors.to_paper(r) for r in records if r.payload["id"] == "orB")
    assert solo.authors[0].affiliation == "University of Amsterdam"
    # the older file is read with the main one, never as a conference-year of its own
    assert [
        p.rsplit("/", 1)[-1]
        for p in openreview_authors.discover(str(mirror / "openreview_authors"))
    ] == ["nips2023.json"]


def test_profile_lists_align_with_profiled_ids_or_not_at_all() -> None:
    ids = ["~A1", "@x.org", "~B1"]
    assert align(3, ids, [], 2).slots == (0, None, 1)
    assert align(3, ids, [], 2).methods == ("aligned", None, "aligned")
    skipped = align(4, ["~A1", "~B1", "~C1", "~D1"], [], 3)
    assert skipped.reason == "3 entries for 4 authors and 4 profiles"
    assert skipped.place(["x", "y", "z"]) == ["", "", "", ""]


def test_paperlists_keeps_unalignable_lists_as_paper_level(tmp_path) -> None:
    path = tmp_path / "icml2023.json"
    row = {
        "id": "p",
        "title": "T",
        "author": "A;B;C",
        "authorids": "~A1;~B1;~C1",
        "aff": "MIT;MIT",
        "aff_domain": "mit.edu;mit.edu",
        "status": "Poster",
    }
    path.write_text(json.dumps([row]))
    (record,) = _records(paperlists, path)
    paper = paperlists.to_paper(record)
    assert [a.affiliation for a in paper.authors] == [None, None, None]
    assert paper.paper_affiliations == ("MIT",)
    assert paper.unaligned == "2 entries for 3 authors and 3 profiles"


def test_cvf_lists_are_paper_level_with_markers_removed(mirror) -> None:
    (record, _) = _records(
        paperlists_history, mirror / "paperlists_history" / "eccv" / "eccv2022.json"
    )
    paper = paperlists_history.to_paper(record)
    assert paper.enriches and paper.paper_affiliations == ("Stanford University",)
    assert all(a.affiliation is None for a in paper.authors) or not paper.authors


def test_site_affiliations_are_decoded(mirror) -> None:
    (record,) = _records(
        neurips_speakers, mirror / "neurips_affiliations" / "2024" / "neurips_2024_speakers.jsonl"
    )
    paper = neurips_speakers.to_paper(record)
    assert [a.name for a in paper.authors] == ["Lennart Bürger", "Chao Yang", "Zed Nobody"]
    assert [a.affiliation for a in paper.authors] == [
        "Heidelberg University",
        "Xi'an Jiaotong University",
        None,
    ]
    assert [a.placement for a in paper.authors] == ["exact", "exact", None]


def test_enrichment_joins_by_id_title_or_names(mirror) -> None:
    drafts = [
        paperlists.to_paper(r)
        for r in _records(paperlists, mirror / "paperlists" / "nips" / "nips2023.json")
    ]
    drafts += [
        openreview_authors.to_paper(r)
        for r in _records(openreview_authors, mirror / "openreview_authors" / "nips2023.json")
    ]
    papers, mentions, report = build_papers(drafts)
    assert report.rows() == [
        {
            "source": "openreview_authors",
            "venue": "neurips",
            "year": 2023,
            "joined": 2,
            "unjoined": 1,
        }
    ]
    # an unjoined profile record (a submission of unknown status) never becomes a paper
    assert len(papers) == 3
    by_paper = {
        p["title"]: [m["affiliation"] for m in mentions if m["paper_id"] == p["paper_id"]]
        for p in papers
    }
    assert by_paper["Profiles Out Of Order"] == [
        "Google DeepMind",
        "Stanford University",
        None,
        "Tsinghua University",
    ]


def test_join_by_author_names_when_there_is_no_title() -> None:
    from talentradar.model import AuthorDraft, PaperDraft

    names = ("Ann Smith", "Bo Li")
    primary = PaperDraft(
        record_id="p",
        source="paperlists",
        venue="icml",
        year=2025,
        title="X",
        status="Poster",
        authors=tuple(AuthorDraft(name=n) for n in names),
    )
    rich = PaperDraft(
        record_id="e",
        source="openreview_authors",
        venue="icml",
        year=2025,
        title="",
        enriches=True,
        authors=(
            AuthorDraft(name="Ann B. Smith", affiliation="MIT", placement="exact"),
            AuthorDraft(name="Bo Li", affiliation="CMU", placement="exact"),
        ),
    )
    _, mentions, report = build_papers([primary, rich])
    assert report.rows()[0]["joined"] == 1
    assert [m["affiliation"] for m in mentions] == ["MIT", "CMU"]
    assert [m["placement"] for m in mentions] == ["exact", "exact"]


def _draft(source: str, names: tuple[str, ...], **fields):
    from talentradar.model import AuthorDraft, PaperDraft

    return PaperDraft(
        record_id=source,
        source=source,
        venue="neurips",
        year=2023,
        title="" if source != "paperlists" else "X",
        status="Poster",
        enriches=source != "paperlists",
        authors=tuple(AuthorDraft(name=n, **fields) for n in names),
    )


def test_an_author_entered_twice_is_one_author_when_the_other_source_says_so() -> None:
    twice = ("Ann Smith", "Zeynep Akata", "Zeynep Akata", "Bo Li")
    once = ("Ann Smith", "Zeynep Akata", "Bo Li")
    papers, mentions, _ = build_papers(
        [_draft("paperlists", twice), _draft("openreview_authors", once, affiliation="MIT")]
    )
    assert [m["name"] for m in mentions] == list(once)
    assert papers[0]["n_authors"] == 3
    assert [m["affiliation"] for m in mentions] == ["MIT"] * 3


def test_namesakes_on_one_paper_stay_two_authors() -> None:
    # listed twice by both sources, or by one source only with no other to say otherwise
    twice = ("Wei Wang", "Wei Wang", "Bo Li")
    _, both, _ = build_papers(
        [_draft("paperlists", twice), _draft("openreview_authors", twice, affiliation="MIT")]
    )
    _, alone, _ = build_papers([_draft("paperlists", twice)])
    assert [m["name"] for m in both] == [m["name"] for m in alone] == list(twice)


@pytest.mark.parametrize(
    ("text", "clean"),
    [
        ("egan8@g.ucla.edu", "@g.ucla.edu"),
        ("Peking University {cy,di}@pku.edu.cn", "Peking University @pku.edu.cn"),
        ("[ywang, mjones ]@merl.com, x", "@merl.com, x"),
        ("Stanford  jane.doe@cs.stanford.edu, CA", "Stanford  @cs.stanford.edu, CA"),
        ("@seu.edu.cn#3", "@seu.edu.cn#3"),
        ("no address here", "no address here"),
        # PDF headers: footnote marks before a group, a mark right after a host, a newline
        ("Technology\n@ia.ac.cn2{x,y}@megvii.com", "Technology\n@ia.ac.cn @megvii.com"),
        (", 1{a,b}@deakin.edu.au, 2 @hcmus.edu.vn", ", @deakin.edu.au, 2 @hcmus.edu.vn"),
        ("Zuoqiang Shi (zqshi@mail.tsinghua.edu.cn)", "Zuoqiang Shi (@mail.tsinghua.edu.cn)"),
        # a group after a "+" or "%": the kept domain is set apart so it reads as no address
        ("MIT+{a,b}@mit.edu", "MIT+ @mit.edu"),
        # metric notations are not addresses and stay as they are
        (
            "mAP@0.5:0.95 and ResNet50@2.7 at 93.44%@0.9",
            "mAP@0.5:0.95 and ResNet50@2.7 at 93.44%@0.9",
        ),
    ],
)
def test_addresses_become_domains(text: str, clean: str) -> None:
    assert scrub_text(text) == clean
    assert not has_address(scrub_text(text))


@pytest.mark.parametrize(
    ("text", "address"),
    [
        ("jo@cs.mit.edu", True),
        ("a+b@x.org.", True),
        ("mAP@0.5", False),
        ("Hits@10", False),
        ("Precision@0.5(%)", False),
        ("@mit.edu", False),
    ],
)
def test_what_reads_as_an_address(text: str, address: bool) -> None:
    assert has_address(text) is address


def test_no_address_reaches_a_record_or_the_quarantine(tmp_path) -> None:
    path = tmp_path / "icml2023.json"
    rows = [
        {"id": "a", "title": "T", "author": "A;B", "authorids": "~A1;bob@mit.edu", "aff": "MIT"},
        {"id": "b", "title": "T2", "author": 5, "email": "carol@cmu.edu"},
    ]
    path.write_text(json.dumps(rows))
    file = paperlists.file_for(str(path))
    items = list(paperlists.parse(file, paperlists.read(file)))
    text = json.dumps([i.payload for i in items])
    assert not has_address(text), text
    assert any(isinstance(i, Quarantined) for i in items)
    assert scrub({"x": ["a@b.org"]}) == {"x": ["@b.org"]}


def test_entries_in_unknown_profile_order_are_placed_only_when_all_agree() -> None:
    from talentradar.model import Record as R

    def paper(older: str):
        payload = {
            "id": "x",
            "author": "A;B",
            "authorids": "~A1;~B1",
            "or_profile": ";",
            "aff": ";",
            "aff_domain": ";",
            "older_aff": older,
            "older_aff_domain": ";",
        }
        rec = R(
            record_id="r",
            source="openreview_authors",
            source_key="k",
            location="l",
            venue="iclr",
            year=2023,
            payload=payload,
            checksum="c",
        )
        return openreview_authors.to_paper(rec)

    same = paper("MIT;MIT")
    assert [(a.affiliation, a.placement) for a in same.authors] == [("MIT", "aligned")] * 2
    mixed = paper("MIT;CMU")
    assert [a.affiliation for a in mixed.authors] == [None, None]
    assert mixed.paper_affiliations == ("MIT", "CMU")
    assert mixed.unaligned == "2 entries in an unknown profile order"


def test_the_raw_layer_scrubs_every_source(tmp_path) -> None:
    """A connector that keeps a row as it is still stores no address: ``parse_file`` scrubs
    records and quarantined rows alike."""
    from datetime import datetime

    from talentradar.raw import parse_file
    from talentradar.sources import neurips_proceedings

    path = tmp_path / "neurips_2020.json"
    papers = [
        {
            "title": "T",
            "authors": [
                {"given_name": "Adam", "family_name": "P", "institution": "apb@ecs.soton.ac.uk"}
            ],
        },
        "not a paper apb@ecs.soton.ac.uk",
    ]
    path.write_text(json.dumps(papers))
    file = neurips_proceedings.file_for(str(path))
    parsed = parse_file(neurips_proceedings, file, datetime(2026, 1, 1))
    stored = json.dumps(
        parsed.records.to_pylist() if parsed.records else [], default=str
    ) + json.dumps([q.payload for q in parsed.quarantined])
    assert "@ecs.soton.ac.uk" in stored
    assert not has_address(stored), stored
