"""Stage 4: find the passages and figures that answer a question.

`IndexReader.search` is hybrid: dense search in Chroma and keyword search in BM25, fused by reciprocal rank,
optionally restricted to the guides the question names. Figures are never retrieved by similarity: they are
looked up exactly in the catalog. When the vector store is unreachable or has lost vectors, search goes on with
BM25 alone and the answer carries a warning. This module imports no LangChain: an offline answer is plain Python
and starts without it (benchmarks/startup.py). `retrieve/hybrid.py` offers the same search as a LangChain
retriever.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cached_property
from pathlib import Path
from typing import TypeVar

import numpy as np
from pydantic import BaseModel

from assistant.errors import AssistantError, IndexMissingError
from assistant.index.catalog import CATALOG_FILE, Catalog
from assistant.index.drift import LiveVectors, VectorDrift
from assistant.index.embeddings import MiniLMEmbeddings
from assistant.index.live import committed_generation
from assistant.index.stores import KeywordIndex, bm25_folder
from assistant.index.vectors import VectorConfig, VectorStore, VectorStoreUnavailable
from assistant.index.vocabulary_cache import cached_vocabulary
from assistant.ingest.chunk import Chunk
from assistant.response import AnswerWarning, WarningKind
from assistant.retrieve.meaning import ModelLoading, Ranking, ranking_for, will_rank_by_meaning
from assistant.vocabulary.names import Vocabulary

T = TypeVar("T")

RRF_K = 60  # the usual reciprocal-rank-fusion constant: damps the weight of any single ranking
FETCH_K = 30  # candidates each ranking contributes before fusion
# At most this many chunks of named guides are embedded on the spot rather than read from an unopened store:
# about half a second of the model on one thread, the cost of opening the store.
EMBEDDED_ON_THE_SPOT = 24


class ScoredChunk(BaseModel):
    """One passage a search found, with its fused score (higher ranks first)."""

    chunk: Chunk
    score: float


class IndexReader:
    """Read access to a built index; heavy parts (model, Chroma) load on first use, the model only when a question
    needs it (`model_loading`: see retrieve/meaning.py)."""

    def __init__(
        self,
        index_dir: Path,
        embeddings: MiniLMEmbeddings | None = None,
        vectors: VectorConfig | None = None,
        model_loading: ModelLoading = ModelLoading.on_demand,
    ) -> None:
        if not (index_dir / CATALOG_FILE).exists():
            raise IndexMissingError(index_dir)
        self.index_dir = index_dir
        self.catalog = Catalog(index_dir, read_only=True)  # answering writes nothing: a read-only index answers
        if self.catalog.guide_count() == 0:
            raise IndexMissingError(index_dir)
        self.embeddings = embeddings or MiniLMEmbeddings()
        self.model_loading = model_loading
        built_with = self.catalog.meta("embedder")
        if built_with and built_with != self.embeddings.signature:
            raise AssistantError(
                f"The index in {index_dir} was built with {built_with}, not {self.embeddings.signature}: "
                "run `assistant ingest` to rebuild it."
            )
        self.generation = committed_generation(self.catalog)
        self.keyword_generation = self.catalog.meta("bm25_generation") or ""
        self.live_vectors = LiveVectors(index_dir, vectors or VectorConfig(), self.catalog)

    def close(self) -> None:
        self.live_vectors.close()
        self.catalog.close()

    @cached_property
    def vocabulary(self) -> Vocabulary:
        """Every name the index answers for: saved beside the catalog by the generation's first reader."""
        return cached_vocabulary(self.index_dir, self.generation, lambda: Vocabulary.build(self.catalog.names()))

    @cached_property
    def guide_names(self) -> list[tuple[str, str, str, str, str]]:
        return self.catalog.guide_names()

    @cached_property
    def covered_companies(self) -> list[str]:
        """Every company the index has a guide for, by name (read once: at 50,000 guides a sort per question
        cost 5 ms)."""
        return sorted({company for _id, company, _slug, _role, _role_slug in self.guide_names})

    @cached_property
    def keywords(self) -> KeywordIndex:
        return KeywordIndex(bm25_folder(self.index_dir, self.keyword_generation))

    def ranking(self, ranks_by_meaning: bool, searches_whole_index: bool = True) -> Ranking:
        """Whether this question's passages are ranked by meaning too; may load the model (retrieve/meaning.py).

        A question ranked by meaning across the whole index will search the store, and opening it the first time
        costs about a second of CPU (Chroma's import): that starts on a thread of its own now, beside the model's
        load (onnxruntime runs without Python's lock), not after it. A question about named guides needs no store
        in a process that has not opened it (`_guide_vectors`)."""
        if searches_whole_index and will_rank_by_meaning(self.embeddings, self.model_loading, ranks_by_meaning):
            self.live_vectors.open_in_background()
        return ranking_for(self.embeddings, self.model_loading, ranks_by_meaning)

    @property
    def used_vector_store(self) -> bool:
        """Whether this reader has opened (or found away) the vector store: then an answer ranked by meaning used
        it, and says so when it is degraded; one ranked from vectors embedded on the spot needs no such warning."""
        return self.live_vectors.opened

    def vector_drift(self) -> VectorDrift:
        return self.live_vectors.drift()

    def vector_warnings(self) -> list[AnswerWarning]:
        """A warning for an answer when it could not use the vectors as designed (one sentence, or none)."""
        drift = self.vector_drift()
        if not drift.degraded or drift.sentence is None:
            return []
        return [AnswerWarning(kind=WarningKind.index_drift, message=drift.sentence)]

    def nearest_chunk_ids(self, query: str, k: int) -> list[str]:
        """Dense search over the whole index; [] when the vector store is away (the answer then says so)."""
        return self._from_store(lambda store: store.nearest(self.embeddings.embed_query(query), k), [])

    def stored_vectors(self, chunk_ids: list[str]) -> tuple[list[str], np.ndarray]:
        """The vectors of these chunks that the store holds; none when it is away."""
        nothing: tuple[list[str], np.ndarray] = ([], np.zeros((0, 0), dtype=np.float32))
        return self._from_store(lambda store: store.vectors(chunk_ids), nothing)

    def _from_store(self, use: Callable[[VectorStore], T], when_away: T) -> T:
        """`use` on the live store; `when_away` while it is away, and a failed call marks it away."""
        store = self.live_vectors.store()
        if store is None:
            return when_away
        try:
            return use(store)
        except VectorStoreUnavailable as error:
            self.live_vectors.failed(error)
            return when_away

    def dense_chunks(self, query: str, k: int) -> list[Chunk]:
        """Dense search alone, as a plain vector store ranks it: the evals' baseline."""
        ranked = self.nearest_chunk_ids(query, k)
        live = self.catalog.chunks_by_id(ranked) if ranked else {}
        return [live[chunk_id] for chunk_id in ranked if chunk_id in live]

    @cached_property
    def _guides_of_company(self) -> dict[str, list[tuple[str, str]]]:
        """company slug -> [(guide id, role slug)]: a named company's guides without a pass over all of them."""
        by_company: dict[str, list[tuple[str, str]]] = {}
        for guide_id, _company, company_slug, _role, role_slug in self.guide_names:
            by_company.setdefault(company_slug, []).append((guide_id, role_slug))
        return by_company

    def guide_ids_for(self, companies: list[str], roles: list[str]) -> list[str]:
        if companies:
            pairs = [pair for company in companies for pair in self._guides_of_company.get(company, [])]
        else:
            pairs = [(guide_id, role_slug) for guide_id, _c, _cs, _r, role_slug in self.guide_names]
        return sorted(guide_id for guide_id, role_slug in pairs if not roles or role_slug in roles)

    def search(
        self, query: str, k: int = 8, dense: bool = True, guide_ids: list[str] | None = None
    ) -> list[ScoredChunk]:
        """The k best passages by meaning and keywords fused (dense=False: keywords alone, and the embedding model
        is never touched), within `guide_ids` when given."""
        rankings = [self._dense(query, guide_ids)] if dense else []
        ranked = fuse([*rankings, self._keyword(query, guide_ids)])
        live = self.catalog.chunks_by_id([chunk_id for chunk_id, _ in ranked[: k * 2]])
        found = [ScoredChunk(chunk=live[chunk_id], score=score) for chunk_id, score in ranked if chunk_id in live]
        return found[:k]

    def _dense(self, query: str, guide_ids: list[str] | None) -> list[str]:
        if guide_ids:
            return self._dense_within(query, guide_ids)
        return self.nearest_chunk_ids(query, FETCH_K)

    def _dense_within(self, query: str, guide_ids: list[str]) -> list[str]:
        """Known guides: score their few chunk vectors directly. A metadata-filtered ANN query costs
        tens of milliseconds at 60,000 vectors; fetching a dozen vectors by id costs about one."""
        chunk_ids = self.catalog.chunk_ids_of(guide_ids)
        ids, vectors = self._guide_vectors(chunk_ids) if chunk_ids else ([], None)
        if not ids or vectors is None:  # no vectors for these guides (drift, or the store away): BM25 alone
            return []
        scores = vectors @ np.asarray(self.embeddings.embed_query(query), dtype=np.float32)
        order = np.argsort(-scores)[:FETCH_K]
        return [ids[i] for i in order]

    def _guide_vectors(self, chunk_ids: list[str]) -> tuple[list[str], np.ndarray]:
        """The named guides' chunk vectors: from the store once this process has it open; before that, for a few
        chunks, embedded on the spot from the catalog's text, as the ingest embedded them (the same model, text and
        length: the stored vectors to within float rounding). A guide's half-dozen chunks take the model a tenth
        of a second; opening the store takes a second of CPU, which a one-shot `assistant ask` never pays."""
        if self.live_vectors.opened or len(chunk_ids) > EMBEDDED_ON_THE_SPOT:
            return self.stored_vectors(chunk_ids)
        chunks = self.catalog.chunks_by_id(chunk_ids)
        ids = [chunk_id for chunk_id in chunk_ids if chunk_id in chunks]
        return ids, self.embeddings.remembered_vectors([chunks[chunk_id].embedding_text() for chunk_id in ids])

    def _keyword(self, query: str, guide_ids: list[str] | None) -> list[str]:
        return [chunk_id for chunk_id, _score in self.keywords.search(query, FETCH_K, guide_ids)]

    @property
    def warm(self) -> bool:
        """Whether the names and BM25 are loaded, so a question pays none of their start-up time. The model and
        Chroma are apart: most questions need neither (`model_loaded`)."""
        return "vocabulary" in self.__dict__ and "keywords" in self.__dict__

    @property
    def model_loaded(self) -> bool:
        return self.embeddings.loaded

    def warm_up(self, model: bool = True) -> None:
        """Load the names and BM25 now rather than on the first question; with `model`, the model and Chroma too."""
        _ = self.vocabulary
        self.search("warm up", dense=model)


def fuse(rankings: list[list[str]]) -> list[tuple[str, float]]:
    """Reciprocal rank fusion: a chunk near the top of either list rises."""
    scores: dict[str, float] = {}
    for ranking in rankings:
        for rank, chunk_id in enumerate(ranking):
            scores[chunk_id] = scores.get(chunk_id, 0.0) + 1.0 / (RRF_K + rank + 1)
    return sorted(scores.items(), key=lambda item: item[1], reverse=True)
