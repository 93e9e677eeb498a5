"""BM25 full-text search over paper titles, keywords and abstracts (DuckDB FTS).

The FTS extension ships in the ``duckdb-extension-fts`` package (``search``
extra) and is loaded from its file; nothing is downloaded.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

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
    found = sorted(Path(duckdb_extension_fts.__file__).parent.glob("extensions/v*/fts.duckdb_extension"))
    if not found:
        raise ExtraMissingError("the fts extension file", "search")
    return found[-1]


def load(store: Store) -> None:
    """Load the FTS extension into a connection (idempotent)."""
    store.execute(f"LOAD '{extension_path()}'")


def build_index(store: Store) -> None:
    load(store)
    store.execute(PAPER_TEXT_SQL)
    store.execute("PRAGMA create_fts_index('paper_text', 'paper_id', 'title', 'keywords', 'abstract', "
                  "overwrite=1, stemmer='english', stopwords='english')")


def bm25_sql(limit: int = 3000) -> tuple[str, list[Any]]:
    """A query (one parameter: the text) giving (paper_id, bm25) of the best ``limit`` papers."""
    return (f"""
        SELECT paper_id, score AS bm25 FROM (
            SELECT paper_id, fts_main_paper_text.match_bm25(paper_id, ?) AS score FROM paper_text
        ) WHERE score IS NOT NULL ORDER BY score DESC LIMIT {int(limit)}
    """, [])
