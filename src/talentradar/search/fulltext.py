"""BM25 full-text index over paper titles, keywords and abstracts (SQL, DuckDB dialect).

The index is four tables: ``text_docs`` (docid, paper_id, len: terms in the paper),
``text_dict`` (termid, term, df: papers holding it), ``text_terms`` (docid, termid, tf) and
``text_stopwords``. A term is a word of a field, tokenised, stop-worded (the SMART list,
data/search/stopwords_english.txt) and stemmed (Snowball English) as DuckDB's FTS extension
does, so the index holds what ``PRAGMA create_fts_index`` would; each distinct word is stemmed
once instead of every occurrence (several times faster). The stemmer comes from the FTS
extension (``search`` extra), loaded from its file; nothing is downloaded.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path

import pyarrow as pa

from talentradar.errors import ExtraMissingError
from talentradar.store import Store

FIELDS = ("title", "keywords", "abstract")
IGNORE = r"""[0-9!@#$%^&*()_+={}\[\]:;<>,.?~\\/\|''"`-]+"""
"""Characters that separate words (the FTS extension's default, in SQL quoting)."""
STEMMER = "english"

PAPER_TEXT_SQL = """
CREATE OR REPLACE VIEW paper_text AS
SELECT paper_id, title, array_to_string(keywords, ' ') AS keywords, coalesce(abstract, '') AS abstract
FROM papers WHERE decision IN ('accepted', 'rejected', 'withdrawn', 'workshop')
"""

_TOKENS = " UNION ALL ".join(
    f"SELECT docid, unnest(string_split_regex(regexp_replace(lower(strip_accents({f})), "
    f"'{IGNORE}', ' ', 'g'), '\\s+')) AS word FROM docs"
    for f in FIELDS
)
INDEX_SQL = f"""
CREATE OR REPLACE TABLE text_docs AS
SELECT row_number() OVER (ORDER BY paper_id) - 1 AS docid, paper_id FROM paper_text;

CREATE OR REPLACE TEMP TABLE text_words AS
WITH docs AS (SELECT d.docid, {", ".join(f"p.{f}" for f in FIELDS)}
              FROM text_docs d JOIN paper_text p USING (paper_id)),
tokens AS ({_TOKENS})
SELECT docid, word, count(*) AS n FROM tokens
WHERE len(word) > 0 AND word NOT IN (SELECT sw FROM text_stopwords)
GROUP BY ALL;

CREATE OR REPLACE TEMP TABLE text_stems AS
SELECT word, stem(word, '{STEMMER}') AS term FROM (SELECT DISTINCT word FROM text_words);

CREATE OR REPLACE TEMP TABLE text_doc_terms AS
SELECT docid, term, sum(n)::INTEGER AS tf FROM text_words JOIN text_stems USING (word) GROUP BY ALL;

CREATE OR REPLACE TABLE text_dict AS
SELECT row_number() OVER (ORDER BY term) - 1 AS termid, term, count(*) AS df
FROM text_doc_terms GROUP BY term;

CREATE OR REPLACE TABLE text_terms AS
SELECT t.docid, d.termid, t.tf FROM text_doc_terms t JOIN text_dict d USING (term)
ORDER BY t.docid, d.termid;

CREATE OR REPLACE TABLE text_docs AS
SELECT d.docid, d.paper_id, coalesce(sum(t.tf), 0)::BIGINT AS len
FROM text_docs d LEFT JOIN text_terms t USING (docid) GROUP BY ALL ORDER BY d.docid;

DROP TABLE text_words; DROP TABLE text_stems; DROP TABLE text_doc_terms;
DROP SCHEMA IF EXISTS fts_main_paper_text CASCADE;
"""


def stopwords() -> list[str]:
    text = files("talentradar.data").joinpath("search/stopwords_english.txt").read_text()
    return [w for w in text.splitlines() if w and not w.startswith("#")]


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
    """Load the FTS extension (for its stemmer) into a connection (idempotent)."""
    store.execute(f"LOAD '{extension_path()}'")


def build_index(store: Store) -> None:
    load(store)
    if store.query(
        "SELECT 1 FROM information_schema.tables WHERE table_schema = 'main' "
        "AND table_name = 'paper_text' AND table_type = 'BASE TABLE'"
    ):
        store.execute("DROP TABLE paper_text")  # a store built before paper_text was a view
    store.execute(PAPER_TEXT_SQL)
    store.replace_table("text_stopwords", pa.table({"sw": pa.array(stopwords(), pa.string())}))
    store.execute(INDEX_SQL)
