"""Stage 5: the answer chain, a LangChain Runnable over two engines with one interface.

    plan -> gather -> the plan's handler (offline) -> (a chat model, when one is configured) -> verify -> renumber

The offline steps are answer/pipeline.py's; this chain runs them as named child runs (so callbacks and tracers
see each stage) and adds the chat model.

Input: {"question": ..., "history": [Turn or dict, ...]} (or an AnswerRequest). `invoke`, `batch`
and `ainvoke` return an AnswerResponse. `stream` and `astream` yield StreamEvents, one pipeline
for every front end:

    token    {text}       verified text, in order: an LLM's sentences each after it passes the
                          verifier; the offline answer line by line
    replace  {text}       the whole answer, when the final answer is not what was streamed
                          (an LLM draft replaced by the offline answer); at most once, just before done
    done     {response}   the final AnswerResponse, always last

Streaming and invoking run the same steps: `invoke` is the stream's last event.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import AsyncIterator, Generator, Iterator
from typing import TYPE_CHECKING, Any, cast

from langchain_core.runnables import Runnable, RunnableConfig, RunnableLambda
from langchain_core.runnables.config import patch_config, run_in_executor
from pydantic import BaseModel

from assistant.answer.llms import OFFLINE, backend_of
from assistant.answer.pipeline import AnswerPipeline, AnswerRequest
from assistant.answer.prompting import prompt_inputs, prompt_template, read_prompt
from assistant.answer.responses import Answering, draft_response, final_response
from assistant.answer.streaming import SentenceGate, closing_events
from assistant.response import AnswerResponse, StreamEvent
from assistant.retrieve.retriever import IndexReader
from assistant.settings import Settings
from assistant.verify.recital import instruction_runs

if TYPE_CHECKING:
    from langchain_core.callbacks import CallbackManagerForChainRun
    from langchain_core.language_models import BaseChatModel


__all__ = ["AnswerChain", "AnswerRequest"]
ChainInput = AnswerRequest | dict[str, Any]


class AnswerChain(Runnable[ChainInput, AnswerResponse]):
    """The answer chain; `stream()` items are StreamEvents (see the module's docstring), not partial answers.

    Used inside a larger LCEL pipeline (`chain | next_step`), it hands the next step the final
    AnswerResponse, streamed or not.
    """

    name = "answer"

    def __init__(self, reader: IndexReader, settings: Settings, chat_model: BaseChatModel | None = None) -> None:
        self.reader, self.settings, self.chat_model = reader, settings, chat_model
        self.pipeline = AnswerPipeline(reader, settings)
        # Read once, here: a missing prompt fails the chain's creation (one sentence), not every answer silently.
        self.prompt_text = read_prompt(settings.prompt_file) if chat_model is not None else ""
        self.instructions = instruction_runs(self.prompt_text)

    @property
    def engine(self) -> str:
        """ "offline", or the LLM backend and model, e.g. "ollama:llama3.1"."""
        if self.chat_model is None:
            return "offline"
        backend = backend_of(self.settings)
        if backend == OFFLINE:
            backend = "custom"  # a chat model handed in directly, with no backend configured
        return f"{backend}:{_model_name(self.chat_model)}"

    def get_input_schema(self, config: RunnableConfig | None = None) -> type[BaseModel]:
        return AnswerRequest

    def get_output_schema(self, config: RunnableConfig | None = None) -> type[BaseModel]:
        return AnswerResponse

    # --- LangChain's interface ----------------------------------------------------------------

    def invoke(self, input: ChainInput, config: RunnableConfig | None = None, **kwargs: Any) -> AnswerResponse:
        return self._call_with_config(self._answer, input, config, run_type="chain")

    def stream(  # type: ignore[override]  # the items are events; the last one carries the AnswerResponse
        self, input: ChainInput, config: RunnableConfig | None = None, **kwargs: Any
    ) -> Generator[StreamEvent, None, None]:
        # LangChain types a stream's items as the output; ours are StreamEvents, hence the cast.
        events = self._transform_stream_with_config(iter([input]), cast("Any", self._events), config, run_type="chain")
        yield from cast("Iterator[StreamEvent]", events)

    async def astream(  # type: ignore[override]
        self, input: ChainInput, config: RunnableConfig | None = None, **kwargs: Any
    ) -> AsyncIterator[StreamEvent]:
        """The same stream, each step run on a worker thread so the event loop never waits on it."""
        events = self.stream(input, config, **kwargs)
        try:
            while (event := await run_in_executor(None, next, events, None)) is not None:
                yield event
        finally:
            with contextlib.suppress(ValueError):  # still running on its thread: closed when collected instead
                events.close()

    def transform(
        self, input: Iterator[ChainInput], config: RunnableConfig | None = None, **kwargs: Any
    ) -> Iterator[AnswerResponse]:
        """As a step of a larger pipeline: the final response, for the next step to take."""
        request = _merged(list(input))
        if request is not None:
            yield self.invoke(request, config, **kwargs)

    async def atransform(
        self, input: AsyncIterator[ChainInput], config: RunnableConfig | None = None, **kwargs: Any
    ) -> AsyncIterator[AnswerResponse]:
        request = _merged([chunk async for chunk in input])
        if request is not None:
            yield await self.ainvoke(request, config, **kwargs)

    # --- the one pipeline -----------------------------------------------------------------------

    def _answer(
        self, input: ChainInput, run_manager: CallbackManagerForChainRun, config: RunnableConfig
    ) -> AnswerResponse:
        final = None
        for event in self._events(iter([input]), run_manager, config):
            final = event.response or final
        assert final is not None, "every stream ends with a done event"
        return final

    def _events(
        self, inputs: Iterator[ChainInput], run_manager: CallbackManagerForChainRun, config: RunnableConfig
    ) -> Iterator[StreamEvent]:
        child = patch_config(config, callbacks=run_manager.get_child())
        for raw in inputs:
            request = raw if isinstance(raw, AnswerRequest) else AnswerRequest.model_validate(raw)
            answering = self._prepare(request, child)
            assert answering.offline is not None
            if self.chat_model is None or answering.offline.refused:
                yield from self.pipeline.offline_events(answering)
            else:
                yield from self._llm_events(answering, child)

    def _prepare(self, request: AnswerRequest, config: RunnableConfig) -> Answering:
        """The pipeline's offline steps, each a named child run."""

        def as_child_run(name: str, step: Any, question: str) -> Any:
            return RunnableLambda(step, name=name).invoke(question, config)

        return self.pipeline.prepare(request, as_child_run)

    def _llm_events(self, answering: Answering, config: RunnableConfig) -> Iterator[StreamEvent]:
        mark = time.perf_counter()
        gate = SentenceGate(answering.passages, answering.gathered.vocabulary, self.instructions)
        answering.instructions = self.instructions
        for piece in self._llm_text(answering, config):
            for sentence in gate.feed(piece):
                yield StreamEvent(kind="token", text=sentence)
        if answering.llm_error is None:  # a cut-off draft's last words are no sentence: they are never shown
            for sentence in gate.finish():
                yield StreamEvent(kind="token", text=sentence)
        answering.lap("llm", mark)
        # The whole draft is judged, including any sentence held back above.
        draft = answering.offline if answering.llm_error else draft_response(answering, gate.full, self.engine)
        assert draft is not None
        yield from closing_events(gate.released, final_response(answering, draft))

    def _llm_text(self, answering: Answering, config: RunnableConfig) -> Iterator[str]:
        """The chat model's text as it arrives; a backend failure ends it and is recorded, never raised."""
        assert self.chat_model is not None
        derived = answering.offline.derived if answering.offline else []
        inputs = prompt_inputs(answering.question, answering.history, answering.gathered.evidence.passages, derived)
        try:
            for chunk in (prompt_template(self.prompt_text) | self.chat_model).stream(inputs, config):
                yield chunk.text
        except Exception as error:  # a backend failure (refused, timed out, cut off) must not lose the answer
            answering.llm_error = str(error) or type(error).__name__


def _merged(chunks: list[ChainInput]) -> ChainInput | None:
    """An upstream step may stream its output (the request) in pieces: put them together."""
    if not chunks:
        return None
    pieces = [chunk for chunk in chunks if isinstance(chunk, dict)]
    if len(pieces) < len(chunks):
        return chunks[-1]  # whole requests: the last one stands
    merged: dict[str, Any] = {}
    for piece in pieces:
        merged.update(piece)
    return merged


def _model_name(model: BaseChatModel) -> str:
    return str(getattr(model, "model_name", None) or getattr(model, "model", None) or type(model).__name__)
