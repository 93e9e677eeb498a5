import gzip
import json

import pytest

from talentradar.errors import SourceError
from talentradar.model import Quarantined, Record
from talentradar.sources import paperlists


def _parse(tmp_path, rows, name="icml2023.json"):
    path = tmp_path / name
    path.write_text(json.dumps(rows))
    file = paperlists.file_for(str(path))
    return list(paperlists.parse(file, paperlists.read(file)))


def test_file_name_gives_venue_and_year(tmp_path) -> None:
    file = paperlists.file_for(str(tmp_path / "nips2019.json.gz"))
    assert (file.venue, file.year) == ("neurips", 2019)


def test_unknown_venue_file_is_refused(tmp_path) -> None:
    with pytest.raises(SourceError, match=r"foo2020\.json: unknown venue 'foo'; valid: neurips"):
        paperlists.file_for(str(tmp_path / "foo2020.json"))


def test_wrong_field_type_is_quarantined_with_field_and_reason(tmp_path) -> None:
    items = _parse(tmp_path, [{"id": "a", "title": "T", "author": 5}, {"id": "b", "title": "Ok"}])
    bad = [i for i in items if isinstance(i, Quarantined)]
    assert len(bad) == 1
    assert bad[0].field == "author"
    assert "expected a string" in bad[0].reason
    assert sum(isinstance(i, Record) for i in items) == 1


def test_truncated_json_names_file_and_position(tmp_path) -> None:
    path = tmp_path / "icml2023.json"
    path.write_text('[{"id": "a", "title": "T"}, {"id": ')
    file = paperlists.file_for(str(path))
    with pytest.raises(SourceError, match=r"icml2023.json: invalid or truncated JSON at line 1"):
        list(paperlists.parse(file, paperlists.read(file)))


def test_truncated_gzip_is_a_source_error(tmp_path) -> None:
    path = tmp_path / "icml2023.json.gz"
    path.write_bytes(gzip.compress(b'[{"id": "a", "title": "T"}]')[:20])
    file = paperlists.file_for(str(path))
    with pytest.raises(SourceError, match="truncated or corrupt gzip"):
        paperlists.read(file)


def test_empty_file_is_a_source_error(tmp_path) -> None:
    path = tmp_path / "icml2023.json"
    path.write_text("")
    file = paperlists.file_for(str(path))
    with pytest.raises(SourceError, match="empty file"):
        list(paperlists.parse(file, paperlists.read(file)))


def test_private_fields_are_never_stored(tmp_path) -> None:
    (record,) = _parse(tmp_path, [{"id": "a", "title": "T", "gender": "x"}])
    assert "gender" not in record.payload


def test_openreview_lists_that_skip_authors_align_with_profile_ids(tmp_path) -> None:
    (record,) = _parse(
        tmp_path,
        [
            {
                "id": "a",
                "title": "T",
                "author": "A One;B Two;C Three",
                "authorids": "~A_One1;b@cs.cmu.edu;~C_Three1",
                "aff": "Google;Tsinghua University",
                "aff_domain": "google.com;tsinghua.edu.cn",
                "position": "Researcher;PhD student",
            }
        ],
    )
    authors = paperlists.to_paper(record).authors
    assert [a.affiliation for a in authors] == ["Google", None, "Tsinghua University"]
    assert [a.email_domain for a in authors] == ["google.com", "cs.cmu.edu", "tsinghua.edu.cn"]
    assert [a.source_person_id for a in authors] == ["~A_One1", None, "~C_Three1"]
    assert authors[2].career_position == "PhD student"


def test_unalignable_lists_give_no_affiliation(tmp_path) -> None:
    (record,) = _parse(
        tmp_path,
        [
            {
                "id": "a",
                "title": "T",
                "author": "A One;B Two;C Three",
                "authorids": "~A_One1;~B_Two1;~C_Three1",
                "aff": "Google;Tsinghua University",
            }
        ],
    )
    assert [a.affiliation for a in paperlists.to_paper(record).authors] == [None, None, None]


def test_older_files_keep_source_normalised_affiliations(tmp_path) -> None:
    (record,) = _parse(
        tmp_path,
        [
            {
                "id": "a",
                "title": "T",
                "author": "A One; B Two",
                "aff": "Univ. of Oxford, UK; Oxford + Federal University of Rio Grande",
                "aff_unique_norm": "University of Oxford;Federal University of Rio Grande",
                "aff_unique_index": "0;0+1",
                "aff_country_unique": "United Kingdom;Brazil",
                "aff_country_unique_index": "0;0+1",
            }
        ],
    )
    authors = paperlists.to_paper(record).authors
    assert authors[1].affiliation_norm == "University of Oxford + Federal University of Rio Grande"
    assert authors[1].country_hint == "United Kingdom + Brazil"


def test_duplicate_ids_get_distinct_keys(tmp_path) -> None:
    items = _parse(tmp_path, [{"id": "a", "title": "T"}, {"id": "a", "title": "T2"}])
    assert len({i.record_id for i in items}) == 2
