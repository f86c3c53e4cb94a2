"""The index's hybrid search as a LangChain retriever, for LangChain pipelines.

The answer pipeline calls `IndexReader.search` directly; this adapter gives the same results as LangChain
`Document`s (the chunk's text, its metadata and the fused score), so a LangChain user can put the index in an
LCEL chain. Tracing and callbacks see the retrieval as a retriever run.
"""

from __future__ import annotations

from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.retrieve.retriever import IndexReader, ScoredChunk


class HybridRetriever(BaseRetriever):
    """Dense + BM25, fused; pass `guide_ids=[...]` to invoke() to search only those guides."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    reader: IndexReader
    k: int = 8
    dense: bool = True  # False: BM25 alone, and the embedding model is never touched

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, guide_ids: list[str] | None = None
    ) -> list[Document]:
        return [as_document(found) for found in self.reader.search(query, self.k, self.dense, guide_ids)]


def as_document(found: ScoredChunk) -> Document:
    metadata = found.chunk.model_dump(exclude={"text"})
    metadata["score"] = found.score
    return Document(id=found.chunk.id, page_content=found.chunk.text, metadata=metadata)
