"""In-memory scoring over the stored indexes: BM25 and cosine similarity with NumPy.

The full-text index (``text_*`` tables) and the LSA vectors live in the store;
the first query of a process loads them into sparse and dense matrices, after
which a query scores every paper in a few milliseconds. Tokenising and
stemming use the FTS extension itself, so queries match the index exactly.
"""

from __future__ import annotations

import threading
from dataclasses import dataclass
from typing import Any

import numpy as np

from talentradar.search import fulltext, semantic
from talentradar.store import Store

K1, B = 1.2, 0.75
COMMON = 0.1
"""Terms in more than this share of papers only score papers that match a rarer query term."""


@dataclass
class Index:
    paper_ids: np.ndarray
    postings: Any  # scipy CSC matrix: papers × terms, term frequencies
    lengths: np.ndarray
    avgdl: float
    term_ids: dict[str, int]
    df: np.ndarray
    vectors: np.ndarray | None
    vector_ids: np.ndarray | None
    lsa_terms: dict[str, int]
    lsa_idf: np.ndarray | None
    lsa_vectors: np.ndarray | None


_CACHE: dict[str, Index] = {}
_LOCK = threading.Lock()


def index_for(store: Store, key: str) -> Index:
    """The loaded index for a store (``key`` names the store and its build)."""
    with _LOCK:
        if key not in _CACHE:
            _CACHE.clear()
            _CACHE[key] = _load(store)
        return _CACHE[key]


def _load(store: Store) -> Index:
    from scipy.sparse import csc_matrix

    docs = store.arrow("SELECT docid, paper_id, len FROM text_docs ORDER BY docid")
    docids = docs.column("docid").to_numpy()
    terms = store.arrow("SELECT termid, term, df FROM text_dict ORDER BY termid")
    termids = terms.column("termid").to_numpy()
    posts = store.arrow("SELECT docid, termid, tf FROM text_terms")
    row = np.searchsorted(docids, posts.column("docid").to_numpy())
    col = np.searchsorted(termids, posts.column("termid").to_numpy())
    matrix = csc_matrix(
        (posts.column("tf").to_numpy().astype(np.float32), (row, col)),
        shape=(len(docids), len(termids)),
    )
    lengths = docs.column("len").to_numpy().astype(np.float32)
    vectors = vector_ids = lsa_idf = lsa_vectors = None
    lsa_terms: dict[str, int] = {}
    if store.query("SELECT count(*) AS n FROM paper_vectors")[0]["n"]:
        dims = semantic.dimensions(store)
        table = store.arrow("SELECT paper_id, vec FROM paper_vectors")
        vectors = (
            table.column("vec")
            .combine_chunks()
            .flatten()
            .to_numpy()
            .reshape(-1, dims)
            .astype(np.float32)
        )
        vector_ids = np.array(table.column("paper_id").to_pylist(), dtype=object)
        terms_table = store.arrow("SELECT term, idf, vec FROM lsa_terms")
        lsa_terms = {t: i for i, t in enumerate(terms_table.column("term").to_pylist())}
        lsa_idf = terms_table.column("idf").to_numpy().astype(np.float32)
        lsa_vectors = (
            terms_table.column("vec").combine_chunks().flatten().to_numpy().reshape(-1, dims)
        )
    return Index(
        paper_ids=np.array(docs.column("paper_id").to_pylist(), dtype=object),
        postings=matrix,
        lengths=lengths,
        avgdl=float(lengths.mean()) if len(lengths) else 1.0,
        term_ids={t: i for i, t in enumerate(terms.column("term").to_pylist())},
        df=terms.column("df").to_numpy().astype(np.float32),
        vectors=vectors,
        vector_ids=vector_ids,
        lsa_terms=lsa_terms,
        lsa_idf=lsa_idf,
        lsa_vectors=lsa_vectors,
    )


def embed(index: Index, text: str) -> np.ndarray | None:
    """The query's LSA vector (as ``semantic.embed``, from the loaded term vectors)."""
    if index.lsa_vectors is None or index.lsa_idf is None:
        return None
    counts: dict[int, int] = {}
    for word in semantic.words(text):
        if word in index.lsa_terms:
            counts[index.lsa_terms[word]] = counts.get(index.lsa_terms[word], 0) + 1
    if not counts:
        return None
    rows = np.fromiter(counts, dtype=np.int64)
    weights = (1 + np.log(np.fromiter(counts.values(), dtype=np.float32))) * index.lsa_idf[rows]
    vector = weights @ index.lsa_vectors[rows]
    norm = float(np.linalg.norm(vector))
    return vector / norm if norm else None


def query_terms(store: Store, text: str) -> list[str]:
    """The query's words, stemmed and stop-worded as the index was."""
    fulltext.load(store)
    rows = store.query(
        "SELECT DISTINCT stem(w, 'english') AS term FROM (SELECT unnest(string_split(trim("
        "regexp_replace(lower(strip_accents(?)), '[^a-z]+', ' ', 'g')), ' ')) AS w) "
        "WHERE w <> '' AND w NOT IN (SELECT sw FROM text_stopwords)",
        [text],
    )
    return [r["term"] for r in rows]


def bm25(index: Index, terms: list[str], limit: int) -> tuple[np.ndarray, np.ndarray]:
    """(paper ids, scores) of the best ``limit`` papers by BM25."""
    cols = [index.term_ids[t] for t in terms if t in index.term_ids]
    if not cols:
        return np.array([], dtype=object), np.array([], dtype=np.float32)
    n = len(index.lengths)
    norm = K1 * (1 - B + B * index.lengths / index.avgdl)
    scores = np.zeros(n, dtype=np.float32)
    common = [c for c in cols if index.df[c] > COMMON * n]
    rare = [c for c in cols if c not in common]
    for c in rare + common:
        start, end = index.postings.indptr[c], index.postings.indptr[c + 1]
        rows = index.postings.indices[start:end]
        tf = index.postings.data[start:end]
        idf = np.log((n - index.df[c] + 0.5) / (index.df[c] + 0.5) + 1)
        contribution = idf * tf * (K1 + 1) / (tf + norm[rows])
        if c in common and rare:
            contribution = contribution * (scores[rows] > 0)
        scores[rows] += contribution
    return _top(index.paper_ids, scores, limit)


def cosine(index: Index, vector: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
    if index.vectors is None or index.vector_ids is None:
        return np.array([], dtype=object), np.array([], dtype=np.float32)
    scores = index.vectors @ np.asarray(vector, dtype=np.float32)
    return _top(index.vector_ids, scores, limit)


def _top(ids: np.ndarray, scores: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
    positive = np.flatnonzero(scores > 0)
    if len(positive) > limit:
        positive = positive[np.argpartition(-scores[positive], limit)[:limit]]
    order = positive[np.argsort(-scores[positive], kind="stable")]
    return ids[order], scores[order]
