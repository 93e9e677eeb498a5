"""The static sentence-embedding model: loads only when a search needs it, and embeds sensibly."""

from __future__ import annotations

import subprocess
import sys

import numpy as np
import pytest

from talentradar.search import embedder


def test_import_and_cli_do_not_load_the_model_or_torch() -> None:
    code = (
        "import sys, talentradar, talentradar.cli, talentradar.analytics.scout, "
        "talentradar.api.app; "
        "from click.testing import CliRunner; "
        "CliRunner().invoke(talentradar.cli.cli, ['--help']); "
        "bad = [m for m in ('torch', 'transformers', 'tokenizers', 'sentence_transformers') "
        "if m in sys.modules]; "
        "print(bad); sys.exit(1 if bad or embedder_loaded() else 0)"
    ).replace(
        "embedder_loaded()",
        "__import__('talentradar.search.embedder', fromlist=['x'])._LOADED",
    )
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert done.returncode == 0, done.stdout + done.stderr


@pytest.fixture(scope="module")
def model() -> embedder.StaticEmbedder:
    if not embedder.available():
        pytest.skip("the embeddings extra is not installed")
    return embedder.embedder()


def test_related_titles_are_nearer_than_unrelated_ones(model) -> None:
    texts = [
        "protein structure prediction",
        "predicting the 3D folding of proteins from sequence",
        "text-to-speech",
        "neural speech synthesis with a vocoder",
        "image classification benchmark",
    ]
    v = model.embed(texts)
    sims = v @ v.T
    assert np.allclose(np.linalg.norm(v, axis=1), 1.0, atol=1e-5)
    assert sims[0, 1] > max(sims[0, 2], sims[0, 3], sims[0, 4])
    assert sims[2, 3] > max(sims[2, 0], sims[2, 1], sims[2, 4])


def test_an_empty_text_embeds_to_zeros(model) -> None:
    out = model.embed(["", "graph neural networks"])
    assert not out[0].any() and out[1].any()


def test_word_piece_counts_equal_the_tokenizers(model) -> None:
    texts = [
        "Hello, World! (x_1) pre-training of BERT's heads: 3.14e-10 & C++/C#",
        "Unsqueeze [CLS] Bottleneck and [MASK] tokens",  # special tokens: the tokenizer's way
        "a" * 150 + " word",  # a word over 100 characters is one unknown piece
        "naïve café — “quoted” 汉字",  # not ASCII
        "",
        " \t\n ",
        "odd\x7fcontrol\x01chars",
        "Repeated words repeated WORDS repeated",
    ]
    size = model.vectors.shape[0]
    ours = model.piece_counts(texts)
    theirs = embedder._counts(model.token_ids(texts), size)
    difference = ours - theirs
    difference.eliminate_zeros()
    assert ours.shape == (len(texts), size) and ours.sum() > 50
    assert difference.nnz == 0
