"""Stage 4: find the passages and figures that answer a question.

`HybridRetriever` is a LangChain retriever: dense search in Chroma and keyword
search in BM25, fused by reciprocal rank, optionally restricted to the guides
the question names. Figures are never retrieved by similarity: they are looked
up exactly in the catalog.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Any

import numpy as np
from langchain_core.callbacks import CallbackManagerForRetrieverRun
from langchain_core.documents import Document
from langchain_core.retrievers import BaseRetriever
from pydantic import ConfigDict

from assistant.errors import AssistantError, IndexMissingError
from assistant.index.catalog import CATALOG_FILE, Catalog
from assistant.index.embeddings import MiniLMEmbeddings
from assistant.index.stores import KeywordIndex, bm25_folder, open_vector_store
from assistant.ingest.chunk import Chunk
from assistant.retrieve.vocabulary import Vocabulary

RRF_K = 60  # the usual reciprocal-rank-fusion constant: damps the weight of any single ranking


class IndexReader:
    """Read access to a built index; heavy parts (model, Chroma) load on first use."""

    def __init__(self, index_dir: Path, embeddings: MiniLMEmbeddings | None = None) -> None:
        if not (index_dir / CATALOG_FILE).exists():
            raise IndexMissingError(index_dir)
        self.index_dir = index_dir
        self.catalog = Catalog(index_dir)
        if self.catalog.guide_count() == 0:
            raise IndexMissingError(index_dir)
        self.embeddings = embeddings or MiniLMEmbeddings()
        built_with = self.catalog.meta("embedder")
        if built_with and built_with != self.embeddings.signature:
            raise AssistantError(
                f"The index in {index_dir} was built with {built_with}, not {self.embeddings.signature}: "
                "run `assistant ingest` to rebuild it."
            )
        self.generation = self.catalog.meta("bm25_generation") or ""

    @cached_property
    def vocabulary(self) -> Vocabulary:
        return Vocabulary.build(self.catalog.guides())

    @cached_property
    def guide_names(self) -> list[tuple[str, str, str, str, str]]:
        return self.catalog.guide_names()

    @cached_property
    def keywords(self) -> KeywordIndex:
        return KeywordIndex(bm25_folder(self.index_dir, self.generation))

    @cached_property
    def vectors(self) -> Any:
        return open_vector_store(self.index_dir, self.embeddings)

    def guide_ids_for(self, companies: list[str], roles: list[str]) -> list[str]:
        return [
            guide_id
            for guide_id, _company, company_slug, _role, role_slug in self.guide_names
            if (not companies or company_slug in companies) and (not roles or role_slug in roles)
        ]

    def retriever(self, k: int = 8) -> HybridRetriever:
        return HybridRetriever(reader=self, k=k)

    @property
    def warm(self) -> bool:
        """Whether the model, Chroma and BM25 are all loaded, so a question pays none of their start-up time."""
        return self.embeddings.loaded and "vectors" in self.__dict__ and "keywords" in self.__dict__

    def warm_up(self) -> None:
        """Load the model, Chroma and BM25 now rather than on the first question."""
        self.retriever().invoke("warm up")


class HybridRetriever(BaseRetriever):
    """Dense + BM25, fused; pass `guide_ids=[...]` to invoke() to search only those guides."""

    model_config = ConfigDict(arbitrary_types_allowed=True)
    reader: IndexReader
    k: int = 8
    fetch_k: int = 30

    def _get_relevant_documents(
        self, query: str, *, run_manager: CallbackManagerForRetrieverRun, guide_ids: list[str] | None = None
    ) -> list[Document]:
        ranked = fuse([self._dense(query, guide_ids), self._keyword(query, guide_ids)])
        live = self.reader.catalog.chunks_by_id([chunk_id for chunk_id, _ in ranked[: self.k * 2]])
        documents = [_document(live[chunk_id], score) for chunk_id, score in ranked if chunk_id in live]
        return documents[: self.k]

    def _dense(self, query: str, guide_ids: list[str] | None) -> list[str]:
        if guide_ids:
            return self._dense_within(query, guide_ids)
        hits = self.reader.vectors.similarity_search_with_score(query, k=self.fetch_k)
        return [document.id for document, _distance in hits if document.id]

    def _dense_within(self, query: str, guide_ids: list[str]) -> list[str]:
        """Known guides: score their few chunk vectors directly. A metadata-filtered ANN query costs
        tens of milliseconds at 60,000 vectors; fetching a dozen vectors by id costs about one."""
        chunk_ids = self.reader.catalog.chunk_ids_of(guide_ids)
        if not chunk_ids:
            return []
        stored = self.reader.vectors.get(ids=chunk_ids, include=["embeddings"])
        vectors = np.asarray(stored["embeddings"], dtype=np.float32)
        scores = vectors @ np.asarray(self.reader.embeddings.embed_query(query), dtype=np.float32)
        order = np.argsort(-scores)[: self.fetch_k]
        return [stored["ids"][i] for i in order]

    def _keyword(self, query: str, guide_ids: list[str] | None) -> list[str]:
        return [chunk_id for chunk_id, _score in self.reader.keywords.search(query, self.fetch_k, guide_ids)]


def fuse(rankings: list[list[str]]) -> list[tuple[str, float]]:
    """Reciprocal rank fusion: a chunk near the top of either list rises."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, chunk_id in enumerate(ranking):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank + 1)
    return sorted(scores.items(), key=lambda item: item[1], reverse=True)


def _document(chunk: Chunk, score: float) -> Document:
    metadata = chunk.model_dump(exclude={"text"})
    metadata["score"] = score
    return Document(id=chunk.id, page_content=chunk.text, metadata=metadata)


def chunk_of(document: Document) -> Chunk:
    return Chunk(text=document.page_content, **{k: v for k, v in document.metadata.items() if k != "score"})
