"""Semantic similarity by latent semantic analysis (LSA), trained on the corpus itself.

TF-IDF over paper titles, keywords and abstracts, reduced by truncated SVD to
``DIMENSIONS`` dimensions: papers that use related words land near each other
("RLHF" near "reinforcement learning from human feedback"). Offline, no model
download, deterministic; vectors are stored in the store (``paper_vectors``,
``lsa_terms``) and compared with cosine similarity.
"""

from __future__ import annotations

import re
from typing import Any

import numpy as np
import pyarrow as pa

from talentradar.store import Store
from talentradar.workers import call_in_worker

DIMENSIONS = 128
MIN_DOCS = 3
MAX_TERMS = 60_000
IN_WORKER_FROM = 1_000_000
"""Matrices with this many cells or more are decomposed in a worker process: the
decomposition holds the interpreter lock, which would stall the build's other thread."""
_WORD = re.compile(r"[a-z][a-z0-9\-]{1,30}")
STOPWORDS = frozenset(
    [
        "a",
        "an",
        "and",
        "are",
        "as",
        "at",
        "be",
        "by",
        "for",
        "from",
        "has",
        "have",
        "in",
        "into",
        "is",
        "it",
        "its",
        "of",
        "on",
        "or",
        "our",
        "that",
        "the",
        "their",
        "this",
        "to",
        "we",
        "with",
        "which",
        "via",
        "using",
        "based",
        "towards",
        "toward",
        "under",
        "over",
        "than",
        "these",
        "those",
        "can",
        "also",
        "both",
        "such",
        "not",
        "new",
        "show",
        "paper",
        "propose",
        "proposed",
        "approach",
        "method",
        "methods",
        "results",
        "result",
        "model",
        "models",
    ]
)


def words(text: str) -> list[str]:
    return [w for w in _WORD.findall(text.lower()) if w not in STOPWORDS]


# The same words as ``words()``, counted per paper in SQL (papers numbered by paper id).
DOC_TERMS_SQL = """
CREATE OR REPLACE TEMP TABLE lsa_doc_terms AS
WITH docs AS (
    SELECT row_number() OVER (ORDER BY paper_id) - 1 AS doc,
           lower(title || ' ' || keywords || ' ' || abstract) AS text
    FROM paper_text
),
tokens AS (SELECT doc, unnest(regexp_extract_all(text, '{pattern}')) AS term FROM docs)
SELECT doc, term, count(*) AS n FROM tokens WHERE term NOT IN ({stop}) GROUP BY ALL
"""
VOCAB_SQL = """
SELECT term, count(*) AS df FROM lsa_doc_terms GROUP BY term HAVING count(*) >= ?
ORDER BY df DESC, term LIMIT ?
"""
MATRIX_SQL = """
SELECT t.doc, v.col, t.n FROM lsa_doc_terms t JOIN vocab v USING (term) ORDER BY t.doc, v.col
"""


def build(store: Store, seed: int = 0) -> int:
    """Train LSA on ``paper_text`` and store paper vectors and term vectors; returns #terms."""
    from scipy.sparse import csr_matrix

    papers = store.arrow("SELECT paper_id FROM paper_text ORDER BY paper_id").column("paper_id")
    stop = ", ".join(f"'{w}'" for w in sorted(STOPWORDS))
    store.execute(DOC_TERMS_SQL.format(pattern=_WORD.pattern, stop=stop))
    min_docs = MIN_DOCS if len(papers) >= 1000 else 1  # a small corpus keeps every word
    vocab = store.arrow(VOCAB_SQL, [min_docs, MAX_TERMS])
    if vocab.num_rows < 2 or len(papers) < 2:
        store.execute("DROP TABLE lsa_doc_terms")
        _store_empty(store)
        return 0
    store.register("vocab", vocab.append_column("col", pa.array(range(vocab.num_rows), pa.int32())))
    try:
        cells = store.arrow(MATRIX_SQL)
    finally:
        store.unregister("vocab")
        store.execute("DROP TABLE lsa_doc_terms")
    df = vocab.column("df").to_numpy().astype(np.float64)
    idf = (np.log(len(papers) / df) + 1.0).astype(np.float32)
    rows, cols = cells.column("doc").to_numpy(), cells.column("col").to_numpy()
    weights = ((1 + np.log(cells.column("n").to_numpy())) * idf[cols]).astype(np.float32)
    norms = np.sqrt(
        np.bincount(rows, weights=weights.astype(np.float64) ** 2, minlength=len(papers))
    )
    norms[norms == 0] = 1.0
    matrix = csr_matrix(
        (weights / norms[rows].astype(np.float32), (rows, cols)),
        shape=(len(papers), vocab.num_rows),
    )
    k = min(DIMENSIONS, min(matrix.shape) - 1)
    u, s, vt = call_in_worker(decompose, matrix, k, seed, in_worker=matrix.nnz >= IN_WORKER_FROM)
    doc_vectors = _normalise(u * s)
    term_vectors = vt.T.astype(np.float32)
    store.replace_table(
        "paper_vectors",
        pa.table(
            {
                "paper_id": papers,
                "vec": pa.FixedSizeListArray.from_arrays(
                    pa.array(doc_vectors.ravel(), pa.float32()), k
                ),
            }
        ),
    )
    store.replace_table(
        "lsa_terms",
        pa.table(
            {
                "term": vocab.column("term"),
                "idf": idf,
                "vec": pa.FixedSizeListArray.from_arrays(
                    pa.array(term_vectors.ravel(), pa.float32()), k
                ),
            }
        ),
    )
    return int(vocab.num_rows)


def decompose(matrix: Any, k: int, seed: int) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """Truncated SVD (ARPACK): the ``k`` largest singular triplets (u, s, vt)."""
    from scipy.sparse.linalg import svds

    u, s, vt = svds(matrix, k=k, random_state=seed)
    return u, s, vt


def _store_empty(store: Store) -> None:
    store.execute("CREATE OR REPLACE TABLE paper_vectors (paper_id VARCHAR, vec FLOAT[1])")
    store.execute("CREATE OR REPLACE TABLE lsa_terms (term VARCHAR, idf FLOAT, vec FLOAT[1])")


def _normalise(matrix: np.ndarray) -> np.ndarray:
    norms = np.linalg.norm(matrix, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (matrix / norms).astype(np.float32)


def dimensions(store: Store) -> int:
    return int(store.query("SELECT array_length(vec) AS n FROM lsa_terms LIMIT 1")[0]["n"])


def describe(store: Store) -> dict[str, Any]:
    return {
        "terms": store.query("SELECT count(*) AS n FROM lsa_terms")[0]["n"],
        "dimensions": dimensions(store),
    }
