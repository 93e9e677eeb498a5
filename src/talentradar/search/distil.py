"""``python -m talentradar.search.distil``: distil the static embedding model (make install)."""

from __future__ import annotations

import sys

from talentradar.search import embedder


def main() -> int:
    path = embedder.model_path()
    if (path / "vectors.npy").exists():
        sys.stderr.write(f"static embedding model present: {path}\n")
        return 0
    sys.stderr.write(f"distilling the static embedding model into {path}\n")
    embedder.distil(path)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
