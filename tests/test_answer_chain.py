"""The answer chain as a LangChain Runnable: invoke, batch, stream, ainvoke, astream and LCEL, on the seed index."""

from __future__ import annotations

import asyncio
import itertools
from pathlib import Path
from typing import Any
from uuid import UUID

import pytest
from langchain_core.callbacks import BaseCallbackHandler
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.runnables import Runnable, RunnableLambda
from typer.testing import CliRunner

from assistant.answer.chain import AnswerChain, AnswerRequest
from assistant.answer.pipeline import AnswerPipeline
from assistant.cli import _register, app
from assistant.response import AnswerResponse, StreamEvent
from assistant.service import Assistant
from assistant.settings import Settings
from tests.conftest import TODAY
from tests.fakes import gathered_passages, shown_numbering

LONDON = "What's a fair London ask for an ML engineer at Jane Street?"
QUESTIONS = [LONDON, "Jane Street Hong Kong bonus", "Millennium base in NYC?", "What does Goldman Sachs pay in London?"]


class StageRecorder(BaseCallbackHandler):
    """Names every chain run LangChain reports, as a tracer would see them."""

    def __init__(self) -> None:
        self.names: list[str] = []

    def on_chain_start(self, serialized: dict[str, Any] | None, inputs: Any, *, run_id: UUID, **kwargs: Any) -> None:
        self.names.append(str(kwargs.get("name")))


def _tokens(events: list[StreamEvent]) -> str:
    return "".join(event.text or "" for event in events if event.kind == "token")


def test_the_chain_is_a_runnable_with_typed_input_and_output(assistant: Assistant) -> None:
    chain = assistant.chain
    assert isinstance(chain, AnswerChain) and isinstance(chain, Runnable)
    assert chain.get_input_schema() is AnswerRequest and chain.get_output_schema() is AnswerResponse
    response = chain.invoke({"question": LONDON})
    assert isinstance(response, AnswerResponse) and response.answer == assistant.ask(LONDON).answer
    assert "£195K - £275K" in response.answer and response.verification.action == "passed"


def test_offline_answers_skip_langchain_unless_langsmith_traces(
    seed_settings: Settings, assistant: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    """The service answers offline through the plain pipeline, whose answers are the chain's to the letter; with
    LangSmith's own switch on, through the chain, so a trace sees each stage."""
    assert isinstance(assistant.answerer, AnswerPipeline)
    questions = [*QUESTIONS, "How should I negotiate with Jane Street as an ML engineer?"]
    for question in questions:
        plain, traced = (
            assistant.answerer.invoke(AnswerRequest(question=question)),
            assistant.chain.invoke({"question": question}),
        )
        assert plain.model_dump(exclude={"timings_ms"}) == traced.model_dump(exclude={"timings_ms"}), question
    for switch in ("LANGSMITH_TRACING", "LANGCHAIN_TRACING_V2"):
        monkeypatch.setenv(switch, "true")
        assert isinstance(
            Assistant(Settings(**seed_settings.model_dump(exclude={"langsmith_tracing"}))).answerer, AnswerChain
        ), switch
        monkeypatch.delenv(switch)


def test_history_may_be_turns_or_plain_dicts(assistant: Assistant) -> None:
    first = assistant.chain.invoke({"question": "Jane Street ML engineer London base?"})
    turn = {"question": first.question, "plan": first.plan.model_dump(mode="json")}
    follow_up = assistant.chain.invoke({"question": "and in Hong Kong?", "history": [turn]})
    assert follow_up.plan.regions == ["hong-kong"]
    assert "HK$1.95M - HK$2.70M" in follow_up.answer and "£" not in follow_up.answer


def test_batch_answers_in_input_order_like_invoke(assistant: Assistant) -> None:
    batched = assistant.chain.batch([{"question": q} for q in QUESTIONS], config={"max_concurrency": 4})
    assert [r.question for r in batched] == QUESTIONS
    assert [r.answer for r in batched] == [assistant.ask(q).answer for q in QUESTIONS]
    assert batched[-1].refused


def test_offline_stream_sends_the_answer_line_by_line_then_the_response(assistant: Assistant) -> None:
    events = list(assistant.chain.stream({"question": LONDON}))
    kinds = [event.kind for event in events]
    assert kinds.count("token") == len(events[-1].response.answer.splitlines()) > 3  # type: ignore[union-attr]
    assert kinds[-1] == "done" and "replace" not in kinds
    final = events[-1].response
    assert final is not None and _tokens(events) == final.answer == assistant.ask(LONDON).answer


def test_async_invoke_and_stream_give_what_the_sync_ones_give(assistant: Assistant) -> None:
    async def both() -> tuple[AnswerResponse, list[StreamEvent]]:
        response = await assistant.chain.ainvoke({"question": LONDON})
        events = [event async for event in assistant.chain.astream({"question": LONDON})]
        return response, events

    response, events = asyncio.run(both())
    expected = assistant.ask(LONDON).answer
    assert response.answer == expected
    assert _tokens(events) == expected and [e.kind for e in events][-1] == "done"


def test_inside_an_lcel_pipeline_the_next_step_gets_the_response(assistant: Assistant) -> None:
    pipeline = assistant.chain | RunnableLambda(lambda response: response.answer.upper())
    expected = assistant.ask(LONDON).answer.upper()
    assert pipeline.invoke({"question": LONDON}) == expected
    assert "".join(pipeline.stream({"question": LONDON})) == expected


def test_callbacks_see_the_chain_and_its_stages(assistant: Assistant) -> None:
    for run in (lambda config: assistant.chain.invoke({"question": LONDON}, config),
                lambda config: list(assistant.chain.stream({"question": LONDON}, config))):  # fmt: skip
        recorder = StageRecorder()
        run({"callbacks": [recorder]})
        assert recorder.names[:3] == ["answer", "plan", "retrieve"]


def test_llm_answers_stream_and_batch_across_threads(seed_settings: Settings, assistant: Assistant) -> None:
    """A chat model answering several questions at once: each gets its own verified, renumbered answer."""
    passages = gathered_passages(assistant, LONDON)
    row = next(p.number for p in passages if "£195K - £275K" in p.quote)
    surge = next(p.number for p in passages if "AI/Quant Premium exists" in p.quote)
    first, second = max(row, surge), min(row, surge)  # the later passage cited first: it must become [1]
    quoted = {row: "London base is £195K - £275K", surge: "The guide names a +15-25% AI/Quant Premium"}
    text = f"{quoted[first]} [{first}]. {quoted[second]} [{second}]."
    llm = GenericFakeChatModel(messages=itertools.repeat(text))  # type: ignore[arg-type]
    chain = Assistant(seed_settings.model_copy(update={"llm": "fake"}), chat_model=llm).chain
    expected = shown_numbering(text, first, second)

    events = list(chain.stream({"question": LONDON}))
    assert [e.kind for e in events].count("token") == 2 and "replace" not in [e.kind for e in events]
    final = events[-1].response
    assert final is not None and _tokens(events) == final.answer == expected
    assert final.engine == "fake:GenericFakeChatModel" and final.citations[0].quote == passages[first - 1].quote

    answers = chain.batch([{"question": LONDON}] * 4, config={"max_concurrency": 4})
    assert [a.answer for a in answers] == [expected] * 4
    assert all(a.verification.action == "passed" for a in answers)


def test_chat_and_ask_print_the_streamed_answer_then_its_sources(seed_index: Path) -> None:
    _register()
    env = {"ASSISTANT_INDEX_DIR": str(seed_index), "ASSISTANT_TODAY": TODAY.isoformat(),
           "ASSISTANT_AUTO_INGEST": "false", "ASSISTANT_LLM": "offline"}  # fmt: skip
    chat = CliRunner().invoke(app, ["chat"], input="Jane Street ML engineer London base?\nand in Hong Kong?\n", env=env)
    assert chat.exit_code == 0, chat.output
    london, hong_kong = chat.output.split("you>")[1:3]
    assert "£195K - £275K" in london and "HK$1.95M - HK$2.70M" in hong_kong and "£" not in hong_kong.split("Sources")[0]
    assert hong_kong.index("HK$1.95M") < hong_kong.index("Sources") < hong_kong.index("engine: offline")
    asked = CliRunner().invoke(app, ["ask", "--json", "Jane Street ML engineer London base?"], env=env)
    response = AnswerResponse.model_validate_json(asked.output)  # one JSON document, nothing else
    assert [c.number for c in response.citations] == list(range(1, len(response.citations) + 1))
