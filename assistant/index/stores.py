"""The keyword index beside the catalog (bm25s); the dense vectors are in vectors.py."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from assistant.ingest.chunk import Chunk

if TYPE_CHECKING:
    import bm25s

BM25_PREFIX = "bm25-"


# --- BM25 ----------------------------------------------------------------------------------------


def _tokenize(texts: list[str], return_ids: bool = True):  # type: ignore[no-untyped-def]
    import bm25s
    import Stemmer

    return bm25s.tokenize(
        texts, stopwords="en", stemmer=Stemmer.Stemmer("english"), show_progress=False, return_ids=return_ids
    )


def build_bm25(chunks: list[Chunk], target: Path) -> None:
    """Write a keyword index over the chunks into a new folder; the catalog decides when it goes live."""
    import bm25s

    target.mkdir(parents=True, exist_ok=True)
    retriever = bm25s.BM25()
    if chunks:
        retriever.index(_tokenize([chunk.embedding_text() for chunk in chunks]), show_progress=False)
        retriever.save(str(target))
    (target / "chunk_ids.json").write_text(json.dumps([chunk.id for chunk in chunks]))


class KeywordIndex:
    """A loaded BM25 index that scores every chunk for a query, optionally within some guides."""

    def __init__(self, folder: Path) -> None:
        import bm25s

        self.chunk_ids: list[str] = json.loads((folder / "chunk_ids.json").read_text())
        self._guide_of = np.array([chunk_id.split("#", 1)[0] for chunk_id in self.chunk_ids])
        self._bm25: bm25s.BM25 | None = bm25s.BM25.load(str(folder)) if self.chunk_ids else None

    def search(self, query: str, k: int, guide_ids: list[str] | None = None) -> list[tuple[str, float]]:
        if self._bm25 is None:
            return []
        tokens = _tokenize([query], return_ids=False)[0]
        mask = np.isin(self._guide_of, guide_ids).astype(np.float32) if guide_ids else None
        scores = self._bm25.get_scores(tokens, weight_mask=mask) if tokens else np.zeros(len(self.chunk_ids))
        top = np.argsort(-scores)[:k]
        return [(self.chunk_ids[i], float(scores[i])) for i in top if scores[i] > 0]


def bm25_folder(index_dir: Path, generation: str) -> Path:
    return index_dir / f"{BM25_PREFIX}{generation}"


def remove_stale_bm25(index_dir: Path, live_generation: str | None) -> None:
    for folder in index_dir.glob(f"{BM25_PREFIX}*"):
        if folder.name != f"{BM25_PREFIX}{live_generation}":
            shutil.rmtree(folder, ignore_errors=True)
