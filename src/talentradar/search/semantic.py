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
CHUNK = 5_000
"""Texts embedded at a time (the tokeniser's output for a chunk is held whole)."""

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
    texts = titles + [r or "" for r in papers.column("rest").to_pylist()]
    vectors, embedded = cached_embeddings(store, texts)
    del texts
    half = len(vectors) // 2
    # in place, one array at a time: the step runs beside the linkage, and memory is shared
    combined = vectors[half:]
    combined *= REST_WEIGHT
    combined += vectors[:half]
    norms = np.linalg.norm(combined, axis=1, keepdims=True)
    norms[norms == 0] = 1.0
    combined /= norms
    dims = combined.shape[1] if combined.ndim == 2 else embedder.DIMENSIONS
    store.replace_table(
        "paper_vectors",
        pa.table(
            {
                "paper_id": papers.column("paper_id"),
                "vec": pa.FixedSizeListArray.from_arrays(
                    pa.array(np.ascontiguousarray(combined).ravel(), pa.float32()), dims
                ),
            }
        ),
    )
    return {"papers": papers.num_rows, "texts_embedded": embedded}


def cached_embeddings(store: Store, texts: list[str]) -> tuple[np.ndarray, int]:
    """Embeddings of ``texts`` (empty text → zeros), from the cache where present; the new ones
    are embedded and added to the cache. Returns (vectors, number newly embedded)."""
    model = embedder.VERSION
    dims = embedder.DIMENSIONS
    keys = [text_key(t) if t else "" for t in texts]
    unique = {k: i for i, k in enumerate(dict.fromkeys(k for k in keys if k))}
    store.register("wanted_keys", pa.table({"key": pa.array(list(unique), pa.string())}))
    try:
        found = store.arrow(
            "SELECT c.key, c.vec FROM embedding_cache c JOIN wanted_keys w USING (key) "
            "WHERE c.model = ?",
            [model],
        )
    finally:
        store.unregister("wanted_keys")
    # one row per distinct text, then one per text (row len(unique) stays zeros: no text)
    distinct = np.zeros((len(unique) + 1, dims), dtype=np.float32)
    found_at = [unique[k] for k in found.column("key").to_pylist()]
    if found_at:
        distinct[found_at] = _matrix(found.column("vec"), dims)
    del found
    known = set(found_at)
    first = {k: t for k, t in zip(keys, texts, strict=True) if k}
    missing = [k for k in unique if unique[k] not in known]
    if missing:
        new = _embed_chunks([first[k] for k in missing])
        _remember(store, model, missing, new)
        distinct[[unique[k] for k in missing]] = new
        del new
    slot = np.fromiter((unique.get(k, len(unique)) for k in keys), dtype=np.int64, count=len(keys))
    return distinct[slot], len(missing)


def _embed_chunks(texts: list[str]) -> np.ndarray:
    model = embedder.embedder()
    out = np.empty((len(texts), embedder.DIMENSIONS), dtype=np.float32)
    for i in range(0, len(texts), CHUNK):
        out[i : i + CHUNK] = model.embed(texts[i : i + CHUNK])
    return out


def _remember(store: Store, model: str, keys: list[str], vectors: np.ndarray) -> None:
    n, dims = vectors.shape
    offsets = pa.array(np.arange(0, n * dims + 1, dims, dtype=np.int32))
    table = pa.table(
        {
            "model": pa.array([model] * n, pa.string()),
            "key": pa.array(keys, pa.string()),
            "vec": pa.ListArray.from_arrays(offsets, pa.array(vectors.ravel(), pa.float32())),
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
    return flat.reshape(-1, dims).astype(np.float32, copy=False)


def dimensions(store: Store) -> int:
    row = store.query("SELECT array_length(vec) AS n FROM paper_vectors LIMIT 1")
    return int(row[0]["n"]) if row else embedder.DIMENSIONS


def describe(store: Store) -> dict[str, Any]:
    return {
        **embedder.describe(),
        "papers": store.query("SELECT count(*) AS n FROM paper_vectors")[0]["n"],
        "cached_texts": store.query("SELECT count(*) AS n FROM embedding_cache")[0]["n"],
    }
