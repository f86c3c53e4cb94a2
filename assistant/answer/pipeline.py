"""Stage 5's steps in plain Python: plan -> gather -> the plan's handler -> verify -> renumber.

The offline engine answers through these steps alone, with no LangChain imported: an offline `assistant ask`
starts in about a second instead of paying LangChain's import (benchmarks/startup.py). answer/chain.py runs the
same steps as a LangChain Runnable, each a named child run, and adds the LLM; the service uses the chain when an
LLM is configured or LangSmith tracing is on (settings.langsmith_tracing), so a trace always sees every stage.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from typing import Any, Protocol, TypeVar

from pydantic import BaseModel, Field

from assistant.answer.handlers import HANDLERS
from assistant.answer.responses import OFFLINE_ENGINE, Answering, elapsed_ms, final_response, offline_response
from assistant.answer.streaming import line_events
from assistant.plan.planner import make_plan
from assistant.response import AnswerResponse, AnswerWarning, StreamEvent, Turn
from assistant.retrieve.gather import gather
from assistant.retrieve.meaning import Ranking
from assistant.retrieve.retriever import IndexReader
from assistant.settings import Settings

T = TypeVar("T")


class AnswerRequest(BaseModel):
    """What an answerer is asked: a question, and the conversation so far (what follow-ups inherit)."""

    question: str
    history: list[Turn] = Field(default_factory=list)


class StageRunner(Protocol):
    """How one named step runs on the question: called directly, or as a traced LangChain child run."""

    def __call__(self, name: str, step: Callable[[str], T], question: str) -> T: ...


def run_directly(name: str, step: Callable[[str], T], question: str) -> T:
    return step(question)


class Answerer(Protocol):
    """What the service asks of whatever answers: this pipeline, or the LangChain chain around it."""

    @property
    def engine(self) -> str: ...

    def invoke(self, input: AnswerRequest, config: Any = None) -> AnswerResponse: ...

    def stream(self, input: AnswerRequest, config: Any = None) -> Iterator[StreamEvent]: ...


class AnswerPipeline:
    """The offline engine: every answer written from the evidence, verified, then streamed line by line."""

    engine = OFFLINE_ENGINE

    def __init__(self, reader: IndexReader, settings: Settings) -> None:
        self.reader, self.settings = reader, settings

    def invoke(self, input: AnswerRequest, config: Any = None) -> AnswerResponse:
        final = None
        for event in self.stream(input):
            final = event.response or final
        assert final is not None, "every stream ends with a done event"
        return final

    def stream(self, input: AnswerRequest, config: Any = None) -> Iterator[StreamEvent]:
        return self.offline_events(self.prepare(input))

    @staticmethod
    def offline_events(answering: Answering) -> Iterator[StreamEvent]:
        """The offline answer, verified, streamed line by line (the chain's too, when no LLM writes it)."""
        assert answering.offline is not None
        return line_events(final_response(answering, answering.offline))

    def prepare(self, request: AnswerRequest, run: StageRunner = run_directly) -> Answering:
        """Plan the question, gather its evidence and write the offline answer; `run` runs the named stages."""
        started = time.perf_counter()
        plan = run("plan", lambda q: make_plan(q, self.reader.vocabulary, request.history), request.question)
        timings = {"plan": elapsed_ms(started)}
        mark = time.perf_counter()
        handler = HANDLERS.for_intent(plan.intent)
        # May wait for the model, inside "retrieve"; a question naming its company searches only that one's guides.
        ranking = self.reader.ranking(handler.ranks_by_meaning, searches_whole_index=not plan.companies)
        gathered = run("retrieve", lambda q: gather(self.reader, q, plan, handler, k=self.settings.top_k,
                                                    dense=ranking.dense), request.question)  # fmt: skip
        timings["retrieve"] = elapsed_ms(mark)
        timings.update(ranking.timings())
        answering = Answering(question=request.question, history=request.history, plan=plan,
                              gathered=gathered, today=self.settings.effective_today(), started=started,
                              timings=timings, index_warnings=self._index_warnings(ranking),
                              letter=handler.user_figures(plan, request.question))  # fmt: skip
        mark = time.perf_counter()
        answering.offline = offline_response(answering, self.reader.covered_companies)
        answering.lap("compose", mark)
        return answering

    def _index_warnings(self, ranking: Ranking) -> list[AnswerWarning]:
        """Whether the vector store let this answer down. An answer ranked by keywords alone used no vectors, and
        one ranked from vectors embedded on the spot used no store: checking would open Chroma (a second of
        imports) for a question that never needed it."""
        return self.reader.vector_warnings() if ranking.dense and self.reader.used_vector_store else []
