"""A topic as a recruiter types it: its wordings (acronyms and their expansions) and phrases.

``data/search/acronyms.tsv`` lists acronyms with the long forms papers use ("MoE" — "mixture of
experts"). A query is searched in every wording: "MoE routing" also as "mixture of experts
routing", "text-to-speech" also as "TTS text-to-speech". A wording of several words is also a
phrase: a title holding it matches in full, whatever its words' frequencies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache
from importlib.resources import files

_WORD = re.compile(r"[a-z0-9][a-z0-9\-]*")
MAX_PHRASE = 4
"""Longer wordings are not phrases: titles seldom hold five query words in a row."""


@cache
def acronyms() -> dict[str, tuple[str, ...]]:
    """acronym → its expansions (lower case)."""
    out: dict[str, list[str]] = {}
    text = files("talentradar.data").joinpath("search/acronyms.tsv").read_text()
    for line in text.splitlines():
        if not line.strip() or line.startswith("#"):
            continue
        short, long = line.split("\t")
        out.setdefault(short.strip().lower(), []).append(long.strip().lower())
    return {k: tuple(v) for k, v in out.items()}


@cache
def _expansions() -> list[tuple[str, str]]:
    """(expansion, acronym), longest expansion first."""
    pairs = [(long, short) for short, longs in acronyms().items() for long in longs]
    return sorted(pairs, key=lambda p: -len(p[0]))


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def normalise(text: str) -> str:
    """Lower case, hyphens and spaces folded to one space ("text-to-speech" = "text to speech")."""
    return " ".join(_WORD.findall(text.lower().replace("-", " ")))


@dataclass(frozen=True)
class Topic:
    text: str
    wordings: tuple[str, ...]
    """The query as typed, then with each acronym expanded, then with each long form shortened."""
    phrases: tuple[str, ...]
    """Normalised wordings of two or more words (a title holding one matches in full)."""

    @property
    def expanded(self) -> str:
        """Every wording in one text (for the embedding and the full-text terms)."""
        return " ; ".join(self.wordings)


def topic(text: str) -> Topic:
    words = _WORD.findall(text.lower())
    wordings = [text.strip()]
    table = acronyms()
    expanded = [table[w][0] if w in table else w for w in words]
    if expanded != words:
        wordings.append(" ".join(expanded))
    norm = normalise(text)
    for long, short in _expansions():
        if re.search(rf"\b{re.escape(normalise(long))}\b", norm):
            wordings.append(re.sub(rf"\b{re.escape(normalise(long))}\b", short, norm))
    unique = list(dict.fromkeys(wordings))
    phrases = tuple(
        dict.fromkeys(
            p for p in (normalise(w) for w in unique) if 2 <= len(p.split()) <= MAX_PHRASE
        )
    )
    return Topic(text=text, wordings=tuple(unique), phrases=phrases)
