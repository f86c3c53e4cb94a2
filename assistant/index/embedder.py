"""The embedding model as an ingest sees it: its signature at once, the model itself only when a chunk is embedded.

Apart from embeddings.py, which imports numpy, tokenizers and onnxruntime when the model loads (seconds on a busy
machine): an ingest with nothing to embed, the no-op re-ingest above all, compares the index's signature with this
one and never needs the model.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    from assistant.index.embeddings import MiniLMEmbeddings

MODEL_NAME = "all-MiniLM-L6-v2"
DEFAULT_MAX_TOKENS = 64  # only the start of each chunk is embedded; BM25 sees the whole text
# An ingest embeds in batches of this many texts on this many onnxruntime threads: the fastest on 2 cores
# (benchmarks/ingest.py --sweep on the corpus twin, 2026-12-03: 106 chunks/s against 90 at batches of 128, since
# batches of length-sorted chunks carry less padding the smaller they are; one thread 48-58). README has the table.
INGEST_BATCH, INGEST_THREADS = 16, 2


def signature_of(max_tokens: int) -> str:
    """Identifies the vectors the model produces; an index built with another signature must be rebuilt."""
    return f"{MODEL_NAME}:max{max_tokens}:onnx"


class Embedder(Protocol):
    """What an ingest asks of its embedding model (MiniLMEmbeddings, or OnDemandEmbeddings in front of it)."""

    @property
    def signature(self) -> str: ...

    def load(self) -> object: ...

    def embed_documents(self, texts: list[str]) -> list[list[float]]: ...


class OnDemandEmbeddings:
    """The ingest's own MiniLM (INGEST_BATCH, INGEST_THREADS), made the first time a text is embedded."""

    def __init__(self) -> None:
        self._model: MiniLMEmbeddings | None = None

    @property
    def signature(self) -> str:
        return signature_of(DEFAULT_MAX_TOKENS)

    def load(self) -> object:
        return self._made().load()

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self._made().embed_documents(texts)

    def _made(self) -> MiniLMEmbeddings:
        if self._model is None:
            from assistant.index.embeddings import MiniLMEmbeddings

            self._model = MiniLMEmbeddings(DEFAULT_MAX_TOKENS, batch_size=INGEST_BATCH, threads=INGEST_THREADS)
        return self._model
