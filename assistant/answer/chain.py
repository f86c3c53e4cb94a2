"""Stage 5: the answer chain, a LangChain runnable over two engines with one interface.

understand -> gather -> engine (offline composer, or any chat model) -> verify.
Whatever the engine writes, the verifier has the last word: a draft with an
unsupported figure is repaired (offline) or replaced by the offline answer (LLM).
"""

from __future__ import annotations

import re
import time
from collections.abc import Iterator
from pathlib import Path
from typing import TYPE_CHECKING, Any

from langchain_core.prompts import ChatPromptTemplate
from langchain_core.runnables import Runnable, RunnableLambda

from assistant.answer.compose import compose_offline
from assistant.answer.warnings import collect_warnings
from assistant.response import AnswerResponse, AnswerWarning, StreamEvent, Turn, Verification, WarningKind
from assistant.retrieve.evidence import Passage
from assistant.retrieve.gather import Gathered, gather
from assistant.retrieve.retriever import IndexReader
from assistant.retrieve.understand import understand
from assistant.settings import Settings
from assistant.verify import verify

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

_SENTENCE_DONE = re.compile(r"[.!?\n](?:\s*\[\d+(?:,\s*\d+)*\])?\s")
_MARKER = re.compile(r"\[(\d+)")


class AnswerChain:
    def __init__(self, reader: IndexReader, settings: Settings, chat_model: BaseChatModel | None = None) -> None:
        self.reader, self.settings, self.chat_model = reader, settings, chat_model
        backend = settings.llm if settings.llm != "offline" else "custom"  # a model handed in directly
        self.engine = "offline" if chat_model is None else f"{backend}:{_model_name(chat_model)}"

    # --- the runnable --------------------------------------------------------------------------

    def runnable(self) -> Runnable[dict[str, Any], AnswerResponse]:
        return (
            RunnableLambda(self._understand).with_config(run_name="understand")
            | RunnableLambda(self._gather).with_config(run_name="gather")
            | RunnableLambda(self._write).with_config(run_name="engine")
            | RunnableLambda(self._verify).with_config(run_name="verify")
        )

    def invoke(self, question: str, history: list[Turn] | None = None) -> AnswerResponse:
        return self.runnable().invoke({"question": question, "history": history or []})

    def _understand(self, state: dict[str, Any]) -> dict[str, Any]:
        started = time.perf_counter()
        previous = state["history"][-1].understanding if state["history"] else None
        understanding = understand(state["question"], self.reader.vocabulary, previous)
        return {**state, "understanding": understanding, "started": started, "timings": _lap({}, "understand", started)}

    def _gather(self, state: dict[str, Any]) -> dict[str, Any]:
        mark = time.perf_counter()
        gathered = gather(self.reader, state["question"], state["understanding"], k=self.settings.top_k)
        return {**state, "gathered": gathered, "timings": _lap(state["timings"], "retrieve", mark)}

    def _write(self, state: dict[str, Any]) -> dict[str, Any]:
        mark = time.perf_counter()
        offline = self._offline_response(state)
        state = {**state, "offline": offline}
        if self.chat_model is None or offline.refused:
            return {**state, "draft": offline, "timings": _lap(state["timings"], "compose", mark)}
        try:
            text = str(self._llm_chain().invoke(self._prompt_inputs(state)).content)
        except Exception as error:  # a backend failure must not lose the answer
            return {**state, "draft": offline, "llm_error": str(error), "timings": _lap(state["timings"], "llm", mark)}
        draft = self._response(state, text, self.engine, refused=False)
        return {**state, "draft": draft, "timings": _lap(state["timings"], "llm", mark)}

    def _verify(self, state: dict[str, Any]) -> AnswerResponse:
        mark = time.perf_counter()
        response = self._checked(state["draft"], state["offline"], state["gathered"])
        if state.get("llm_error"):
            response.warnings.append(AnswerWarning(kind=WarningKind.llm_error,
                                                   message=f"The LLM backend failed ({state['llm_error'][:200]}); "
                                                           "this is the offline answer."))  # fmt: skip
        response.warnings.extend(self.reader.vector_warnings())  # retrieval fell back to keyword search
        response.timings_ms = _lap(state["timings"], "verify", mark)
        response.timings_ms["total"] = round((time.perf_counter() - state["started"]) * 1000, 2)
        return response

    # --- the pieces ----------------------------------------------------------------------------

    def _offline_response(self, state: dict[str, Any]) -> AnswerResponse:
        covered = sorted({name[1] for name in self.reader.guide_names})
        draft = compose_offline(state["understanding"], state["gathered"], covered, state["question"])
        response = self._response(state, draft.text, "offline", refused=draft.refused)
        response.figures = [f for f in draft.figures if f.citation in {c.number for c in response.citations}]
        return response

    def _response(self, state: dict[str, Any], text: str, engine: str, refused: bool) -> AnswerResponse:
        gathered: Gathered = state["gathered"]
        cited = _cited(text, gathered.evidence.by_number())
        return AnswerResponse(
            question=state["question"],
            answer=text,
            citations=[passage.citation() for passage in cited],
            warnings=collect_warnings(
                gathered, cited, refused, state["understanding"], self.settings.effective_today()
            ),
            refused=refused,
            engine=engine,
            understanding=state["understanding"],
            retrieved_guides=gathered.retrieved_guides,
        )

    def _checked(self, draft: AnswerResponse, offline: AnswerResponse, gathered: Gathered) -> AnswerResponse:
        passages = gathered.evidence.by_number()
        result = verify(draft.answer, passages)
        if result.action == "passed":
            draft.verification = result
            return draft
        if draft is not offline:
            fallback = self._checked(offline, offline, gathered)
            fallback.verification = Verification(figures_checked=result.figures_checked, unsupported=result.unsupported,
                                                 action="fell_back", reasons=result.reasons)  # fmt: skip
            fallback.warnings.append(AnswerWarning(kind=WarningKind.verification,
                                                   message="The LLM's draft had figures its sources don't support "
                                                           "(" + "; ".join(result.reasons[:3]) + "); "
                                                           "this is the offline answer instead."))  # fmt: skip
            return fallback
        return _repaired(draft, result, passages)

    def _llm_chain(self) -> Runnable[dict[str, str], Any]:
        assert self.chat_model is not None
        return load_prompt(self.settings.prompt_file) | self.chat_model

    def _prompt_inputs(self, state: dict[str, Any]) -> dict[str, str]:
        history: list[Turn] = state["history"]
        return {
            "question": state["question"],
            "conversation": "\n".join(f"- {turn.question}" for turn in history[-4:]) or "(none)",
            "sources": render_sources(state["gathered"].evidence.passages),
        }

    # --- streaming -----------------------------------------------------------------------------

    def stream(self, question: str, history: list[Turn] | None = None) -> Iterator[StreamEvent]:
        """Yields only verified text: an LLM's sentences pass the verifier one by one before they are sent."""
        state: dict[str, Any] = {"question": question, "history": history or []}
        state = self._gather(self._understand(state))
        offline = self._offline_response(state)
        state["offline"] = offline
        if self.chat_model is None or offline.refused:
            response = self._verify({**state, "draft": offline})
            for line in response.answer.splitlines(keepends=True):
                yield StreamEvent(kind="token", text=line)
            yield StreamEvent(kind="done", response=response)
            return
        yield from self._stream_llm(state)

    def _stream_llm(self, state: dict[str, Any]) -> Iterator[StreamEvent]:
        assert self.chat_model is not None
        passages = state["gathered"].evidence.by_number()
        mark, full, pending, sent, clean = time.perf_counter(), "", "", "", True
        try:
            for chunk in self._llm_chain().stream(self._prompt_inputs(state)):
                full += str(chunk.content)
                pending += str(chunk.content)
                while clean and (end := _sentence_end(pending)) is not None:
                    sentence, pending = pending[:end], pending[end:]
                    clean = verify(sentence, passages).action == "passed"
                    if clean:
                        sent += sentence
                        yield StreamEvent(kind="token", text=sentence)
            if clean and pending and verify(pending, passages).action == "passed":
                sent += pending
                yield StreamEvent(kind="token", text=pending)
        except Exception as error:
            state["llm_error"] = str(error)
        state["timings"] = _lap(state["timings"], "llm", mark)
        # The whole draft is judged, including any sentence held back above.
        draft = state["offline"] if state.get("llm_error") else self._response(state, full, self.engine, False)
        response = self._verify({**state, "draft": draft})
        if response.answer != sent:
            yield StreamEvent(kind="replace", text=response.answer)
        yield StreamEvent(kind="done", response=response)


def load_prompt(path: Path) -> ChatPromptTemplate:
    return ChatPromptTemplate.from_messages([("system", path.read_text(encoding="utf-8")), ("human", "{question}")])


def render_sources(passages: list[Passage]) -> str:
    return "\n\n".join(
        f"[{p.number}] {p.company} — {p.role} · {p.section} (lines {p.start_line}-{p.end_line}, {p.kind}):\n{p.quote}"
        for p in passages
    )


def _cited(text: str, passages: dict[int, Passage]) -> list[Passage]:
    numbers = dict.fromkeys(int(n) for n in _MARKER.findall(text))
    return [passages[n] for n in numbers if n in passages]


def _repaired(draft: AnswerResponse, result: Verification, passages: dict[int, Passage]) -> AnswerResponse:
    """Drop every line holding an unsupported figure; keep the rest."""
    kept = [line for line in draft.answer.splitlines() if not any(bad in line for bad in result.unsupported)]
    draft.answer = "\n".join(kept).strip() or "The guides don't cover that."
    draft.verification = Verification(figures_checked=result.figures_checked, unsupported=result.unsupported,
                                      action="repaired", reasons=result.reasons)  # fmt: skip
    cited = {p.number for p in _cited(draft.answer, passages)}
    draft.citations = [c for c in draft.citations if c.number in cited]
    draft.figures = [f for f in draft.figures if f.citation in cited and f.text in draft.answer]
    return draft


def _sentence_end(buffer: str) -> int | None:
    match = _SENTENCE_DONE.search(buffer)
    return match.end() if match else None


def _lap(timings: dict[str, float], name: str, since: float) -> dict[str, float]:
    return {**timings, name: round((time.perf_counter() - since) * 1000, 2)}


def _model_name(model: BaseChatModel) -> str:
    return str(getattr(model, "model_name", None) or getattr(model, "model", None) or type(model).__name__)
