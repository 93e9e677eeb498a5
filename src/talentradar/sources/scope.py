"""Which records of a very large source a build keeps: the venue map of a snapshot.

A snapshot folder may hold ``venues.json`` (in the folder of the files or any folder above it;
for a URL snapshot, the file named by ``TALENTRADAR_<SOURCE>_VENUES``)::

    {"sources": {"<source id or name>": "<venue id>", ...}, "topics": ["<topic id or name>"]}

``sources`` adds to (or, mapped to ``null``, removes from) the connector's default map;
``topics``, when given, keeps only works with one of those topics. Keys are compared after
lower-casing and dropping punctuation and spaces, so ``Neural Information Processing Systems``
and ``neural information processing systems.`` are the same key.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from functools import cache
from pathlib import Path

import orjson

from talentradar.errors import SourceError, UnknownValueError
from talentradar.sources.fetch import is_url
from talentradar.venues import get_venue

CONFIG = "venues.json"
_PUNCT = re.compile(r"[\W_]+")


def key(text: str) -> str:
    return _PUNCT.sub("", text.lower())


@dataclass(frozen=True)
class Scope:
    venues: dict[str, str]
    """Normalised source key -> venue id."""
    topics: frozenset[str]

    def venue_of(self, *names: str | None) -> str | None:
        for name in names:
            if name and (venue := self.venues.get(key(name))):
                return venue
        return None

    def keeps_topics(self, topics: list[str]) -> bool:
        return not self.topics or any(key(t) in self.topics for t in topics)


def scope_for(source: str, location: str, defaults: dict[str, str]) -> Scope:
    """The scope of one file of ``source``: ``defaults`` plus the nearest ``venues.json``."""
    path = _config_path(source, location)
    stamp = _stamp(path) if path else None
    return _scope(source, path, stamp, tuple(sorted(defaults.items())))


def _stamp(path: str) -> tuple[int, int] | None:
    """The config file's change time and size: an edited file is read again."""
    try:
        stat = Path(path).stat()
    except OSError:
        return None
    return stat.st_mtime_ns, stat.st_size


def _config_path(source: str, location: str) -> str | None:
    env = os.environ.get(f"TALENTRADAR_{source.upper()}_VENUES")
    if env:
        return env
    if is_url(location):
        return None
    for folder in Path(location).absolute().parents:
        if (folder / CONFIG).is_file():
            return str(folder / CONFIG)
    return None


@cache
def _scope(
    source: str,
    path: str | None,
    stamp: tuple[int, int] | None,
    defaults: tuple[tuple[str, str], ...],
) -> Scope:
    venues = {key(k): v for k, v in defaults}
    topics: frozenset[str] = frozenset()
    if path:
        config = _read(path)
        for name, venue in _mapping(path, config.get("sources", {})).items():
            if venue is None:
                venues.pop(key(name), None)
            else:
                venues[key(name)] = _venue(path, name, venue)
        raw_topics = config.get("topics", [])
        if not isinstance(raw_topics, list) or not all(isinstance(t, str) for t in raw_topics):
            raise SourceError(path, "topics: expected a list of topic ids or names")
        topics = frozenset(key(t) for t in raw_topics)
    return Scope(venues=venues, topics=topics)


def _read(path: str) -> dict[str, object]:
    try:
        config = orjson.loads(Path(path).read_bytes())
    except (OSError, orjson.JSONDecodeError) as exc:
        raise SourceError(path, f"cannot read the venue map: {exc}") from None
    if not isinstance(config, dict):
        raise SourceError(path, 'expected {"sources": {...}, "topics": [...]}')
    return config


def _mapping(path: str, sources: object) -> dict[str, str | None]:
    if not isinstance(sources, dict):
        raise SourceError(path, 'sources: expected {"<source id or name>": "<venue id>"}')
    return sources


def _venue(path: str, name: str, venue: object) -> str:
    try:
        return get_venue(str(venue)).venue_id
    except UnknownValueError as exc:
        raise SourceError(path, f"sources[{name!r}]: {exc}") from None
