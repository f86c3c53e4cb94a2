"""The keyword index beside the catalog (bm25s); the dense vectors are in vectors.py."""

from __future__ import annotations

import json
import shutil
from pathlib import Path
from typing import TYPE_CHECKING

import numpy as np

from assistant.ingest.chunk import Chunk, guide_id_of

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
    """A loaded BM25 index that scores chunks for a query, all of them or only some guides'.

    Scores are read straight from bm25s's precomputed per-token columns: np.bincount over the query tokens'
    postings for the whole index (bm25s's own np.add.at takes ~100 ms at 600,000 chunks), and a binary search
    per token for a few guides' rows, so a question about one company costs microseconds, not a full pass.
    """

    def __init__(self, folder: Path) -> None:
        import bm25s

        self.chunk_ids: list[str] = json.loads((folder / "chunk_ids.json").read_text())
        self._bm25: bm25s.BM25 | None = bm25s.BM25.load(str(folder)) if self.chunk_ids else None
        self._rows_of = _rows_by_guide(self.chunk_ids)
        self._sorted_columns: dict[int, bool] = {}  # binary search needs a token's document ids in order

    def search(self, query: str, k: int, guide_ids: list[str] | None = None) -> list[tuple[str, float]]:
        if self._bm25 is None:
            return []
        token_ids = self._bm25.get_tokens_ids(_tokenize([query], return_ids=False)[0])
        if not token_ids:
            return []
        if guide_ids:
            rows = np.concatenate([self._rows_of.get(guide_id, _NO_ROWS) for guide_id in guide_ids])
            scores = self._scores_within(token_ids, rows)
        else:
            rows = np.arange(len(self.chunk_ids))
            scores = self._scores_everywhere(token_ids)
        return [(self.chunk_ids[rows[i]], float(scores[i])) for i in _top(scores, k) if scores[i] > 0]

    def _scores_everywhere(self, token_ids: list[int]) -> np.ndarray:
        assert self._bm25 is not None
        if self._bm25.nonoccurrence_array is not None:  # BM25 variants that score absent tokens: bm25s itself
            return np.asarray(self._bm25.get_scores(token_ids))
        data, indices, indptr = (self._bm25.scores[key] for key in ("data", "indices", "indptr"))
        spans = [slice(indptr[token], indptr[token + 1]) for token in token_ids]
        documents = np.concatenate([indices[span] for span in spans])
        weights = np.concatenate([data[span] for span in spans])
        return np.bincount(documents, weights=weights, minlength=self._bm25.scores["num_docs"])

    def _scores_within(self, token_ids: list[int], rows: np.ndarray) -> np.ndarray:
        assert self._bm25 is not None
        data, indices, indptr = (self._bm25.scores[key] for key in ("data", "indices", "indptr"))
        if self._bm25.nonoccurrence_array is not None or not all(self._sorted(t, indices, indptr) for t in token_ids):
            return self._scores_everywhere(token_ids)[rows]
        scores = np.zeros(len(rows))
        for token in token_ids:
            start, end = int(indptr[token]), int(indptr[token + 1])
            if end == start:
                continue
            positions = np.minimum(np.searchsorted(indices[start:end], rows), end - start - 1)
            found = indices[start + positions] == rows
            scores[found] += data[start + positions[found]]
        return scores

    def _sorted(self, token: int, indices: np.ndarray, indptr: np.ndarray) -> bool:
        if token not in self._sorted_columns:  # checked once per token: bm25s writes them sorted, but doesn't say so
            column = indices[indptr[token] : indptr[token + 1]]
            self._sorted_columns[token] = bool(np.all(column[1:] > column[:-1]))
        return self._sorted_columns[token]


_NO_ROWS = np.zeros(0, dtype=np.int64)


def _rows_by_guide(chunk_ids: list[str]) -> dict[str, np.ndarray]:
    rows: dict[str, list[int]] = {}
    for row, chunk_id in enumerate(chunk_ids):
        rows.setdefault(guide_id_of(chunk_id), []).append(row)
    return {guide_id: np.asarray(found, dtype=np.int64) for guide_id, found in rows.items()}


def _top(scores: np.ndarray, k: int) -> np.ndarray:
    """Indices of the k highest scores, best first, without sorting the whole array."""
    if len(scores) > k:
        best = np.argpartition(-scores, k)[:k]
        return best[np.argsort(-scores[best], kind="stable")]
    return np.argsort(-scores, kind="stable")


def bm25_folder(index_dir: Path, generation: str) -> Path:
    return index_dir / f"{BM25_PREFIX}{generation}"


def remove_stale_bm25(index_dir: Path, live_generation: str | None) -> None:
    for folder in index_dir.glob(f"{BM25_PREFIX}*"):
        if folder.name != f"{BM25_PREFIX}{live_generation}":
            shutil.rmtree(folder, ignore_errors=True)
