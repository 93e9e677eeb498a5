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


# BM25 over the FTS index tables, touching only the postings of the query's terms. Terms in
# more than COMMON of the documents only add to documents that match a rarer query term (when
# the query has one), which keeps "graph neural networks" fast and on topic.
BM25_SQL = """
WITH q AS (
    SELECT DISTINCT stem(w, 'english') AS term
    FROM (SELECT unnest(string_split(trim(regexp_replace(lower(strip_accents(?)), '[^a-z]+', ' ', 'g')), ' ')) AS w)
    WHERE w <> '' AND w NOT IN (SELECT sw FROM fts_main_paper_text.stopwords)
),
stats AS (SELECT num_docs, avgdl FROM fts_main_paper_text.stats),
qt AS (SELECT d.termid, d.df, d.df > stats.num_docs * {common} AS common
       FROM fts_main_paper_text.dict d JOIN q USING (term), stats),
rare_docs AS (SELECT DISTINCT t.docid FROM fts_main_paper_text.terms t JOIN qt USING (termid) WHERE NOT qt.common),
postings AS (
    SELECT t.docid, t.termid, count(*) AS tf
    FROM fts_main_paper_text.terms t JOIN qt USING (termid)
    WHERE NOT qt.common OR NOT EXISTS (SELECT 1 FROM qt WHERE NOT common)
       OR t.docid IN (SELECT docid FROM rare_docs)
    GROUP BY 1, 2
)
SELECT d.name AS paper_id,
       sum(ln((stats.num_docs - qt.df + 0.5) / (qt.df + 0.5) + 1)
           * p.tf * 2.2 / (p.tf + 1.2 * (0.25 + 0.75 * d.len / stats.avgdl))) AS bm25
FROM postings p JOIN qt USING (termid) JOIN fts_main_paper_text.docs d USING (docid), stats
GROUP BY d.name ORDER BY bm25 DESC LIMIT {limit}
"""


def bm25_sql(limit: int = 3000, common: float = 0.1) -> tuple[str, list[Any]]:
    """A query (one parameter: the text) giving (paper_id, bm25) of the best ``limit`` papers
    (BM25 with k1 = 1.2, b = 0.75, stemmed and stop-worded as the index is)."""
    return BM25_SQL.format(limit=int(limit), common=float(common)), []
