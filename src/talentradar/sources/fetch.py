"""Reading the bytes of a source file from a local path or its canonical URL."""

from __future__ import annotations

import gzip
import hashlib
import json
import urllib.error
import urllib.request
import zlib
from pathlib import Path
from typing import Any

import orjson

from talentradar.errors import SourceError

TIMEOUT_S = 60


def is_url(location: str) -> bool:
    return location.startswith(("http://", "https://"))


def join_location(root: str, *parts: str) -> str:
    if is_url(root):
        return "/".join([root.rstrip("/"), *parts])
    return str(Path(root, *parts))


def read_bytes(location: str) -> bytes:
    """The file's bytes, gunzipped when gzip-compressed. Raises SourceError."""
    try:
        if is_url(location):
            with urllib.request.urlopen(location, timeout=TIMEOUT_S) as response:
                data: bytes = response.read()
        else:
            data = Path(location).read_bytes()
    except FileNotFoundError:
        raise SourceError(location, "file not found") from None
    except (OSError, urllib.error.URLError) as exc:
        raise SourceError(location, f"cannot read: {exc}") from None
    if data[:2] == b"\x1f\x8b":
        try:
            data = gzip.decompress(data)
        except (OSError, EOFError, zlib.error) as exc:
            raise SourceError(location, f"truncated or corrupt gzip data ({exc})") from None
    return data


def read_json(location: str, data: bytes) -> Any:
    """Decode JSON with a one-line error naming the file, line and column."""
    if not data.strip():
        raise SourceError(location, "empty file (expected a JSON list of records)")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(location, f"not UTF-8 text (byte {exc.start})") from None
    try:
        return orjson.loads(text)
    except orjson.JSONDecodeError:
        pass  # the standard parser reads NaN and Infinity, and words its errors for people
    try:
        return json.loads(text)
    except RecursionError:
        raise SourceError(location, "JSON nested too deeply (expected a list of records)") from None
    except json.JSONDecodeError as exc:
        raise SourceError(
            location,
            f"invalid or truncated JSON at line {exc.lineno} column {exc.colno}: {exc.msg}",
        ) from None


def read_text(location: str, data: bytes) -> str:
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise SourceError(location, f"not UTF-8 text (byte {exc.start})") from None


def to_json(payload: object, canonical: bool = False) -> str:
    """Compact JSON text of a payload; ``canonical`` sorts the keys (for checksums)."""
    try:
        return orjson.dumps(payload, option=orjson.OPT_SORT_KEYS if canonical else None).decode()
    except (orjson.JSONEncodeError, TypeError):  # e.g. integers beyond 64 bits
        return json.dumps(payload, sort_keys=canonical, ensure_ascii=False, separators=(",", ":"))


def checksum(payload: object) -> str:
    """A stable checksum of a JSON-able payload."""
    return hashlib.sha1(to_json(payload, canonical=True).encode("utf-8")).hexdigest()


def stable_id(*parts: object) -> str:
    return hashlib.sha1("\x1f".join(str(p) for p in parts).encode("utf-8")).hexdigest()[:16]
