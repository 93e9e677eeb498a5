from talentradar.model import Quarantined, Record
from talentradar.sources import neurips_proceedings, neurips_schedule


def test_proceedings_authors_carry_institutions(mirror) -> None:
    (location,) = neurips_proceedings.discover(str(mirror / "neurips_affiliations/2019_2020"))
    file = neurips_proceedings.file_for(location)
    assert file.year == 2019
    records = [
        r
        for r in neurips_proceedings.parse(file, neurips_proceedings.read(file))
        if isinstance(r, Record)
    ]
    paper = neurips_proceedings.to_paper(records[0])
    assert paper.enriches
    assert paper.authors[1].family == "Turing"
    assert paper.authors[1].affiliation == "University of Warwick & The Alan Turing Institute"


def test_schedule_reads_name_affiliation_pairs(mirror) -> None:
    (location,) = neurips_schedule.discover(str(mirror / "neurips_affiliations/2022"))
    file = neurips_schedule.file_for(location)
    items = list(neurips_schedule.parse(file, neurips_schedule.read(file)))
    paper = neurips_schedule.to_paper(items[0])
    assert [a.affiliation for a in paper.authors] == ["OpenAI", None]


def test_schedule_row_with_wrong_author_count_is_quarantined(tmp_path) -> None:
    (tmp_path / neurips_schedule.TITLES).write_text("T\tA\tB\n")
    (tmp_path / neurips_schedule.AFFILIATIONS).write_text('[["A (X)"]]')
    file = neurips_schedule.file_for(str(tmp_path))
    (item,) = neurips_schedule.parse(file, neurips_schedule.read(file))
    assert isinstance(item, Quarantined)
    assert "1 entries for 2 authors" in item.reason
