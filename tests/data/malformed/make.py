"""Writes the malformed-input corpus beside this script (run once; the files are kept in the
repository): ``python tests/data/malformed/make.py``. Every file is one problem; CONTROLS
counts the valid records the corpus holds, which a build must load."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

HERE = Path(__file__).parent / "paperlists"


def good(i: int, **extra) -> dict:
    return {
        "id": f"ctl{i}",
        "title": f"Control Paper Number {i}",
        "author": f"Control Author{i};Second Writer{i}",
        "aff": "Stanford University;ETH Zurich",
        "status": "Poster",
        **extra,
    }


def files() -> dict[str, bytes]:
    out: dict[str, bytes] = {}
    year = iter(range(2031, 2200))

    def put(data: bytes, venue: str = "icml", suffix: str = ".json") -> None:
        out[f"{venue}/{venue}{next(year)}{suffix}"] = data

    text = json.dumps([good(1), good(2), good(3)]).encode()
    for cut in (
        1,
        5,
        17,
        40,
        80,
        120,
        len(text) // 2,
        len(text) - 30,
        len(text) - 2,
        len(text) - 1,
    ):
        put(text[:cut])  # truncated JSON: 10 files
    for top in ({"title": "an object"}, "a string", 42, None, True):
        put(json.dumps(top).encode())  # wrong top-level types: 5
    put(json.dumps([good(4)], ensure_ascii=False).replace("Control", "Contrôle").encode("latin-1"))
    put('[{"title": "caf\xe9"}]'.encode("latin-1"))
    put(b'[{"title": "\xff\xfe\xfd"}]')  # bad encodings: 3
    put(json.dumps([good(5)]).encode("utf-16"))  # UTF-16 with BOM
    put(b"\xff\xfe" + json.dumps([good(6)]).encode("utf-16-le"))
    put(b"\xef\xbb\xbf" + json.dumps([good(7)]).encode())  # UTF-8 BOM
    put(b"")
    put(b"   \n\t  ")  # empty: 2
    zipped = gzip.compress(json.dumps([good(8), good(9)]).encode())
    put(zipped[: len(zipped) // 2], suffix=".json.gz")
    put(zipped[:12], suffix=".json.gz")
    put(zipped[:-6], suffix=".json.gz")
    put(b"\x1f\x8b" + b"not gzip at all", suffix=".json.gz")  # gzip errors: 4
    # wrong types of fields, each file with one control record (loaded) and one bad record
    bad_rows = (
        {"title": 42},
        {"title": "T", "author": ["a", "b"]},
        {"title": "T", "gs_citation": "many"},
        {"title": "T", "gs_citation": True},
        {"title": None},
        {"title": "   "},
        "a string row",
        [1, 2, 3],
    )
    for n, row in enumerate(bad_rows):
        put(json.dumps([good(100 + n), row]).encode())  # 8 files, 8 controls
    put(
        gzip.compress(json.dumps([good(200), good(201, title="T" * 2_000_000)]).encode(), mtime=0),
        suffix=".json.gz",
    )  # huge title
    put(
        gzip.compress(
            json.dumps([good(202), good(203, abstract="word " * 40_000)]).encode(), mtime=0
        ),
        suffix=".json.gz",
    )  # huge abstract
    put(
        gzip.compress(json.dumps([good(204), good(205, author="N" * 500_000)]).encode(), mtime=0),
        suffix=".json.gz",
    )  # huge author
    put(json.dumps([good(206, title="Nul\u0000 Title\u0007")]).encode())  # NULs, loaded cleaned
    put(json.dumps([good(207, author="Ada\u0000 Byron;Bell\u001bLabs")]).encode())
    put(json.dumps([good(208, keywords="a\u0000;b")]).encode())
    put(json.dumps([good(209), good(209), good(209)]).encode())  # duplicates: one loaded
    put(json.dumps([good(210), good(211), good(210)]).encode())
    put(json.dumps([good(212, author="Robert'); DROP TABLE mentions;--")]).encode())
    put(json.dumps([good(213), good(214, author="x' OR '1'='1")]).encode())
    put(("[" * 5000 + "]" * 5000).encode())  # deeply nested
    put(b'[{"id": "n1", "title": "NaN paper", "gs_citation": NaN}]')
    put(b'[{"id": "n2", "title": "Inf paper", "gs_citation": Infinity}]')
    put(json.dumps([good(215, gs_citation=10**30)]).encode())  # integer beyond 64 bits
    out["nope/nope2020.json"] = json.dumps([good(300)]).encode()  # unknown venue
    out["mystery/mystery2021.json"] = json.dumps([good(301)]).encode()
    out["icml/icml-final.json"] = json.dumps([good(302)]).encode()  # bad file name
    out["icml/ICML_2020_copy.json"] = json.dumps([good(303)]).encode()
    put(json.dumps([{"id": f"e{i}"} for i in range(3)]).encode())  # records without titles
    put(json.dumps([]).encode())  # an empty list: loads nothing, fails nothing
    return out


def main() -> None:
    for name, data in files().items():
        path = HERE / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_bytes(data)
    print(len(files()), "files")


if __name__ == "__main__":
    main()
