"""Paper embeddings for semantic search, kept by text across builds.

A paper's vector is the normalised sum of its title's embedding and half its keywords' and
abstract's embedding (the title says what the paper is about; an abstract adds words but
dilutes it). Embeddings come from the static MiniLM model (``search.embedder``) and are kept
in ``embedding_cache`` by (model version, text hash), which the build carries from the
previous radar: a rebuild embeds only texts it has not seen. ``paper_vectors`` (paper_id, vec) is what searches load.
"""

from __future__ import annotations

import hashlib
from typing import Any

import numpy as np
import pyarrow as pa

from talentradar.search import embedder
from talentradar.store import Store

REST_WEIGHT = 0.5
"""Weight of the keywords-and-abstract embedding next to the title's."""
CHUNK = 20_000

TEXTS_SQL = """
SELECT paper_id, title, trim(keywords || ' ' || abstract) AS rest FROM paper_text ORDER BY paper_id
"""
CACHE_SQL = """
CREATE TABLE IF NOT EXISTS embedding_cache (model VARCHAR, key VARCHAR, vec FLOAT[])
"""


def text_key(text: str) -> str:
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def build(store: Store) -> dict[str, int]:
    """Embed every paper of ``paper_text`` (new texts only) into ``paper_vectors``; counts."""
    store.execute(CACHE_SQL)
    papers = store.arrow(TEXTS_SQL)
    titles = [t or "" for t in papers.column("title").to_pylist()]
    rests = [r or "" for r in papers.column("rest").to_pylist()]
    vectors, embedded = cached_embeddings(store, titles + rests)
    title_vecs, rest_vecs = vectors[: len(titles)], vectors[len(titles) :]
    combined = title_vecs + REST_WEIGHT * rest_vecs
    norms = np.linalg.norm(combined, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    combined = (combined / norms).astype(np.float32)
    dims = combined.shape[1] if combined.ndim == 2 else embedder.DIMENSIONS
    store.replace_table(
        "paper_vectors",
        pa.table(
            {
                "paper_id": papers.column("paper_id"),
                "vec": pa.FixedSizeListArray.from_arrays(
                    pa.array(combined.ravel(), pa.float32()), dims
                ),
            }
        ),
    )
    return {"papers": papers.num_rows, "texts_embedded": embedded}


def cached_embeddings(store: Store, texts: list[str]) -> tuple[np.ndarray, int]:
    """Embeddings of ``texts`` (empty text → zeros), from the cache where present; the new ones
    are embedded and added to the cache. Returns (vectors, number newly embedded)."""
    model = embedder.VERSION
    keys = [text_key(t) for t in texts]
    unique = dict.fromkeys(k for k, t in zip(keys, texts, strict=True) if t)
    store.register("wanted_keys", pa.table({"key": pa.array(list(unique), pa.string())}))
    try:
        found = store.arrow(
            "SELECT c.key, c.vec FROM embedding_cache c JOIN wanted_keys w USING (key) "
            "WHERE c.model = ?",
            [model],
        )
    finally:
        store.unregister("wanted_keys")
    dims = embedder.DIMENSIONS
    known: dict[str, int] = {k: i for i, k in enumerate(found.column("key").to_pylist())}
    matrix = _matrix(found.column("vec"), dims)
    first = {k: t for k, t in zip(keys, texts, strict=True) if t}
    missing = [k for k in unique if k not in known]
    if missing:
        new = _embed_chunks([first[k] for k in missing])
        _remember(store, model, missing, new)
        known.update({k: len(matrix) + i for i, k in enumerate(missing)})
        matrix = np.vstack([matrix, new]) if len(matrix) else new
    out = np.zeros((len(texts), dims), dtype=np.float32)
    rows = [(i, known[k]) for i, (k, t) in enumerate(zip(keys, texts, strict=True)) if t]
    if rows:
        at, src = np.array(rows).T
        out[at] = matrix[src]
    return out, len(missing)


def _embed_chunks(texts: list[str]) -> np.ndarray:
    model = embedder.embedder()
    parts = [model.embed(texts[i : i + CHUNK]) for i in range(0, len(texts), CHUNK)]
    return np.vstack(parts).astype(np.float32)


def _remember(store: Store, model: str, keys: list[str], vectors: np.ndarray) -> None:
    table = pa.table(
        {
            "model": pa.array([model] * len(keys), pa.string()),
            "key": pa.array(keys, pa.string()),
            "vec": pa.array(list(vectors), pa.list_(pa.float32())),
        }
    )
    store.register("new_embeddings", table)
    try:
        store.execute("INSERT INTO embedding_cache SELECT model, key, vec FROM new_embeddings")
    finally:
        store.unregister("new_embeddings")


def _matrix(column: Any, dims: int) -> np.ndarray:
    if len(column) == 0:
        return np.zeros((0, dims), dtype=np.float32)
    flat = column.combine_chunks().flatten().to_numpy(zero_copy_only=False)
    return flat.reshape(-1, dims).astype(np.float32)


def dimensions(store: Store) -> int:
    row = store.query("SELECT array_length(vec) AS n FROM paper_vectors LIMIT 1")
    return int(row[0]["n"]) if row else embedder.DIMENSIONS


def describe(store: Store) -> dict[str, Any]:
    return {
        **embedder.describe(),
        "papers": store.query("SELECT count(*) AS n FROM paper_vectors")[0]["n"],
        "cached_texts": store.query("SELECT count(*) AS n FROM embedding_cache")[0]["n"],
    }
