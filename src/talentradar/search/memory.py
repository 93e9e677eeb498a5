"""In-memory scoring over the stored indexes: BM25 and cosine similarity with NumPy.

The full-text index (``text_*`` tables) and the paper embeddings live in the store;
the first query of a process loads them into sparse and dense matrices, after
which a query scores every paper in a few milliseconds. Tokenising and
stemming use the FTS extension itself, so queries match the index exactly.
"""

from __future__ import annotations

import re
import threading
import unicodedata
from dataclasses import dataclass
from functools import cache
from typing import Any

import numpy as np

from talentradar.search import fulltext, semantic, topics
from talentradar.store import Store

K1, B = 1.2, 0.75
PHRASE_BONUS = 1.5
FULL = 0.999
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
    """Paper embeddings in ``paper_ids`` order, centred on the corpus mean and normalised."""
    mean: np.ndarray | None
    """The corpus's mean embedding (the direction every paper shares), removed from queries too."""
    row_of: dict[str, int] | None
    titles: np.ndarray
    """Normalised titles (``topics.normalise``) in ``paper_ids`` order, for phrase matches."""


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
    paper_ids = np.array(docs.column("paper_id").to_pylist(), dtype=object)
    vectors, mean = _vectors(store, paper_ids)
    title_rows = store.arrow("SELECT paper_id, title FROM paper_text ORDER BY paper_id")
    by_id = dict(
        zip(
            title_rows.column("paper_id").to_pylist(),
            title_rows.column("title").to_pylist(),
            strict=True,
        )
    )
    titles = np.array([topics.normalise(by_id.get(p) or "") for p in paper_ids], dtype=object)
    return Index(
        paper_ids=paper_ids,
        postings=matrix,
        lengths=lengths,
        avgdl=float(lengths.mean()) if len(lengths) else 1.0,
        term_ids={t: i for i, t in enumerate(terms.column("term").to_pylist())},
        df=terms.column("df").to_numpy().astype(np.float32),
        vectors=vectors,
        mean=mean,
        row_of=None,
        titles=titles,
    )


def _vectors(store: Store, paper_ids: np.ndarray) -> tuple[np.ndarray | None, np.ndarray | None]:
    """Paper embeddings aligned to ``paper_ids`` (zeros for a paper without one), centred."""
    if "paper_vectors" not in store.tables():
        return None, None
    table = store.arrow("SELECT paper_id, vec FROM paper_vectors")
    if not table.num_rows or not len(paper_ids):
        return None, None
    dims = semantic.dimensions(store)
    raw = table.column("vec").combine_chunks().flatten().to_numpy().reshape(-1, dims)
    ids = np.array(table.column("paper_id").to_pylist(), dtype=object)
    order = np.argsort(ids)
    at = np.searchsorted(ids[order], paper_ids)
    at[at >= len(ids)] = 0
    found = ids[order][at] == paper_ids
    vectors = np.zeros((len(paper_ids), dims), dtype=np.float32)
    vectors[found] = raw[order][at[found]]
    mean = vectors[found].mean(axis=0) if found.any() else np.zeros(dims, dtype=np.float32)
    vectors[found] -= mean
    norms = np.linalg.norm(vectors, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    return (vectors / norms).astype(np.float32), mean.astype(np.float32)


def word_weights(index: Index, stems: list[list[str]]) -> list[float]:
    """For each word (given as its stems): 1, or COMMON / its share of papers for a word in
    more than ``COMMON`` of them ("learning", "models"), so generic words weigh less."""
    n = len(index.lengths)
    out = []
    for s in stems:
        share = index.df[index.term_ids[s[0]]] / n if s and s[0] in index.term_ids else 0.0
        out.append(min(1.0, COMMON / share) if share > 0 else 1.0)
    return out


def embed_words(index: Index, words: list[str], weights: list[float]) -> np.ndarray | None:
    """The weighted sum of the words' embeddings in the index's (centred) space, normalised."""
    if index.vectors is None or index.mean is None or not words:
        return None
    from talentradar.search import embedder

    raw = embedder.embedder().embed(words, normalise=False)
    vector = np.asarray(weights, dtype=np.float32) @ raw
    norm = float(np.linalg.norm(vector))
    if not norm:
        return None
    vector = vector / norm - index.mean
    norm = float(np.linalg.norm(vector))
    return (vector / norm).astype(np.float32) if norm else None


def embed(index: Index, text: str, drop: frozenset[int] = frozenset()) -> np.ndarray | None:
    """The query's embedding in the index's (centred) space; None without paper vectors."""
    if index.vectors is None or index.mean is None:
        return None
    from talentradar.search import embedder

    vector = embedder.embedder().embed([text], drop)[0] - index.mean
    norm = float(np.linalg.norm(vector))
    return (vector / norm).astype(np.float32) if norm else None


def query_terms(store: Store, text: str) -> list[str]:
    """The query's words, stemmed and stop-worded as the index was."""
    return query_terms_many(store, [text])[0]


def query_terms_many(store: Store, texts: list[str]) -> list[list[str]]:
    """Each text's words (accents stripped, split on non-letters, stop-worded), stemmed as the
    index was, distinct, in order; one round trip to the stemmer for all texts."""
    stop = _stopwords()
    words = [
        [w for w in re.sub("[^a-z]+", " ", _strip_accents(t.lower())).split() if w not in stop]
        for t in texts
    ]
    distinct = sorted({w for ws in words for w in ws})
    if not distinct:
        return [[] for _ in texts]
    fulltext.load(store)
    rows = store.query(
        "SELECT w, stem(w, 'english') AS term FROM (SELECT unnest(?::VARCHAR[]) AS w)", [distinct]
    )
    stems = {r["w"]: r["term"] for r in rows}
    return [list(dict.fromkeys(stems[w] for w in ws)) for ws in words]


@cache
def _stopwords() -> frozenset[str]:
    return frozenset(fulltext.stopwords())


def _strip_accents(text: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFKD", text) if not unicodedata.combining(c))


def bm25(index: Index, terms: list[str], limit: int) -> tuple[np.ndarray, np.ndarray]:
    """(paper ids, scores) of the best ``limit`` papers by BM25."""
    scores = bm25_scores(index, terms)
    rows = top_rows(scores, limit)
    return index.paper_ids[rows], scores[rows]


def bm25_scores(index: Index, terms: list[str]) -> np.ndarray:
    """BM25 score of every paper (in index order) for ``terms``."""
    n = len(index.lengths)
    cols = [index.term_ids[t] for t in terms if t in index.term_ids]
    if not cols:
        return np.zeros(n, dtype=np.float32)
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
    return scores


def lexical(
    index: Index, wordings: list[list[str]], phrases: tuple[str, ...], limit: int
) -> tuple[np.ndarray, np.ndarray, np.ndarray]:
    """(paper rows, BM25 scores) of the best ``limit`` papers for a topic's wordings, and the
    coverage of every paper (index order).

    BM25 is over the terms of every wording. Coverage is the share of a wording's weight (the
    IDF of its terms) that the paper holds, the best over wordings. Papers are ranked by
    BM25 × coverage, so one common word of a several-word topic does not make a match; among
    them, a title holding a phrase of the topic word for word scores ``PHRASE_BONUS`` × more."""
    union = list(dict.fromkeys(t for w in wordings for t in w))
    scores = bm25_scores(index, union)
    cover = np.zeros(len(scores), dtype=np.float32)
    for wording in wordings:
        cover = np.maximum(cover, _coverage(index, wording))
    rows = top_rows(scores * cover, limit)
    full = rows[cover[rows] >= FULL]  # a title holding a phrase holds all its terms
    if phrases and len(full):
        held = np.fromiter(
            (any(ph in index.titles[r] for ph in phrases) for r in full),
            dtype=bool,
            count=len(full),
        )
        scores[full[held]] *= PHRASE_BONUS
    return rows, scores[rows], cover


def _coverage(index: Index, wording: list[str]) -> np.ndarray:
    """Per paper, the IDF share of the wording's terms it holds (a term the corpus lacks
    counts as missing, with the mean weight of the others)."""
    n = len(index.lengths)
    terms = list(dict.fromkeys(wording))
    cols = [index.term_ids[t] for t in terms if t in index.term_ids]
    share = np.zeros(n, dtype=np.float32)
    if not cols:
        return share
    idf = np.array([_idf(index, c) for c in cols], dtype=np.float32)
    total = idf.sum() + idf.mean() * (len(terms) - len(cols))
    for c, weight in zip(cols, idf / total, strict=True):
        start, end = index.postings.indptr[c], index.postings.indptr[c + 1]
        share[index.postings.indices[start:end]] += weight
    return share


def _idf(index: Index, column: int) -> float:
    n = len(index.lengths)
    return float(np.log((n - index.df[column] + 0.5) / (index.df[column] + 0.5) + 1))


def rows_of(index: Index, ids: np.ndarray) -> np.ndarray:
    if index.row_of is None:
        index.row_of = {p: i for i, p in enumerate(index.paper_ids)}
    return np.fromiter((index.row_of[p] for p in ids), dtype=np.int64, count=len(ids))


def cosine(index: Index, vector: np.ndarray, limit: int) -> tuple[np.ndarray, np.ndarray]:
    """(paper rows, cosines) of the ``limit`` papers nearest to ``vector``."""
    if index.vectors is None:
        return np.array([], dtype=np.int64), np.array([], dtype=np.float32)
    scores = index.vectors @ np.asarray(vector, dtype=np.float32)
    rows = top_rows(scores, limit)
    return rows, scores[rows]


def top_rows(scores: np.ndarray, limit: int) -> np.ndarray:
    """Rows of the best ``limit`` positive scores, best first (ties by row)."""
    positive = np.flatnonzero(scores > 0)
    if len(positive) > limit:
        positive = positive[np.argpartition(-scores[positive], limit)[:limit]]
    return positive[np.argsort(-scores[positive], kind="stable")]
