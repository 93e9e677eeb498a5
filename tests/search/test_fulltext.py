"""The full-text index holds what the FTS extension's own indexing would, term for term."""

from __future__ import annotations

import pyarrow as pa
import pytest

from talentradar.search import fulltext
from talentradar.store.duckdb import DuckDBStore

pytest.importorskip("duckdb_extension_fts")

TEXTS = [  # accents, LaTeX, typographic quotes and dashes, digits, ligatures, stop words
    (
        "p1",
        "Théorie des Graphes — a Study",
        "graph theory;spectral",
        "We show that $\\mathcal{O}(n^2)$ …",
    ),
    (
        "p2",
        "The model’s effi\ufb01ciency: 3D-aware GANs",
        "",
        "It's the users' don't-care case, e.g. x×y.",
    ),
    ("p3", "Learning, learned, learns", "learning", ""),
    ("p4", "", "", ""),
]


@pytest.fixture
def store(tmp_path) -> DuckDBStore:
    s = DuckDBStore(tmp_path / "text.duckdb")
    s.replace_table(
        "papers",
        pa.table(
            {
                "paper_id": [t[0] for t in TEXTS],
                "title": [t[1] for t in TEXTS],
                "keywords": [t[2].split(";") if t[2] else [] for t in TEXTS],
                "abstract": [t[3] or None for t in TEXTS],
                "decision": ["accepted"] * len(TEXTS),
            }
        ),
    )
    yield s
    s.close()


def _extension_index(store: DuckDBStore) -> tuple[set, set, set, list[str]]:
    """The same text indexed by PRAGMA create_fts_index (as terms by paper id)."""
    store.execute("CREATE TABLE text_copy AS SELECT * FROM paper_text")  # the PRAGMA wants a table
    store.execute(
        "PRAGMA create_fts_index('text_copy', 'paper_id', 'title', 'keywords', 'abstract', "
        "overwrite=1, stemmer='english', stopwords='english')"
    )
    schema = "fts_main_text_copy"
    docs = {(r["name"], r["len"]) for r in store.query(f"SELECT name, len FROM {schema}.docs")}
    terms = {(r["term"], r["df"]) for r in store.query(f"SELECT term, df FROM {schema}.dict")}
    postings = {
        (r["name"], r["term"], r["tf"])
        for r in store.query(
            f"SELECT d.name, t2.term, count(*) AS tf FROM {schema}.terms t "
            f"JOIN {schema}.docs d USING (docid) JOIN {schema}.dict t2 USING (termid) GROUP BY ALL"
        )
    }
    stop = [r["sw"] for r in store.query(f"SELECT sw FROM {schema}.stopwords")]
    return docs, terms, postings, stop


def test_index_equals_the_extensions(store: DuckDBStore) -> None:
    fulltext.build_index(store)
    docs = {(r["paper_id"], r["len"]) for r in store.query("SELECT paper_id, len FROM text_docs")}
    terms = {(r["term"], r["df"]) for r in store.query("SELECT term, df FROM text_dict")}
    postings = {
        (r["paper_id"], r["term"], r["tf"])
        for r in store.query(
            "SELECT d.paper_id, t2.term, t.tf FROM text_terms t "
            "JOIN text_docs d USING (docid) JOIN text_dict t2 USING (termid)"
        )
    }
    want_docs, want_terms, want_postings, want_stop = _extension_index(store)
    assert docs == want_docs
    assert terms == want_terms
    assert postings == want_postings
    assert fulltext.stopwords() == want_stop
    assert ("p3", "learn", 4) in postings  # stemmed: learning ×2, learned, learns
    assert not {t for t, _ in terms} & {"the", "we", "that"}  # stop words dropped
