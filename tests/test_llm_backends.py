"""Chat models from ASSISTANT_LLM, as LangChain users configure them, and a real ChatOllama against a fake server.

The factory tests build the real LangChain classes (nothing is called). The Ollama tests run
langchain-ollama's ChatOllama over a real socket against tests/fake_ollama.py, which speaks Ollama's
streamed /api/chat and misbehaves on demand: it invents a figure, or drops the connection mid-stream.
"""

from __future__ import annotations

import importlib.util
import os
import pty
import re
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from langchain_anthropic import ChatAnthropic
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage
from langchain_ollama import ChatOllama
from langchain_openai import ChatOpenAI

from assistant.answer import llms
from assistant.answer.llms import LLMRegistry, default_registry
from assistant.errors import AssistantError
from assistant.response import StreamEvent, WarningKind
from assistant.service import Assistant
from assistant.settings import Settings
from tests.conftest import REPO, TODAY
from tests.fake_ollama import FakeOllama, words_of
from tests.fakes import gathered_passages, shown_numbering

LONDON = "What's a fair London ask for an ML engineer at Jane Street?"
ANSI_CONTROL = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")  # colours and cursor moves: the terminal's, not the text's


def _create(**settings: Any) -> Any:
    return default_registry().create(Settings(**settings))


# --- building chat models ------------------------------------------------------------------------


def test_ollama_uses_its_own_chat_model_at_the_servers_root() -> None:
    model = _create(llm="ollama:llama3.1:8b", llm_base_url="http://127.0.0.1:11434/v1", llm_timeout_s=7)
    assert isinstance(model, ChatOllama)
    assert (model.model, model.base_url, model.temperature) == ("llama3.1:8b", "http://127.0.0.1:11434", 0)
    assert model.client_kwargs == {"timeout": 7}
    legacy = _create(llm="ollama", llm_model="qwen2.5")  # the model from ASSISTANT_LLM_MODEL
    assert isinstance(legacy, ChatOllama) and legacy.model == "qwen2.5" and legacy.base_url is None


@pytest.mark.parametrize("value", ["openai-compatible:qwen2.5", "openai-compatible"])
def test_openai_compatible_servers_keep_working(value: str) -> None:
    model = _create(llm=value, llm_model="qwen2.5", llm_base_url="http://127.0.0.1:8001/v1")
    assert isinstance(model, ChatOpenAI)
    assert (model.model_name, model.openai_api_base, model.temperature) == ("qwen2.5", "http://127.0.0.1:8001/v1", 0)


def test_hosted_providers_take_provider_and_model() -> None:
    openai = _create(llm="openai:gpt-4o-mini", llm_api_key="sk-test")
    assert isinstance(openai, ChatOpenAI) and openai.model_name == "gpt-4o-mini"
    assert openai.openai_api_key is not None and openai.openai_api_key.get_secret_value() == "sk-test"
    assert _create(llm="openai", llm_api_key="sk-test").model_name == "gpt-4o-mini"  # the old spelling
    anthropic = _create(llm="anthropic:claude-haiku-4-5", llm_api_key="sk-ant-test", llm_timeout_s=9)
    assert isinstance(anthropic, ChatAnthropic) and anthropic.model == "claude-haiku-4-5"
    assert anthropic.default_request_timeout == 9


def test_offline_is_no_model_at_all() -> None:
    assert _create(llm="offline") is None and _create(llm="") is None


@pytest.mark.parametrize(
    ("settings", "says"),
    [
        ({"llm": "nonsense"}, "Unknown ASSISTANT_LLM 'nonsense'"),
        ({"llm": "nonsense:some-model"}, "Unknown LLM provider 'nonsense'"),
        ({"llm": "ollama"}, "needs a model: write it as ollama:MODEL"),
        ({"llm": "openai-compatible:qwen2.5"}, "needs ASSISTANT_LLM_BASE_URL"),
        ({"llm": "openai-compatible", "llm_base_url": "http://127.0.0.1:8001/v1"}, "needs a model"),
        ({"llm": "openai:gpt-4o-mini"}, "needs an API key: set ASSISTANT_LLM_API_KEY (or OPENAI_API_KEY)"),
        ({"llm": "anthropic"}, "needs an API key: set ASSISTANT_LLM_API_KEY (or ANTHROPIC_API_KEY)"),
    ],
)
def test_misconfiguration_is_one_sentence(settings: dict[str, str], says: str, monkeypatch: pytest.MonkeyPatch) -> None:
    for variable in ("OPENAI_API_KEY", "ANTHROPIC_API_KEY"):
        monkeypatch.delenv(variable, raising=False)
    with pytest.raises(AssistantError) as caught:
        _create(**settings)
    message = str(caught.value)
    assert says in message and "\n" not in message and message.endswith(".")


@pytest.mark.skipif(importlib.util.find_spec("langchain_mistralai") is not None, reason="the package is installed")
def test_a_provider_whose_package_is_missing_says_which() -> None:
    with pytest.raises(AssistantError, match=r"needs a package that is not installed .*langchain-mistralai"):
        _create(llm="mistralai:mistral-large-latest")


def test_plugins_register_backends_and_receive_the_model(monkeypatch: pytest.MonkeyPatch) -> None:
    seen: list[str | None] = []

    def house_model(settings: Settings) -> GenericFakeChatModel:
        seen.append(settings.llm_model)
        return GenericFakeChatModel(messages=iter([AIMessage(content="hi")]))

    class EntryPoint:  # what importlib.metadata hands over for an installed plugin
        def load(self) -> Any:
            return lambda registry: registry.register("house", house_model)

    monkeypatch.setattr(llms, "entry_points", lambda group: [EntryPoint()] if group == "assistant.llms" else [])
    registry = default_registry()
    assert "house" in registry.names() and "ollama" in registry.names()
    assert isinstance(registry.create(Settings(llm="house:house-7b")), GenericFakeChatModel)
    assert isinstance(registry.create(Settings(llm="house", llm_model="house-13b")), GenericFakeChatModel)
    assert seen == ["house-7b", "house-13b"]
    assert LLMRegistry().names() == ["offline"]


def test_cli_reports_a_misconfigured_llm_in_one_line(seed_index: Path) -> None:
    env = {**os.environ, "ASSISTANT_INDEX_DIR": str(seed_index), "ASSISTANT_LLM": "olama:llama3.1"}
    done = subprocess.run([sys.executable, "-m", "assistant.cli", "ask", "Jane Street London base?"], cwd=REPO,
                          env=env, capture_output=True, text=True, timeout=120)  # fmt: skip
    assert done.returncode == 2 and done.stdout == ""
    assert done.stderr.strip().splitlines() == [
        "Error: Unknown LLM provider 'olama' in ASSISTANT_LLM=olama:llama3.1: use offline or ollama:llama3.1, "
        "openai:gpt-4o-mini, anthropic:claude-sonnet-4-5, or openai-compatible:MODEL."
    ]


# --- a real ChatOllama against a fake Ollama server ----------------------------------------------


@pytest.fixture(scope="module")
def ollama() -> Iterator[FakeOllama]:
    with FakeOllama().running() as server:
        yield server


@pytest.fixture(scope="module")
def row(assistant: Assistant) -> int:
    """The London table row's passage number, as the LLM is shown it."""
    return next(p.number for p in gathered_passages(assistant, LONDON) if "£195K - £275K" in p.quote)


def _ollama_assistant(seed_settings: Settings, server: FakeOllama) -> Assistant:
    return Assistant(seed_settings.model_copy(update={"llm": "ollama:fake-llama", "llm_base_url": server.url}))


def _tokens(events: list[StreamEvent]) -> list[str]:
    return [event.text or "" for event in events if event.kind == "token"]


def test_chat_ollama_streams_a_faithful_answer_sentence_by_sentence(
    seed_settings: Settings, ollama: FakeOllama, row: int
) -> None:
    text = f"London base is £195K - £275K ($245K - $345K) [{row}]. That is the band to anchor on [{row}]."
    ollama.script(text)
    product = _ollama_assistant(seed_settings, ollama)
    assert isinstance(product.chain.chat_model, ChatOllama) and product.chain.engine == "ollama:fake-llama"
    events = list(product.stream(LONDON))
    final = events[-1].response
    assert final is not None and final.verification.action == "passed" and final.engine == "ollama:fake-llama"
    assert len(_tokens(events)) == 2 and "".join(_tokens(events)) == final.answer == shown_numbering(text, row)
    request = ollama.requests[-1]
    assert request["model"] == "fake-llama" and request["stream"] is True and request["options"]["temperature"] == 0
    system, human = request["messages"][0], request["messages"][-1]
    assert system["role"] == "system" and "| **London** | £195K - £275K" in system["content"]
    assert human == {"role": "user", "content": LONDON}
    assert product.ask(LONDON).answer == final.answer  # invoke runs the same path


def test_chat_ollama_inventing_a_figure_never_reaches_the_user(
    seed_settings: Settings, assistant: Assistant, ollama: FakeOllama, row: int
) -> None:
    ollama.script(f"London base is £195K - £275K [{row}]. Ask for £900K base to be safe [{row}]. Good luck.")
    events = list(_ollama_assistant(seed_settings, ollama).stream(LONDON))
    assert not any("£900K" in (event.text or "") for event in events if event.kind == "token")
    final = events[-1].response
    assert final is not None and final.verification.action == "fell_back" and "£900K" in final.verification.unsupported
    assert final.answer == assistant.ask(LONDON).answer and events[-2].kind == "replace"
    assert any(w.kind == WarningKind.verification for w in final.warnings)


def test_chat_ollama_dropping_the_connection_mid_stream_leaves_the_offline_answer(
    seed_settings: Settings, assistant: Assistant, ollama: FakeOllama, row: int
) -> None:
    first = f"London base is £195K - £275K [{row}]. "
    ollama.script(first + "The bonus band is wide and", drop_after_words=len(words_of(first)) + 3)
    events = list(_ollama_assistant(seed_settings, ollama).stream(LONDON))
    assert _tokens(events) == [shown_numbering(first, row)]  # what passed before the drop was shown…
    final = events[-1].response
    assert final is not None and [e.kind for e in events][-2:] == ["replace", "done"]  # …then replaced
    assert final.answer == assistant.ask(LONDON).answer and final.engine == "offline"
    failure = next(w for w in final.warnings if w.kind == WarningKind.llm_error)
    assert "peer closed connection" in failure.message
    assert "llm" in final.timings_ms


def test_ask_streams_in_the_terminal_as_sentences_pass(seed_index: Path, ollama: FakeOllama, row: int) -> None:
    """In a real terminal (a pty), the first verified sentence shows while the model is still writing."""
    first, second = f"London base is £195K - £275K [{row}]. ", "Aim near the top of that band."
    ollama.script(first + second, hold_after_words=len(words_of(first)))
    env = {**os.environ, "ASSISTANT_INDEX_DIR": str(seed_index), "ASSISTANT_TODAY": TODAY.isoformat(),
           "ASSISTANT_AUTO_INGEST": "false", "ASSISTANT_LLM": "ollama:fake-llama", "ASSISTANT_LLM_BASE_URL": ollama.url,
           "TERM": "xterm-256color", "COLUMNS": "120", "LINES": "50"}  # fmt: skip
    controller, terminal = pty.openpty()
    process = subprocess.Popen([sys.executable, "-m", "assistant.cli", "ask", LONDON], cwd=REPO, env=env,
                               stdin=terminal, stdout=terminal, stderr=terminal, close_fds=True)  # fmt: skip
    os.close(terminal)
    try:
        shown = _read_until(controller, lambda text: "£195K" in text, seconds=180)
        assert "£195K - £275K" in shown and "top of that band" not in shown  # streamed before the rest exists
        ollama.release.set()
        shown += _read_until(controller, lambda text: "engine:" in text, seconds=60)
        assert process.wait(timeout=30) == 0, shown
    finally:
        ollama.release.set()
        if process.poll() is None:
            process.kill()
        os.close(controller)
    assert "top of that band" in shown and "engine: ollama:fake-llama" in shown and "verification: passed" in shown


def _read_until(controller: int, done: Any, seconds: float) -> str:
    text, deadline = "", time.monotonic() + seconds
    while time.monotonic() < deadline and not done(text):
        ready, _, _ = select.select([controller], [], [], 0.2)
        if ready:
            try:
                chunk = os.read(controller, 65536)
            except OSError:  # the terminal closed: the process has exited
                break
            text += ANSI_CONTROL.sub("", chunk.decode("utf-8", errors="replace"))
    return text
