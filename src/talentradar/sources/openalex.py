"""OpenAlex works: the snapshot's ``data/works/**/part_*.gz`` (JSON Lines, gzip) or Parquet
files with the same columns, filtered to the mapped venues (and topics, see
:mod:`talentradar.sources.scope`).

Read per work: ``id``, ``title`` (or ``display_name``), ``publication_year``,
``primary_location.source`` (else the first mapped ``locations[].source``), ``type``,
``cited_by_count``, ``abstract_inverted_index``, ``topics``/``primary_topic``, and per
authorship, in list order: ``author_position``, ``raw_author_name`` (else
``author.display_name``), ``raw_affiliation_strings`` (else the older
``raw_affiliation_string``), ``institutions[]`` (``id``, ``display_name``, ``ror``,
``country_code``, ``type``) and ``author.id``. The author id is kept as the mention's source
person id (``openalex:A…``) for evaluation; linkage never reads it. The institutions'
names and country codes go to org resolution as the source's normalised orgs; their ROR ids
stay in the raw record. Files stream line by line: memory grows with the works kept, not the
file. Works outside the map are skipped; malformed works are quarantined.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import orjson

from talentradar.errors import SourceError
from talentradar.model import AuthorDraft, PaperDraft, Quarantined, Record, SourceFile
from talentradar.sources.fetch import checksum, is_url, stable_id
from talentradar.sources.scope import Scope, scope_for
from talentradar.sources.snapshot import lines, open_raw

NAME = "openalex"
CANONICAL_URL = "https://openalex.s3.amazonaws.com/data/works"
_SUFFIXES = (".gz", ".jsonl", ".json", ".parquet")
_BATCH = 2_000

# OpenAlex source display names of the catalogue's venues (compared as scope keys).
DEFAULT_SOURCES = {
    "Neural Information Processing Systems": "neurips",
    "International Conference on Machine Learning": "icml",
    "International Conference on Learning Representations": "iclr",
    "Computer Vision and Pattern Recognition": "cvpr",
    "International Conference on Computer Vision": "iccv",
    "European Conference on Computer Vision": "eccv",
    "Workshop on Applications of Computer Vision": "wacv",
    "International Conference on 3D Vision": "3dv",
    "Proceedings of the AAAI Conference on Artificial Intelligence": "aaai",
    "International Joint Conference on Artificial Intelligence": "ijcai",
    "Annual Meeting of the Association for Computational Linguistics": "acl",
    "Empirical Methods in Natural Language Processing": "emnlp",
    "North American Chapter of the Association for Computational Linguistics": "naacl",
    "International Conference on Computational Linguistics": "coling",
    "Knowledge Discovery and Data Mining": "kdd",
    "The Web Conference": "www",
    "ACM Multimedia": "acmmm",
    "International Conference on Artificial Intelligence and Statistics": "aistats",
    "Uncertainty in Artificial Intelligence": "uai",
    "Conference on Learning Theory": "colt",
    "Algorithmic Learning Theory": "alt",
    "Asian Conference on Machine Learning": "acml",
    "Conference on Robot Learning": "corl",
    "Robotics: Science and Systems": "rss",
}


def discover(root: str) -> list[str]:
    """Every works file under ``root`` (its ``data/works`` folder when there is one); a URL
    root is read through its ``manifest``. A missing folder holds no files."""
    if is_url(root):
        return _manifest(root)
    base = Path(root)
    if (base / "data" / "works").is_dir():
        base = base / "data" / "works"
    if not base.is_dir():
        return []
    return sorted(
        str(p)
        for p in base.rglob("*")
        if p.is_file() and p.name.endswith(_SUFFIXES) and p.name not in ("manifest", "venues.json")
    )


def _manifest(root: str) -> list[str]:
    from talentradar.sources.fetch import read_bytes

    location = root.rstrip("/") + "/manifest"
    try:
        entries = orjson.loads(read_bytes(location)).get("entries", [])
    except (orjson.JSONDecodeError, AttributeError):
        raise SourceError(location, 'expected {"entries": [{"url": ...}]}') from None
    return [
        str(e["url"]).replace("s3://openalex/", "https://openalex.s3.amazonaws.com/")
        for e in entries
        if isinstance(e, dict) and e.get("url")
    ]


def file_for(location: str) -> SourceFile:
    """A works file spans venues and years: each record carries its own."""
    if not location.rsplit("/", 1)[-1].endswith(_SUFFIXES):
        raise SourceError(location, "expected a works file: part_NNN.gz, .jsonl or .parquet")
    return SourceFile(source=NAME, location=location, venue="", year=0)


def read(file: SourceFile) -> bytes:
    return open_raw(file.location)


def parse(file: SourceFile, data: bytes) -> Iterator[Record | Quarantined]:
    """The mapped works of one file as records; malformed works as quarantine entries."""
    scope = scope_for(NAME, file.location, DEFAULT_SOURCES)
    for where, work in _works(file, data):
        item = _item(file, scope, where, work)
        if item is not None:
            yield item


def _works(file: SourceFile, data: bytes) -> Iterator[tuple[str, Any]]:
    if file.location.endswith(".parquet"):
        yield from _parquet_rows(file.location, data)
        return
    for number, line in lines(file.location, data):
        where = f"{_name(file.location)}#line {number}"
        try:
            yield where, orjson.loads(line)
        except orjson.JSONDecodeError as exc:
            yield where, _Bad(f"invalid JSON: {exc}", line[:2000])


def _parquet_rows(location: str, data: bytes) -> Iterator[tuple[str, Any]]:
    import pyarrow as pa
    import pyarrow.parquet as pq

    try:
        reader = pq.ParquetFile(pa.BufferReader(pa.py_buffer(data)))
    except (pa.ArrowInvalid, OSError) as exc:
        raise SourceError(location, f"not a Parquet file: {exc}") from None
    number = 0
    for batch in reader.iter_batches(batch_size=_BATCH):
        for row in batch.to_pylist():
            number += 1
            yield f"{_name(location)}#row {number}", row


class _Bad:
    def __init__(self, reason: str, raw: bytes) -> None:
        self.reason, self.raw = reason, raw


def _item(file: SourceFile, scope: Scope, where: str, work: Any) -> Record | Quarantined | None:
    if isinstance(work, _Bad):
        return _quarantined(
            file, where, "(record)", work.reason, work.raw.decode("utf-8", "replace")
        )
    key = work.get("id") if isinstance(work, dict) else None
    source_key = _short(key) if isinstance(key, str) and key else where
    problem = _check(work)
    if problem:
        return _quarantined(file, source_key, *problem, repr(work)[:2000])
    venue = scope.venue_of(*_source_names(work))
    if venue is None or not scope.keeps_topics(_topics(work)):
        return None
    payload = _payload(work)
    return Record(
        record_id=stable_id(NAME, source_key),
        source=NAME,
        source_key=source_key,
        location=file.location,
        venue=venue,
        year=int(work["publication_year"]),
        payload=payload,
        checksum=checksum(payload),
    )


def _quarantined(file: SourceFile, key: str, field: str, reason: str, raw: str) -> Quarantined:
    return Quarantined(
        source=NAME,
        location=file.location,
        source_key=key,
        field=field,
        reason=reason,
        payload=raw[:2000],
    )


def _name(location: str) -> str:
    """The file's name with its partition folder (``updated_date=…/part_000.gz``)."""
    return "/".join(location.replace("\\", "/").rsplit("/", 2)[-2:])


def _short(openalex_id: str) -> str:
    return openalex_id.rsplit("/", 1)[-1]


def _check(work: Any) -> tuple[str, str] | None:
    if not isinstance(work, dict):
        return "(record)", f"expected a JSON object, got {type(work).__name__}"
    if not isinstance(work.get("id"), str) or not work["id"]:
        return "id", "missing work id (expected https://openalex.org/W…)"
    year = work.get("publication_year")
    if isinstance(year, bool) or not isinstance(year, int) or not 1900 <= year <= 2100:
        return "publication_year", f"expected a year between 1900 and 2100, got {year!r}"
    if not isinstance(work.get("title") or work.get("display_name"), str):
        return "title", "missing title (title or display_name)"
    if not str(work.get("title") or work.get("display_name")).strip():
        return "title", "empty title"
    authorships = work.get("authorships")
    if not isinstance(authorships, list):
        return "authorships", f"expected a list, got {type(authorships).__name__}"
    for i, a in enumerate(authorships):
        if not isinstance(a, dict):
            return f"authorships[{i}]", f"expected an object, got {type(a).__name__}"
        if not isinstance(a.get("institutions") or [], list):
            return f"authorships[{i}].institutions", "expected a list of institutions"
        if not _author_name(a):
            return f"authorships[{i}]", "no raw_author_name and no author.display_name"
    return None


def _source_names(work: dict[str, Any]) -> list[str | None]:
    locations = [work.get("primary_location"), *(work.get("locations") or [])]
    out: list[str | None] = []
    for loc in locations:
        source = (loc or {}).get("source") if isinstance(loc, dict) else None
        if isinstance(source, dict):
            out += [_short(str(source.get("id") or "")), source.get("display_name")]
    return out


def _topics(work: dict[str, Any]) -> list[str]:
    topics = [*(work.get("topics") or []), work.get("primary_topic")]
    out = []
    for t in topics:
        if isinstance(t, dict):
            out += [_short(str(t.get("id") or "")), str(t.get("display_name") or "")]
    return out


_KEPT = (
    "id",
    "doi",
    "title",
    "display_name",
    "publication_year",
    "type",
    "cited_by_count",
    "primary_location",
    "topics",
    "primary_topic",
    "abstract_inverted_index",
    "authorships",
)


def _payload(work: dict[str, Any]) -> dict[str, Any]:
    """The fields read, as received (the rest of a work — references, concepts… — is not kept)."""
    out = {k: work[k] for k in _KEPT if k in work}
    index = out.get("abstract_inverted_index")
    if isinstance(index, list):  # Parquet map columns read back as (key, value) pairs
        out["abstract_inverted_index"] = {k: v for k, v in index}
    return out


def to_paper(record: Record) -> PaperDraft:
    """One work as a paper; authorships in list order are the author positions."""
    p = record.payload
    return PaperDraft(
        record_id=record.record_id,
        source=NAME,
        venue=record.venue,
        year=record.year,
        title=str(p.get("title") or p.get("display_name")).strip(),
        status=None,
        track=p.get("type"),
        keywords=tuple(
            t["display_name"]
            for t in p.get("topics") or []
            if isinstance(t, dict) and t.get("display_name")
        ),
        abstract=abstract_text(p.get("abstract_inverted_index")),
        citations=p.get("cited_by_count"),
        authors=tuple(_author(a) for a in p.get("authorships") or []),
    )


def _author_name(a: dict[str, Any]) -> str:
    author: dict[str, Any] = a["author"] if isinstance(a.get("author"), dict) else {}
    return str(a.get("raw_author_name") or author.get("display_name") or "").strip()


def _author(a: dict[str, Any]) -> AuthorDraft:
    author: dict[str, Any] = a["author"] if isinstance(a.get("author"), dict) else {}
    raw = a.get("raw_affiliation_strings")
    strings = [s for s in raw if isinstance(s, str) and s.strip()] if isinstance(raw, list) else []
    if not strings and isinstance(a.get("raw_affiliation_string"), str):
        strings = [a["raw_affiliation_string"]]
    insts = [i for i in a.get("institutions") or [] if isinstance(i, dict)]
    names = [str(i["display_name"]) for i in insts if i.get("display_name")]
    countries = [str(i["country_code"]) for i in insts if i.get("country_code")]
    author_id = author.get("id")
    return AuthorDraft(
        name=_author_name(a),
        affiliation="; ".join(strings) or None,
        source_person_id=f"openalex:{_short(author_id)}" if author_id else None,
        affiliation_norm=" + ".join(names) or None,
        country_hint=" + ".join(dict.fromkeys(countries)) or None,
    )


def abstract_text(index: Any) -> str | None:
    """The abstract from OpenAlex's inverted index ({word: [positions]})."""
    if not isinstance(index, dict) or not index:
        return None
    at: dict[int, str] = {}
    for word, positions in index.items():
        for pos in positions if isinstance(positions, list) else []:
            if isinstance(pos, int):
                at[pos] = str(word)
    return " ".join(at[i] for i in sorted(at)) or None
