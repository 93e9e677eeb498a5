"""Semantic similarity by latent semantic analysis (LSA), trained on the corpus itself.

TF-IDF over paper titles, keywords and abstracts, reduced by truncated SVD to
``DIMENSIONS`` dimensions: papers that use related words land near each other
("RLHF" near "reinforcement learning from human feedback"). Offline, no model
download, deterministic; vectors are stored in the store (``paper_vectors``,
``lsa_terms``) and compared with cosine similarity.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from typing import Any

import numpy as np
import pyarrow as pa

from talentradar.store import Store

DIMENSIONS = 128
MIN_DOCS = 3
MAX_TERMS = 60_000
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


def build(store: Store, seed: int = 0) -> int:
    """Train LSA on ``paper_text`` and store paper vectors and term vectors; returns #terms."""
    from scipy.sparse import csr_matrix
    from scipy.sparse.linalg import svds

    rows = store.query(
        "SELECT paper_id, title || ' ' || keywords || ' ' || abstract AS text FROM paper_text"
    )
    docs = [Counter(words(r["text"])) for r in rows]
    df = Counter(w for d in docs for w in d)
    min_docs = MIN_DOCS if len(docs) >= 1000 else 1  # a small corpus keeps every word
    vocab = [w for w, n in df.most_common(MAX_TERMS) if n >= min_docs]
    if len(vocab) < 2 or len(docs) < 2:
        _store_empty(store)
        return 0
    index = {w: i for i, w in enumerate(vocab)}
    idf = np.array([math.log(len(docs) / df[w]) + 1.0 for w in vocab], dtype=np.float32)
    data, cols, ptr = [], [], [0]
    for d in docs:
        terms = [(index[w], (1 + math.log(c)) * idf[index[w]]) for w, c in d.items() if w in index]
        norm = math.sqrt(sum(v * v for _, v in terms)) or 1.0
        for col, value in terms:
            cols.append(col)
            data.append(value / norm)
        ptr.append(len(cols))
    matrix = csr_matrix(
        (np.array(data, np.float32), np.array(cols), np.array(ptr)), shape=(len(docs), len(vocab))
    )
    k = min(DIMENSIONS, min(matrix.shape) - 1)
    u, s, vt = svds(matrix, k=k, random_state=seed)
    doc_vectors = _normalise(u * s)
    term_vectors = vt.T.astype(np.float32)
    store.replace_table(
        "paper_vectors",
        pa.table(
            {
                "paper_id": [r["paper_id"] for r in rows],
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
                "term": vocab,
                "idf": idf,
                "vec": pa.FixedSizeListArray.from_arrays(
                    pa.array(term_vectors.ravel(), pa.float32()), k
                ),
            }
        ),
    )
    return len(vocab)


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
