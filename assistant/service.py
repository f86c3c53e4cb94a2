"""The product behind every front end: the CLI, the web API and the evals all call this."""

from __future__ import annotations

import logging
import threading
from collections.abc import Callable, Iterator
from functools import cached_property
from typing import TYPE_CHECKING, TypeVar

from pydantic import BaseModel

from assistant.errors import AssistantError, IndexMissingError, UnknownGuideError
from assistant.guide import Guide
from assistant.index.live import committed_generation, forget_embedded_vector_stores, index_write_lock
from assistant.ingest.files import find_guide_files
from assistant.questions import checked_letter, checked_question
from assistant.response import AnswerResponse, StreamEvent, Turn
from assistant.retrieve.meaning import ModelLoading
from assistant.settings import Settings

# The chain, the retriever and ingest bring LangChain and numpy: imported when first used, so the web app and
# the CLI start without them (benchmarks/startup.py).
if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.answer.chain import AnswerChain
    from assistant.answer.pipeline import Answerer, AnswerPipeline, AnswerRequest
    from assistant.index.embeddings import MiniLMEmbeddings
    from assistant.index.report import IngestReport
    from assistant.index.vectors import VectorConfig
    from assistant.ingest.chunk import Chunk
    from assistant.offers.report import OfferComparison, OfferReport
    from assistant.retrieve.retriever import IndexReader, ScoredChunk

logger = logging.getLogger(__name__)
T = TypeVar("T")


class SearchHit(BaseModel):
    guide_id: str
    company: str
    role: str
    section: str
    start_line: int
    end_line: int
    text: str
    score: float


class Assistant:
    """Opens the index lazily and follows it: pass chat_model to override the configured LLM (tests do).

    An ingest from another process (the CLI, another web worker) commits a new index generation under a
    running server. Every call first checks the catalog's generation (one small SQLite read) and, when it
    changed, opens the new one; a call that fails while the index changes under it runs once more on the
    new generation. Calls already running keep the reader they started with.

    model_loading: when the embedding model loads (retrieve/meaning.py). on_demand (a process that soon ends):
    when a question ranks by meaning, which then waits for it. background (the server, `assistant chat`): on a
    thread of its own after the first answer; until it is in, every question answers with BM25 alone.
    """

    def __init__(
        self,
        settings: Settings,
        chat_model: BaseChatModel | None = None,
        model_loading: ModelLoading = ModelLoading.on_demand,
    ) -> None:
        self.settings = settings
        self.model_loading = model_loading
        self._chat_model_override = chat_model
        self._opened: _OpenedIndex | None = None
        self._lock = threading.Lock()
        self._answered = threading.Event()  # set by the first answer: what a long-lived process waits for

    @property
    def reader(self) -> IndexReader:
        return self._current().reader

    @property
    def chain(self) -> AnswerChain:
        """The answer chain as a LangChain Runnable (for LCEL pipelines, callbacks and tracers)."""
        return self._current().chain

    @property
    def chat_model(self) -> BaseChatModel | None:
        """The configured LLM, or None: the offline engine writes every answer."""
        return self._chat_model

    @property
    def answerer(self) -> Answerer:
        """What answers `ask` and `stream`: the chain when an LLM is configured or LangSmith traces; else the same
        offline steps in plain Python, which start without importing LangChain (answer/pipeline.py)."""
        opened = self._current()
        if self._chat_model is not None or self.settings.langsmith_tracing:
            return opened.chain
        return opened.pipeline

    @property
    def warm(self) -> bool:
        """Whether questions answer at full speed: the index is open (names, BM25, vectors). Never opens it."""
        opened = self._opened
        return opened is not None and opened.reader.warm

    @property
    def model_loaded(self) -> bool:
        """Whether the embedding model is in memory (questions that rank by meaning need it). Never loads it."""
        return "embeddings" in self.__dict__ and self.embeddings.loaded

    @property
    def vector_config(self) -> VectorConfig:
        """Where the index keeps its vectors: embedded in index_dir, or on the configured Chroma server."""
        from assistant.index.vectors import VectorConfig

        return VectorConfig.from_settings(self.settings)

    @cached_property
    def embeddings(self) -> MiniLMEmbeddings:
        """One model for every generation this assistant opens. A long-lived process embeds short questions one at a
        time on many request threads, which one session thread each does fastest; a one-shot process embeds a
        guide's sentences at once, on every core (settings.embedding_threads overrides both)."""
        from assistant.index.embeddings import MiniLMEmbeddings

        threads = self.settings.embedding_threads or (1 if self.model_loading is ModelLoading.background else None)
        return MiniLMEmbeddings(threads=threads, cache_dir=self.settings.model_cache_dir)

    def ask(self, question: str, history: list[Turn] | None = None) -> AnswerResponse:
        from assistant.answer.pipeline import AnswerRequest

        request = AnswerRequest(question=checked_question(question, self.settings.max_question_chars),
                                history=history or [])  # fmt: skip
        response = self._on_current_index(lambda: self.answerer.invoke(request))
        self._after_answer()
        return response

    def stream(self, question: str, history: list[Turn] | None = None) -> Iterator[StreamEvent]:
        """Checks the question and opens the index now (so those errors come before any event), then streams
        verified text as it passes the verifier, then the final response (see answer/chain.py)."""
        from assistant.answer.pipeline import AnswerRequest

        request = AnswerRequest(question=checked_question(question, self.settings.max_question_chars),
                                history=history or [])  # fmt: skip
        self.follow_index()
        return self._stream(self.answerer, request)

    def search(self, query: str, k: int = 8) -> list[SearchHit]:
        query = checked_question(query, self.settings.max_question_chars, what="query")

        def search_index() -> list[ScoredChunk]:  # a search is ranked by meaning: it may wait for the model
            return self.reader.search(query, k, dense=self.reader.ranking(ranks_by_meaning=True).dense)

        found = self._on_current_index(search_index)
        self._after_answer()
        return [_hit(scored.score, scored.chunk) for scored in found]

    def offer(self, letter: str, email: bool = False) -> OfferReport:
        """An offer letter's text, read and checked against the guides, year by year (assistant/offers/)."""
        from assistant.offers.assess import assess_offer
        from assistant.offers.reader import read_offer

        offer = read_offer(checked_letter(letter, self.settings.max_letter_chars))
        return self._on_current_index(
            lambda: assess_offer(self.reader, self.settings, offer, email, self._chat_model if email else None)
        )

    def compare_offers(self, first: str, second: str) -> OfferComparison:
        from assistant.offers.compare import compare_offers

        return compare_offers(self.offer(first), self.offer(second))

    def guides(self) -> list[Guide]:
        return self._on_current_index(lambda: list(self.reader.catalog.guides()))

    def guide(self, guide_id: str) -> Guide:
        guide = self._on_current_index(lambda: self.reader.catalog.guide(guide_id))
        if guide is None:
            raise UnknownGuideError(guide_id)
        return guide

    def guide_source(self, guide_id: str) -> str:
        source = self._on_current_index(lambda: self.reader.catalog.source(guide_id))
        if source is None:
            raise UnknownGuideError(guide_id)
        return source

    def reindex(self) -> IngestReport:
        self.follow_index()  # never write through a vector store that another process has changed since
        with index_write_lock(self.settings.index_dir):
            from assistant.index.build import ingest

            report = ingest(self.settings.corpus_dir, self.settings.index_dir, embeddings=self.embeddings,
                            today=self.settings.today, max_bytes=self.settings.max_guide_bytes,
                            vectors=self.vector_config, min_free_mb=self.settings.min_free_mb)  # fmt: skip
        self._forget(self._opened)  # the next call opens the new generation
        return report

    # --- following the index's generation --------------------------------------------------------

    def follow_index(self) -> bool:
        """Forget the opened index if an ingest committed a new generation since; True when it did."""
        opened = self._opened
        if opened is None or committed_generation(opened.reader.catalog) == opened.reader.generation:
            return False
        self._forget(opened)
        return True

    def opened_generation(self) -> str | None:
        """The generation calls are answered from, or None before the index is first opened."""
        opened = self._opened
        return opened.reader.generation if opened else None

    def _on_current_index(self, work: Callable[[], T]) -> T:
        self.follow_index()
        try:
            return work()
        except AssistantError:
            raise
        except Exception:
            if not self.follow_index():
                raise
            logger.warning("the index changed during a call; running it again on the new generation")
            return work()

    def _stream(self, answerer: Answerer, request: AnswerRequest) -> Iterator[StreamEvent]:
        started = False
        try:
            for event in answerer.stream(request):
                started = True
                yield event
        except AssistantError:
            raise
        except Exception:
            if started or not self.follow_index():  # once text went out, a second answer cannot replace it
                raise
            logger.warning("the index changed during a stream; answering again from the new generation")
            yield from self.answerer.stream(request)
        self._after_answer()

    def _after_answer(self) -> None:
        """A long-lived process loads the model once it has answered: the first answer never waits for it."""
        self._answered.set()
        if self.model_loading is ModelLoading.background:
            self.embeddings.load_in_background()

    def check_vectors_after_first_answer(self, wait_s: float) -> None:
        """Open the vector store and count it against the catalog, once the first answer is out or `wait_s` has
        passed: importing Chroma takes about a second of CPU, which neither the first answer nor /readyz should
        wait for (the server's warm-up thread calls this)."""
        self._answered.wait(wait_s)
        self.reader.vector_drift()

    @property
    def vectors_opened(self) -> bool:
        """Whether this process has opened the vector store (so Chroma is imported, and a count is cheap); never
        opens it."""
        opened = self._opened
        return opened is not None and opened.reader.used_vector_store

    def _current(self) -> _OpenedIndex:
        with self._lock:
            if self._opened is None:
                self._opened = _OpenedIndex(self._open_reader(), self.settings, self._make_chain)
                if self.model_loading is ModelLoading.background and self._answered.is_set():
                    # A new generation under a running server: its store opens behind the answers, as the first did.
                    self._opened.reader.live_vectors.open_in_background()
            return self._opened

    def _forget(self, opened: _OpenedIndex | None) -> None:
        with self._lock:
            if opened is not None and self._opened is opened:  # another thread may have moved on already
                self._opened = None
                forget_embedded_vector_stores()

    def _open_reader(self) -> IndexReader:
        from assistant.retrieve.retriever import IndexReader

        try:
            return IndexReader(self.settings.index_dir, self.embeddings, self.vector_config, self.model_loading)
        except IndexMissingError:
            if not self.settings.auto_ingest or not find_guide_files(self.settings.corpus_dir):
                raise
        # First run on the embedded defaults: build the index from the bundled guides. Another web worker
        # may be building it already: wait for it, then use what it built.
        with index_write_lock(self.settings.index_dir, wait=True):
            try:
                return IndexReader(self.settings.index_dir, self.embeddings, self.vector_config, self.model_loading)
            except IndexMissingError:
                from assistant.index.build import ingest  # the ingest machinery: only when there is no index

                ingest(self.settings.corpus_dir, self.settings.index_dir, embeddings=self.embeddings,
                       today=self.settings.today, max_bytes=self.settings.max_guide_bytes,
                       vectors=self.vector_config, min_free_mb=self.settings.min_free_mb)  # fmt: skip
        return IndexReader(self.settings.index_dir, self.embeddings, self.vector_config, self.model_loading)

    def _make_chain(self, reader: IndexReader) -> AnswerChain:
        from assistant.answer.chain import AnswerChain

        return AnswerChain(reader, self.settings, self._chat_model)

    @cached_property
    def _chat_model(self) -> BaseChatModel | None:
        from assistant.answer.llms import default_registry

        return self._chat_model_override or default_registry().create(self.settings)


class _OpenedIndex:
    """One generation of the index, and what answers from it: the chain, or the offline pipeline (each built on
    first use)."""

    def __init__(
        self, reader: IndexReader, settings: Settings, make_chain: Callable[[IndexReader], AnswerChain]
    ) -> None:
        self.reader, self.settings = reader, settings
        self._make_chain = make_chain

    @cached_property
    def chain(self) -> AnswerChain:
        return self._make_chain(self.reader)

    @cached_property
    def pipeline(self) -> AnswerPipeline:
        from assistant.answer.pipeline import AnswerPipeline

        return AnswerPipeline(self.reader, self.settings)


def _hit(score: float, chunk: Chunk) -> SearchHit:
    return SearchHit(guide_id=chunk.guide_id, company=chunk.company, role=chunk.role, section=chunk.section,
                     start_line=chunk.start_line, end_line=chunk.end_line, text=chunk.text, score=score)  # fmt: skip
