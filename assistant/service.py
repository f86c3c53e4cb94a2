"""The product behind every front end: the CLI, the web API and the evals all call this."""

from __future__ import annotations

from collections.abc import Iterator
from functools import cached_property
from typing import TYPE_CHECKING

from pydantic import BaseModel

from assistant.answer.chain import AnswerChain
from assistant.answer.llms import default_registry
from assistant.errors import IndexMissingError, UnknownGuideError
from assistant.guide import Guide
from assistant.index.build import IngestReport, find_guide_files, ingest
from assistant.index.vectors import VectorConfig
from assistant.response import AnswerResponse, StreamEvent, Turn
from assistant.retrieve.retriever import IndexReader, chunk_of
from assistant.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel


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
    """Opens the index lazily; pass chat_model to override the configured LLM (tests do)."""

    def __init__(self, settings: Settings, chat_model: BaseChatModel | None = None) -> None:
        self.settings = settings
        self._chat_model_override = chat_model

    @cached_property
    def reader(self) -> IndexReader:
        try:
            return IndexReader(self.settings.index_dir, vectors=VectorConfig.from_settings(self.settings))
        except IndexMissingError:
            if not self.settings.auto_ingest or not find_guide_files(self.settings.corpus_dir):
                raise
        # First run on the embedded defaults: build the index from the bundled guides.
        self.reindex()
        return IndexReader(self.settings.index_dir, vectors=VectorConfig.from_settings(self.settings))

    @cached_property
    def chain(self) -> AnswerChain:
        model = self._chat_model_override or default_registry().create(self.settings)
        return AnswerChain(self.reader, self.settings, model)

    def ask(self, question: str, history: list[Turn] | None = None) -> AnswerResponse:
        return self.chain.invoke(question, history)

    def stream(self, question: str, history: list[Turn] | None = None) -> Iterator[StreamEvent]:
        return self.chain.stream(question, history)

    def search(self, query: str, k: int = 8) -> list[SearchHit]:
        documents = self.reader.retriever(k=k).invoke(query)
        return [_hit(doc.metadata["score"], chunk_of(doc)) for doc in documents]

    def guides(self) -> list[Guide]:
        return list(self.reader.catalog.guides())

    def guide(self, guide_id: str) -> Guide:
        guide = self.reader.catalog.guide(guide_id)
        if guide is None:
            raise UnknownGuideError(guide_id)
        return guide

    def guide_source(self, guide_id: str) -> str:
        source = self.reader.catalog.source(guide_id)
        if source is None:
            raise UnknownGuideError(guide_id)
        return source

    def reindex(self) -> IngestReport:
        report = ingest(self.settings.corpus_dir, self.settings.index_dir, today=self.settings.today,
                        max_bytes=self.settings.max_guide_bytes,
                        vectors=VectorConfig.from_settings(self.settings))  # fmt: skip
        for name in ("reader", "chain"):  # the next call opens the new generation
            self.__dict__.pop(name, None)
        return report


def _hit(score: float, chunk) -> SearchHit:  # type: ignore[no-untyped-def]
    return SearchHit(guide_id=chunk.guide_id, company=chunk.company, role=chunk.role, section=chunk.section,
                     start_line=chunk.start_line, end_line=chunk.end_line, text=chunk.text, score=score)  # fmt: skip
