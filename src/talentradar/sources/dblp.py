"""DBLP: ``dblp.xml`` (gzip or plain), parsed as a stream (the file is several gigabytes).

Kept: ``inproceedings``, ``article``, ``incollection`` and ``proceedings``-less publication
entries whose key prefix (``conf/nips/…`` → ``conf/nips``) or ``booktitle``/``journal`` is in
the venue map (:mod:`talentradar.sources.scope`), with ``author`` (in order; DBLP's homonym
number — ``Wei Wang 0042`` — is taken off the name and kept in the source person id
``dblp:Wei Wang 0042``, with the ``orcid`` attribute when given), ``title``, ``year``,
``booktitle``/``journal``, ``ee``; and every person record (``www`` with a ``homepages/`` key:
the first ``author`` is the primary name, the others aliases, plus ``note type="affiliation"``
and ``url``), stored as ``dblp_person`` records for evaluation, never as linkage input.

Character entities (``&auml;``…) are those of the DTD, read from HTML's table: the DTD is
not needed. An entry without a title, with a year that is not a number, or without
authors is quarantined; XML that is not well-formed fails the file with its line and column.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from html.entities import name2codepoint
from pathlib import Path
from typing import Any
from xml.parsers import expat

from talentradar.errors import SourceError
from talentradar.model import AuthorDraft, PaperDraft, Quarantined, Record, SourceFile
from talentradar.sources.fetch import checksum, is_url, stable_id
from talentradar.sources.scope import Scope, scope_for
from talentradar.sources.snapshot import chunks, open_raw

NAME = "dblp"
PERSONS = "dblp_person"
"""The source name of DBLP person records (not papers: mentions never read them)."""
CANONICAL_URL = "https://dblp.org/xml"
PUBLICATIONS = ("inproceedings", "article", "incollection")
_ENTRIES = (*PUBLICATIONS, "www", "proceedings", "book", "phdthesis", "mastersthesis", "data")
_FIELDS = ("author", "title", "year", "booktitle", "journal", "ee", "note", "url", "crossref")
_HOMONYM = re.compile(r"^(?P<name>.*\S)\s+(?P<number>\d{4})$")

# DBLP stream keys of the catalogue's venues.
DEFAULT_STREAMS = {
    "conf/nips": "neurips",
    "conf/icml": "icml",
    "conf/iclr": "iclr",
    "conf/cvpr": "cvpr",
    "conf/iccv": "iccv",
    "conf/eccv": "eccv",
    "conf/wacv": "wacv",
    "conf/3dim": "3dv",
    "conf/aaai": "aaai",
    "conf/ijcai": "ijcai",
    "conf/acl": "acl",
    "conf/emnlp": "emnlp",
    "conf/naacl": "naacl",
    "conf/coling": "coling",
    "conf/colm": "colm",
    "conf/kdd": "kdd",
    "conf/www": "www",
    "conf/mm": "acmmm",
    "conf/aistats": "aistats",
    "conf/uai": "uai",
    "conf/colt": "colt",
    "conf/alt": "alt",
    "conf/acml": "acml",
    "conf/automl": "automl",
    "conf/corl": "corl",
    "conf/rss": "rss",
}


def discover(root: str) -> list[str]:
    """``dblp.xml.gz`` at a URL root; every ``*.xml``/``*.xml.gz`` in a local folder (none when
    the folder is missing)."""
    if is_url(root):
        return [root.rstrip("/") + "/dblp.xml.gz"]
    base = Path(root)
    if not base.is_dir():
        return []
    return sorted(str(p) for p in base.iterdir() if p.name.endswith((".xml", ".xml.gz")))


def file_for(location: str) -> SourceFile:
    if not location.endswith((".xml", ".xml.gz")):
        raise SourceError(location, "expected dblp.xml or dblp.xml.gz")
    return SourceFile(source=NAME, location=location, venue="", year=0)


def read(file: SourceFile) -> bytes:
    return open_raw(file.location)


def parse(file: SourceFile, data: bytes) -> Iterator[Record | Quarantined]:
    """Mapped publications and every person record; malformed entries quarantined."""
    scope = scope_for(NAME, file.location, DEFAULT_STREAMS)
    for entry in entries(file.location, data):
        item = _item(file, scope, entry)
        if item is not None:
            yield item


@dataclass
class Entry:
    """One top-level element of dblp.xml, its fields in document order."""

    tag: str
    attrs: dict[str, str]
    line: int
    fields: list[tuple[str, dict[str, str], str]] = field(default_factory=list)

    def first(self, name: str) -> str | None:
        return next((text for tag, _, text in self.fields if tag == name), None)

    def all(self, name: str) -> list[tuple[dict[str, str], str]]:
        return [(attrs, text) for tag, attrs, text in self.fields if tag == name]


def entries(location: str, data: bytes) -> Iterator[Entry]:
    """The top-level entries, streamed; SourceError naming line and column on bad XML."""
    reader = _Reader()
    parser = reader.parser
    for block in chunks(location, data):
        try:
            parser.Parse(block, False)
        except expat.ExpatError as exc:
            raise SourceError(
                location,
                f"not well-formed XML at line {exc.lineno} column {exc.offset}: "
                f"{expat.ErrorString(exc.code)}",
            ) from None
        yield from reader.drain()
    try:
        parser.Parse(b"", True)
    except expat.ExpatError as exc:
        raise SourceError(
            location, f"truncated XML at line {exc.lineno}: {expat.ErrorString(exc.code)}"
        ) from None
    yield from reader.drain()


class _Reader:
    """expat handlers collecting entries; undeclared entities come from HTML's table."""

    def __init__(self) -> None:
        self.parser = expat.ParserCreate()
        self.parser.buffer_text = True
        self.parser.StartElementHandler = self._start
        self.parser.EndElementHandler = self._end
        self.parser.CharacterDataHandler = self._text
        self.parser.SkippedEntityHandler = self._entity
        self.parser.SetParamEntityParsing(expat.XML_PARAM_ENTITY_PARSING_NEVER)
        self.depth = 0
        self.entry: Entry | None = None
        self.current: tuple[str, dict[str, str]] | None = None
        self.text: list[str] = []
        self.done: list[Entry] = []

    def drain(self) -> list[Entry]:
        out, self.done = self.done, []
        return out

    def _start(self, tag: str, attrs: dict[str, str]) -> None:
        self.depth += 1
        if self.depth == 2:
            self.entry = Entry(tag, attrs, self.parser.CurrentLineNumber)
        elif self.depth == 3 and self.entry is not None and tag in _FIELDS:
            self.current, self.text = (tag, attrs), []

    def _end(self, tag: str) -> None:
        if self.depth == 3 and self.current is not None and self.entry is not None:
            name, attrs = self.current
            self.entry.fields.append((name, attrs, " ".join("".join(self.text).split())))
            self.current = None
        elif self.depth == 2 and self.entry is not None:
            self.done.append(self.entry)
            self.entry = None
        self.depth -= 1

    def _text(self, text: str) -> None:
        if self.current is not None:
            self.text.append(text)

    def _entity(self, name: str, is_parameter: bool) -> None:
        if self.current is not None and not is_parameter:
            code = name2codepoint.get(name)
            self.text.append(chr(code) if code else f"&{name};")


def _item(file: SourceFile, scope: Scope, entry: Entry) -> Record | Quarantined | None:
    key = entry.attrs.get("key") or f"{file.location.rsplit('/', 1)[-1]}#line {entry.line}"
    if entry.tag == "www":
        return _person(file, key, entry) if key.startswith("homepages/") else None
    if entry.tag not in PUBLICATIONS:
        return None
    venue = scope.venue_of(stream_of(key), entry.first("booktitle"), entry.first("journal"))
    if venue is None:
        return None
    problem = _check(entry)
    if problem:
        return Quarantined(
            source=NAME,
            location=file.location,
            source_key=key,
            field=problem[0],
            reason=problem[1],
            payload=repr(entry.fields)[:2000],
        )
    payload = _publication(entry)
    return Record(
        record_id=stable_id(NAME, key),
        source=NAME,
        source_key=key,
        location=file.location,
        venue=venue,
        year=int(payload["year"]),
        payload=payload,
        checksum=checksum(payload),
    )


def stream_of(key: str) -> str:
    """The stream of a DBLP key: ``conf/nips/VaswaniSPUJGKP17`` → ``conf/nips``."""
    return "/".join(key.split("/")[:2])


def _check(entry: Entry) -> tuple[str, str] | None:
    title = entry.first("title")
    if not title or not title.strip(" ."):
        return "title", "missing or empty title"
    year = entry.first("year")
    if not year or not year.isdigit() or not 1900 <= int(year) <= 2100:
        return "year", f"expected a four-digit year, got {year!r}"
    if not entry.all("author"):
        return "author", "no author"
    return None


def _publication(entry: Entry) -> dict[str, Any]:
    return {
        "key": entry.attrs.get("key"),
        "type": entry.tag,
        "mdate": entry.attrs.get("mdate"),
        "title": entry.first("title"),
        "year": entry.first("year"),
        "booktitle": entry.first("booktitle"),
        "journal": entry.first("journal"),
        "ee": [text for _, text in entry.all("ee")],
        "authors": [{"name": text, **_orcid(attrs)} for attrs, text in entry.all("author")],
    }


def _orcid(attrs: dict[str, str]) -> dict[str, str]:
    return {"orcid": attrs["orcid"]} if attrs.get("orcid") else {}


def _person(file: SourceFile, key: str, entry: Entry) -> Record:
    names = [text for _, text in entry.all("author")]
    payload = {
        "key": key,
        "name": names[0] if names else None,
        "aliases": names[1:],
        "affiliations": [t for a, t in entry.all("note") if a.get("type") == "affiliation"],
        "urls": [text for _, text in entry.all("url")],
        "orcids": [a["orcid"] for a, _ in entry.all("author") if a.get("orcid")],
    }
    return Record(
        record_id=stable_id(PERSONS, key),
        source=PERSONS,
        source_key=key,
        location=file.location,
        venue="",
        year=0,
        payload=payload,
        checksum=checksum(payload),
    )


def split_homonym(name: str) -> tuple[str, str | None]:
    """(name without DBLP's homonym number, the number): ``Wei Wang 0042`` → (Wei Wang, 0042)."""
    match = _HOMONYM.match(name.strip())
    return (match["name"], match["number"]) if match else (name.strip(), None)


def to_paper(record: Record) -> PaperDraft:
    """One publication as a paper; the DBLP name (with its homonym number) is the source id."""
    p = record.payload
    return PaperDraft(
        record_id=record.record_id,
        source=NAME,
        venue=record.venue,
        year=record.year,
        title=str(p["title"]).strip().rstrip("."),
        track=p.get("type"),
        authors=tuple(
            AuthorDraft(name=split_homonym(a["name"])[0], source_person_id=f"dblp:{a['name']}")
            for a in p.get("authors") or []
        ),
    )


def person_index(records: list[dict[str, Any]]) -> dict[str, str]:
    """Every DBLP name (primary or alias) → the person key, from ``dblp_person`` payloads."""
    out: dict[str, str] = {}
    for p in records:
        for name in [p.get("name"), *(p.get("aliases") or [])]:
            if name:
                out[name] = p["key"]
    return out
