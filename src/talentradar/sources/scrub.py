"""E-mail addresses out of raw payloads: the domain is kept, the address never is.

Applied by the raw layer (``raw.parse_file``) to every record and quarantined row of every
source, before anything is stored, so no address reaches the store (raw payloads included). An address
``jane.doe@cs.example.edu`` becomes ``@cs.example.edu``; PDF-header forms such as
``{jane, john}@example.edu`` or ``[jane, john ]@example.edu`` lose the group's contents too.
"""

from __future__ import annotations

import re
from typing import Any

_LOCAL = r"[A-Za-z0-9!#$%&'*+/=?^_`|~.\-]"
# The local part (or a {a,b} group, maybe after a footnote mark: "1{a,b}") right before the @
# and a host whose last label is letters ("@ia.ac.cn2{b}@megvii.com" holds two addresses).
_ADDRESS = re.compile(
    rf"(?:[0-9]*(?:\{{[^{{}}@]*\}}|\([^()@]*\)|\[[^\[\]@]*\])[ \t]*|{_LOCAL}+)@[ \t]*"
    r"(?P<host>[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}(?![A-Za-z]))"
)
_MAYBE = re.compile(rf"(?:{_LOCAL}|[}})\]])[ \t]*@")
"""What every address has, found far faster: the end of a local part or a group before ``@``
(a text already scrubbed, ``~Jane_Doe1;@mit.edu``, has none)."""
_TOUCHING = re.compile(r"[A-Za-z0-9._%+\-]")
"""A character that, right before a kept ``@host``, would make it read as an address again."""


def scrub_text(text: str) -> str:
    """``text`` with every e-mail address reduced to ``@host`` (set apart by a space from a
    word it would otherwise touch)."""
    if "@" not in text or not _MAYBE.search(text):
        return text
    return _ADDRESS.sub(_domain_only, text)


def _domain_only(match: re.Match[str]) -> str:
    start = match.start()
    touching = start > 0 and _TOUCHING.match(match.string[start - 1])
    return (" @" if touching else "@") + match["host"].lower()


def scrub(value: Any) -> Any:
    """A JSON value with every string scrubbed (dicts and lists walked)."""
    if isinstance(value, str):
        return scrub_text(value)
    if isinstance(value, list):
        return [scrub(v) for v in value]
    if isinstance(value, dict):
        return {k: scrub(v) for k, v in value.items()}
    return value


ADDRESS_SQL_PATTERN = r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
"""What reads as an e-mail address: a local part, ``@`` and a host whose last label is letters
(a top-level domain). Metric notations such as ``mAP@0.5`` or ``ResNet50@2.7`` are not
addresses. Written for RE2 (DuckDB's ``regexp_matches``) and Python alike."""


def has_address(text: str) -> bool:
    """True when ``text`` still holds something that reads as an e-mail address."""
    return bool(re.search(ADDRESS_SQL_PATTERN, text))
