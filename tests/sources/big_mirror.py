"""A fixture mirror with the OpenAlex snapshot and the DBLP file beside the paperlists fixtures."""

from __future__ import annotations

import gzip
import shutil
from pathlib import Path

from tests.conftest import make_mirror

DATA = Path(__file__).parent.parent / "data"


def make_big_mirror(target: Path) -> Path:
    """The fixture mirror plus ``openalex/`` (works gzip-compressed) and ``dblp/`` (gzip)."""
    make_mirror(target)
    shutil.copytree(DATA / "openalex", target / "openalex")
    for plain in (target / "openalex").rglob("*.jsonl"):
        with gzip.open(plain.with_suffix(".gz"), "wb") as out:
            out.write(plain.read_bytes())
        plain.unlink()
    (target / "dblp").mkdir()
    with gzip.open(target / "dblp" / "dblp.xml.gz", "wb") as out:
        out.write((DATA / "dblp" / "dblp.xml").read_bytes())
    return target
