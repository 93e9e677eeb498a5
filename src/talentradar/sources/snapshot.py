"""Reading large snapshot files without holding them decoded in memory.

``open_raw`` gives a local file memory-mapped (the operating system pages it in and out, so a
multi-gigabyte file costs no heap) or a URL's bytes as received; ``stream`` wraps either in a
file object that decompresses gzip on the fly. Checksums are taken over the stored bytes.
"""

from __future__ import annotations

import gzip
import io
import mmap
import urllib.error
import urllib.request
import zlib
from collections.abc import Iterator
from pathlib import Path
from typing import IO

from talentradar.errors import SourceError
from talentradar.sources.fetch import TIMEOUT_S, is_url

CHUNK = 1 << 20


def open_raw(location: str) -> bytes:
    """The file's stored bytes (not decompressed): a read-only memory map for a local file."""
    if is_url(location):
        try:
            with urllib.request.urlopen(location, timeout=TIMEOUT_S) as response:
                data: bytes = response.read()
        except (OSError, urllib.error.URLError) as exc:
            raise SourceError(location, f"cannot read: {exc}") from None
        return data
    path = Path(location)
    try:
        if path.stat().st_size == 0:
            return b""
        with path.open("rb") as handle:
            return mmap.mmap(handle.fileno(), 0, access=mmap.ACCESS_READ)  # type: ignore[return-value]
    except FileNotFoundError:
        raise SourceError(location, "file not found") from None
    except OSError as exc:
        raise SourceError(location, f"cannot read: {exc}") from None


def stream(data: bytes) -> IO[bytes]:
    """A file object over ``data``, gunzipping on the fly when it is gzip-compressed."""
    raw: IO[bytes] = data if isinstance(data, mmap.mmap) else io.BytesIO(data)  # type: ignore[assignment]
    raw.seek(0)
    if bytes(data[:2]) == b"\x1f\x8b":
        return gzip.GzipFile(fileobj=raw, mode="rb")  # type: ignore[return-value]
    return raw


def chunks(location: str, data: bytes) -> Iterator[bytes]:
    """The decoded bytes of ``data`` in chunks of about a megabyte (SourceError on bad gzip)."""
    handle = stream(data)
    while True:
        try:
            block = handle.read(CHUNK)
        except (OSError, EOFError, zlib.error) as exc:
            raise SourceError(location, f"truncated or corrupt gzip data ({exc})") from None
        if not block:
            return
        yield block


def lines(location: str, data: bytes) -> Iterator[tuple[int, bytes]]:
    """(line number from 1, line) of a JSON Lines file, decoded lazily; blank lines skipped."""
    rest = b""
    number = 0
    for block in chunks(location, data):
        parts = (rest + block).split(b"\n")
        rest = parts.pop()
        for line in parts:
            number += 1
            if line.strip():
                yield number, line
    if rest.strip():
        yield number + 1, rest
