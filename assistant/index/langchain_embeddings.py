"""The packaged MiniLM as LangChain `Embeddings`, for a LangChain vector store, retriever or pipeline.

The product calls `MiniLMEmbeddings` directly (it imports no LangChain, so an answer starts without it); this
adapter is the same model behind LangChain's interface, async methods included (LangChain's base runs the sync
ones on an executor).
"""

from __future__ import annotations

from langchain_core.embeddings import Embeddings

from assistant.index.embeddings import MiniLMEmbeddings


class LangChainMiniLM(Embeddings):
    """`MiniLMEmbeddings.as_langchain()`: documents embedded as the index embeds chunks, queries remembered."""

    def __init__(self, model: MiniLMEmbeddings) -> None:
        self.model = model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.model.embed_documents(texts)

    def embed_query(self, text: str) -> list[float]:
        return self.model.embed_query(text)
