"""The OpenAlex and DBLP connectors on fixtures written in their documented shapes, and the
DBLP sample of the shared mirror."""

from __future__ import annotations

import gzip
import shutil
from collections import Counter
from pathlib import Path

import orjson
import pyarrow as pa
import pyarrow.parquet as pq
import pytest

from talentradar.errors import SourceError
from talentradar.model import Quarantined, Record
from talentradar.sources import dblp, openalex
from tests.conftest import REAL_DATA

HERE = Path(__file__).parent.parent / "data"
WORKS = HERE / "openalex" / "data" / "works" / "updated_date=2024-01-01" / "part_000.jsonl"
DBLP_XML = HERE / "dblp" / "dblp.xml"
DBLP_SAMPLE = REAL_DATA / "dblp" / "dblp_sample_136records.xml"


def _parse(module, location: Path) -> tuple[list[Record], list[Quarantined]]:
    file = module.file_for(str(location))
    items = list(module.parse(file, module.read(file)))
    return [i for i in items if isinstance(i, Record)], [
        i for i in items if isinstance(i, Quarantined)
    ]


def _snapshot(tmp_path: Path, gz: bool = True) -> Path:
    """The fixture snapshot with its works file gzip-compressed, as OpenAlex ships it."""
    root = tmp_path / "openalex"
    shutil.copytree(HERE / "openalex", root)
    plain = root / WORKS.relative_to(HERE / "openalex")
    if gz:
        with gzip.open(plain.with_suffix(".gz"), "wb") as out:
            out.write(plain.read_bytes())
        plain.unlink()
    return root


def test_openalex_reads_gzip_snapshot_and_quarantines_malformed(tmp_path: Path) -> None:
    root = _snapshot(tmp_path)
    (location,) = openalex.discover(str(root))
    assert location.endswith("updated_date=2024-01-01/part_000.gz")
    records, bad = _parse(openalex, Path(location))
    # W6 is from a source outside the map: skipped, neither stored nor quarantined.
    assert sorted(r.source_key for r in records) == ["W1", "W2", "W3", "W4", "W5", "W7"]
    assert {q.field for q in bad} == {
        "publication_year",
        "(record)",
        "authorships",
        "title",
        "authorships[0].institutions",
    }
    assert len(bad) == 6
    assert any("line 6" in q.source_key and "invalid JSON" in q.reason for q in bad)
    by_key = {r.source_key: r for r in records}
    assert (by_key["W7"].venue, by_key["W7"].year) == ("icml", 2021)  # venues.json: S100
    assert (by_key["W5"].venue, by_key["W5"].year) == ("iclr", 2022)  # from locations[1]
    assert "referenced_works" not in by_key["W1"].payload


def test_openalex_authorships_to_paper(tmp_path: Path) -> None:
    records, _ = _parse(openalex, WORKS)
    papers = {r.source_key: openalex.to_paper(r) for r in records}
    ada, bo = papers["W1"].authors
    assert (ada.name, ada.source_person_id) == ("Ada Quill", "openalex:A1")
    assert ada.affiliation == "Stanford University, Stanford, CA"
    assert (ada.affiliation_norm, ada.country_hint) == ("Stanford University", "US")
    assert bo.affiliation_norm == "Tsinghua University"  # no ROR id: the name still resolves
    cy, dee = papers["W2"].authors
    assert cy.affiliation == "MIT CSAIL; Google Research"
    assert cy.affiliation_norm == "Massachusetts Institute of Technology + Google (United States)"
    assert (dee.affiliation, dee.affiliation_norm, dee.country_hint) == (None, None, None)
    dee2 = papers["W4"].authors[0]  # older raw_affiliation_string, name from author.display_name
    assert (dee2.name, dee2.affiliation, dee2.affiliation_norm) == (
        "Dee Rao",
        "University of Oxford",
        None,
    )
    assert papers["W1"].abstract == "We study quills."
    assert papers["W1"].citations == 3


def test_openalex_parquet_form_gives_the_same_records(tmp_path: Path) -> None:
    lines = WORKS.read_bytes().splitlines()
    good = [
        orjson.loads(line)
        for line in lines
        if b'"id": "https://openalex.org/W1"' in line or b'"id": "https://openalex.org/W3"' in line
    ]
    index = [list(row.pop("abstract_inverted_index").items()) for row in good]
    folder = tmp_path / "openalex"
    folder.mkdir()
    shutil.copy(HERE / "openalex" / "venues.json", folder)
    table = pa.Table.from_pylist(good).append_column(  # the inverted index as a map column
        "abstract_inverted_index", pa.array(index, pa.map_(pa.string(), pa.list_(pa.int64())))
    )
    pq.write_table(table, folder / "part_000.parquet")
    records, bad = _parse(openalex, folder / "part_000.parquet")
    jsonl = {r.source_key: r for r in _parse(openalex, WORKS)[0]}
    assert not bad
    assert sorted(r.source_key for r in records) == ["W1", "W3"]
    for r in records:
        assert openalex.to_paper(r).authors == openalex.to_paper(jsonl[r.source_key]).authors
        assert openalex.to_paper(r).abstract == "We study quills."


def test_openalex_topic_filter_and_bad_venue_map(tmp_path: Path) -> None:
    root = _snapshot(tmp_path, gz=False)
    (root / "venues.json").write_text('{"topics": ["T99999"]}')
    openalex_file = root / WORKS.relative_to(HERE / "openalex")
    assert _parse(openalex, openalex_file)[0] == []
    (root / "venues.json").write_text('{"sources": {"S100": "no-such-venue"}}')
    with pytest.raises(SourceError, match="S100"):
        _parse(openalex, openalex_file)


def test_openalex_missing_folder_has_no_files(tmp_path: Path) -> None:
    assert openalex.discover(str(tmp_path / "absent")) == []


def test_dblp_publications_persons_and_quarantine() -> None:
    records, bad = _parse(dblp, DBLP_XML)
    papers = [r for r in records if r.source == dblp.NAME]
    persons = {r.source_key: r.payload for r in records if r.source == dblp.PERSONS}
    # The JMLR article is outside the map, the proceedings entry is not a paper.
    assert sorted(r.source_key for r in papers) == [
        "conf/aaai/MuellerW22",
        "conf/aaai/Wang21",
        "conf/aaai/WangM21",
    ]
    assert sorted((q.source_key, q.field) for q in bad) == [
        ("conf/aaai/BadYear22", "year"),
        ("conf/aaai/NoTitle22", "title"),
        ("conf/aaai/X22", "author"),
    ]
    assert set(persons) == {"homepages/w/WeiWang1", "homepages/m/LenaMuller", "homepages/w/WeiWang"}
    index = dblp.person_index(list(persons.values()))
    assert index["Lena Mueller-Schmidt"] == index["Lena Müller"] == "homepages/m/LenaMuller"
    assert persons["homepages/w/WeiWang1"]["affiliations"] == [
        "Tsinghua University, Beijing, China"
    ]


def test_dblp_homonym_numbers_are_source_ids_not_names() -> None:
    records, _ = _parse(dblp, DBLP_XML)
    papers = {r.source_key: dblp.to_paper(r) for r in records if r.source == dblp.NAME}
    first = papers["conf/aaai/WangM21"].authors
    other = papers["conf/aaai/Wang21"]
    assert [a.name for a in first] == ["Wei Wang", "Lena Müller"]  # entity decoded, 0001 dropped
    assert first[0].source_person_id == "dblp:Wei Wang 0001"
    assert other.authors[0].source_person_id == "dblp:Wei Wang 0002"
    assert other.title == "Another Wei Wang Entirely"  # markup inside the title kept as text
    assert dblp.split_homonym("Wei Wang 0042") == ("Wei Wang", "0042")
    assert dblp.split_homonym("Route 66") == ("Route 66", None)


def test_dblp_gzip_and_broken_xml(tmp_path: Path) -> None:
    gz = tmp_path / "dblp.xml.gz"
    with gzip.open(gz, "wb") as out:
        out.write(DBLP_XML.read_bytes())
    assert Counter(r.source for r in _parse(dblp, gz)[0]) == {"dblp": 3, "dblp_person": 3}
    broken = tmp_path / "broken.xml"
    broken.write_bytes(DBLP_XML.read_bytes().replace(b"</title>", b"</titel>", 1))
    with pytest.raises(SourceError, match=r"broken.xml.*line 7 column"):
        _parse(dblp, broken)


@pytest.mark.skipif(not DBLP_SAMPLE.exists(), reason="shared DBLP sample not found")
def test_dblp_sample_of_the_mirror(tmp_path: Path) -> None:
    """The shared sample holds book chapters (``reference/vision``) only: with the default
    map nothing is kept; mapped through venues.json every chapter with authors is a paper."""
    assert _parse(dblp, DBLP_SAMPLE) == ([], [])
    folder = tmp_path / "dblp"
    folder.mkdir()
    (folder / "sample.xml").symlink_to(DBLP_SAMPLE)
    (folder / "venues.json").write_text('{"sources": {"reference/vision": "cvpr"}}')
    records, bad = _parse(dblp, folder / "sample.xml")
    text = DBLP_SAMPLE.read_text(encoding="latin-1")
    entries = text.count("<incollection ")
    without_author = sum("<author" not in e for e in text.split("<incollection ")[1:])
    assert len(records) + len(bad) == entries == 131
    assert len(bad) == without_author and {q.field for q in bad} == {"author"}
    names = {a.name for r in records for a in dblp.to_paper(r).authors}
    assert {"Jürgen Beyerer", "Matti Pietikäinen", "François Chaumette", "Manish Singh"} <= names
