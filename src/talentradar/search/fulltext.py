"""BM25 full-text search over paper titles, keywords and abstracts (DuckDB FTS).

The FTS extension ships in the ``duckdb-extension-fts`` package (``search``
extra) and is loaded from its file; nothing is downloaded.
"""

from __future__ import annotations

from pathlib import Path

from talentradar.errors import ExtraMissingError
from talentradar.store import Store

PAPER_TEXT_SQL = """
CREATE OR REPLACE TABLE paper_text AS
SELECT paper_id, title, array_to_string(keywords, ' ') AS keywords, coalesce(abstract, '') AS abstract
FROM papers WHERE decision IN ('accepted', 'rejected', 'withdrawn', 'workshop')
"""


def extension_path() -> Path:
    try:
        import duckdb_extension_fts
    except ImportError:
        raise ExtraMissingError("duckdb-extension-fts", "search") from None
    found = sorted(
        Path(duckdb_extension_fts.__file__).parent.glob("extensions/v*/fts.duckdb_extension")
    )
    if not found:
        raise ExtraMissingError("the fts extension file", "search")
    return found[-1]


def load(store: Store) -> None:
    """Load the FTS extension into a connection (idempotent)."""
    store.execute(f"LOAD '{extension_path()}'")


def build_index(store: Store) -> None:
    load(store)
    store.execute(PAPER_TEXT_SQL)
    store.execute(
        "PRAGMA create_fts_index('paper_text', 'paper_id', 'title', 'keywords', 'abstract', "
        "overwrite=1, stemmer='english', stopwords='english')"
    )
