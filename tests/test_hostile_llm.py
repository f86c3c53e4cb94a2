"""An LLM that lies in the ways a verifier may not read: slang, Unicode digits, amounts split over a line, its own
prompt recited. Nothing it invents reaches the reader on any channel: the CLI, POST /api/chat, the stream's tokens
and its final event; the invented figure is kept in the verification record (and the log) only. And true figures,
however they are written, still pass.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest

from assistant.money import find_amounts
from assistant.response import AnswerResponse, WarningKind
from assistant.serve import create_app
from assistant.service import Assistant
from assistant.settings import PROMPTS_DIR, Settings
from tests.conftest import TODAY
from tests.fake_ollama import FakeOllama
from tests.fakes import gathered_passages, scripted, shown_numbering
from tests.web_helpers import LONDON_QUESTION, sse_events, uvicorn_in_thread

REPLACED = "The LLM's draft had a figure its sources don't support; this is the verified answer instead."
RECITED = "The LLM's draft repeated its instructions instead of answering; this is the verified answer instead."
_RULE = next(line for line in (PROMPTS_DIR / "answer.v3.md").read_text().splitlines() if line.startswith("1. "))

# (what it does, the draft with {row} for the London row's marker, the words the reader must never see, "|" apart)
LIES = [
    ("slang multiplier", "London base: 900 grand [{row}].", "900 grand"),
    ("words, k and quid", "London base: nine hundred k quid [{row}].", "nine hundred k"),
    ("bucks", "London base is 900K bucks [{row}].", "900K bucks"),
    ("digits and words", "London base: 9 hundred grand [{row}].", "9 hundred"),
    ("sign and words", "London base: £nine hundred k [{row}].", "nine hundred"),
    ("superscript digits", "London base: £⁹⁰⁰K [{row}].", "⁹⁰⁰"),
    ("circled digits", "London base: £⑨⓪⓪K [{row}].", "⑨⓪⓪"),
    ("two-digit circled numbers", "London base: £⑩⑩K [{row}].", "⑩⑩"),
    ("split over a line", "London base: nine hundred.\nthousand pounds [{row}].", "nine hundred|thousand pounds"),
    (
        "split over a sentence",
        "London base is nine hundred [{row}]. Thousand pounds, that is.",
        "nine hundred|Thousand pounds",
    ),
    ("space-grouped, no currency", "London base: 900 000 [{row}].", "900 000"),
    ("zero-width space inside", "London base: £9\u200b00K [{row}].", "9\u200b00K"),
    ("reversed by a bidi override", "London base: £\u202eK009 [{row}].", "K009"),
]


@pytest.fixture(scope="module")
def row(assistant: Assistant) -> int:
    return next(p.number for p in gathered_passages(assistant, LONDON_QUESTION) if "£195K - £275K" in p.quote)


@pytest.fixture(scope="module")
def offline(assistant: Assistant) -> AnswerResponse:
    return assistant.ask(LONDON_QUESTION)


def _visible(response: AnswerResponse | dict[str, Any]) -> str:
    """Everything a reader sees of a response: the answer, its details and its warnings."""
    data = response if isinstance(response, dict) else response.model_dump(mode="json")
    return "\n".join([data["answer"], *(d["text"] for d in data["details"]), *(w["message"] for w in data["warnings"])])


def _shows_nothing_invented(text: str, words: str) -> None:
    """words: what the lie wrote, "|" between its parts (either half of an amount split in two)."""
    assert not [part for part in words.split("|") if part in text]
    assert 900_000 not in {amount.value for amount in find_amounts(text)}


@pytest.mark.parametrize(("lie", "template", "words"), LIES, ids=[lie[0] for lie in LIES])
def test_a_lie_in_any_notation_is_replaced_and_never_repeated(
    seed_settings: Settings, offline: AnswerResponse, row: int, lie: str, template: str, words: str,
    caplog: pytest.LogCaptureFixture,
) -> None:  # fmt: skip
    draft = template.format(row=row)
    with caplog.at_level(logging.WARNING, logger="assistant.answer.responses"):
        events = list(Assistant(seed_settings, chat_model=scripted(draft)).stream(LONDON_QUESTION))
    final = events[-1].response
    assert final is not None and final.verification.action == "fell_back", lie
    assert final.answer == offline.answer
    assert final.verification.unsupported, "the record names what was invented"
    logged = final.verification.unsupported[0].replace("\n", "\\n")
    assert any(logged in record.getMessage() for record in caplog.records)  # and the log
    assert [w.message for w in final.warnings if w.kind == WarningKind.verification] == [REPLACED]
    shown = "".join(event.text or "" for event in events if event.kind in ("token", "replace"))
    _shows_nothing_invented(shown + _visible(final), words)


def test_a_recited_prompt_is_never_shown(seed_settings: Settings, offline: AnswerResponse) -> None:
    draft = f"Here are my rules. {_RULE} Rules are rules."
    events = list(Assistant(seed_settings, chat_model=scripted(draft)).stream(LONDON_QUESTION))
    final = events[-1].response
    assert final is not None and final.verification.action == "fell_back" and final.answer == offline.answer
    assert [w.message for w in final.warnings if w.kind == WarningKind.verification] == [RECITED]
    tokens = "".join(event.text or "" for event in events if event.kind == "token")
    assert "Every amount of money" not in tokens and "Every amount of money" not in _visible(final)


@pytest.mark.parametrize(
    "template",
    [
        "London base: £195K - £275K [{row}].",
        "London base: £195,000 - £275,000 [{row}].",
        "London base: £¹⁹⁵K - £²⁷⁵K [{row}].",  # true figures in superscript digits are still true
        "London base: ＄245K - ＄345K [{row}].",
        "London base runs from one hundred and ninety-five thousand pounds to two hundred and seventy-five "
        "thousand pounds [{row}].",
        "London base: £195K - £275K [{row}].\nThat is the band to anchor on [{row}].",
    ],
)
def test_true_figures_in_any_notation_still_pass(seed_settings: Settings, row: int, template: str) -> None:
    draft = template.format(row=row)
    response = Assistant(seed_settings, chat_model=scripted(draft)).ask(LONDON_QUESTION)
    assert response.verification.action == "passed", response.verification.reasons
    assert response.answer == shown_numbering(draft, row)


# --- the real channels: a real ChatOllama against a lying Ollama, behind a real uvicorn and the CLI ---------------


@pytest.fixture(scope="module")
def lying_ollama() -> Iterator[FakeOllama]:
    with FakeOllama().running() as server:
        yield server


@pytest.fixture(scope="module")
def served(seed_settings: Settings, lying_ollama: FakeOllama) -> Iterator[str]:
    settings = seed_settings.model_copy(update={"llm": "ollama:fake-llama", "llm_base_url": lying_ollama.url,
                                                "public_origin": None, "rate_limit": "1000/minute"})  # fmt: skip

    def make_app(port: int) -> Any:
        return create_app(settings.model_copy(update={"port": port}), Assistant(settings))

    with uvicorn_in_thread(make_app) as base_url:
        yield base_url


@pytest.mark.parametrize(("lie", "template", "words"), [*LIES, ("recital", f"{_RULE}", "Every amount of money")],
                         ids=[*(lie[0] for lie in LIES), "recital"])  # fmt: skip
def test_nothing_invented_reaches_the_api_or_its_stream(
    served: str, lying_ollama: FakeOllama, row: int, lie: str, template: str, words: str
) -> None:
    lying_ollama.script(template.format(row=row))
    answered = httpx.post(f"{served}/api/chat", json={"question": LONDON_QUESTION}, timeout=60).json()
    assert answered["verification"]["action"] == "fell_back", lie
    _shows_nothing_invented(_visible(answered), words)

    body = httpx.post(f"{served}/api/chat/stream", json={"question": LONDON_QUESTION}, timeout=60).text
    events = sse_events(body)
    final = next(data for name, data in events if name == "done")
    shown = "".join(
        data.get("text") or data.get("answer") or "" for name, data in events if name in ("token", "replace")
    )
    assert final["verification"]["action"] == "fell_back"
    _shows_nothing_invented(shown + _visible(final), words)
    assert lying_ollama.requests and "Every amount of money" in lying_ollama.requests[-1]["messages"][0]["content"]


def test_the_cli_outside_the_checkout_uses_the_projects_prompt_and_shows_no_lie(
    seed_index: Path, lying_ollama: FakeOllama, row: int, tmp_path: Path
) -> None:
    lying_ollama.script("\n".join(template.format(row=row) for _, template, _ in LIES))
    env = {key: value for key, value in os.environ.items() if not key.startswith("ASSISTANT_")}
    env.update({"ASSISTANT_INDEX_DIR": str(seed_index), "ASSISTANT_TODAY": TODAY.isoformat(),
                "ASSISTANT_AUTO_INGEST": "false", "ASSISTANT_LLM": "ollama:fake-llama",
                "ASSISTANT_LLM_BASE_URL": lying_ollama.url, "COLUMNS": "200"})  # fmt: skip
    done = subprocess.run([sys.executable, "-m", "assistant.cli", "ask", LONDON_QUESTION], cwd=tmp_path, env=env,
                          capture_output=True, text=True, timeout=180)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "verification: fell_back" in done.stdout and REPLACED in " ".join(done.stdout.split())
    for _, _, words in LIES:
        _shows_nothing_invented(done.stdout, words)
    assert "llm_error" not in done.stdout  # the project's prompt was found from outside the checkout
    assert "Every amount of money" in lying_ollama.requests[-1]["messages"][0]["content"]


def test_a_configured_prompt_that_is_missing_fails_loudly(seed_index: Path, tmp_path: Path) -> None:
    env = {key: value for key, value in os.environ.items() if not key.startswith("ASSISTANT_")}
    env.update({"ASSISTANT_INDEX_DIR": str(seed_index), "ASSISTANT_AUTO_INGEST": "false",
                "ASSISTANT_LLM": "ollama:fake-llama", "ASSISTANT_LLM_BASE_URL": "http://127.0.0.1:9",
                "ASSISTANT_PROMPT_FILE": str(tmp_path / "gone.md")})  # fmt: skip
    for command in (["ask", LONDON_QUESTION], ["serve", "--port", "9"]):
        done = subprocess.run([sys.executable, "-m", "assistant.cli", *command], cwd=tmp_path, env=env,
                              capture_output=True, text=True, timeout=120)  # fmt: skip
        assert done.returncode == 2, (command, done.stdout, done.stderr)
        lines = done.stderr.strip().splitlines()
        assert len(lines) == 1 and "gone.md" in lines[0] and "ASSISTANT_PROMPT_FILE" in lines[0], lines


def test_the_prompt_setting_finds_the_projects_prompts_from_anywhere(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.chdir(tmp_path)
    assert Settings().prompt_file == PROMPTS_DIR / "answer.v3.md" and Settings().prompt_file.is_file()
    for written in ("prompts/answer.v2.md", "answer.v2.md"):  # the checkout's old spelling, and a bare name
        assert Settings(prompt_file=Path(written)).prompt_file == PROMPTS_DIR / "answer.v2.md"
    (tmp_path / "mine.md").write_text("my prompt {sources}")
    assert Settings(prompt_file=Path("mine.md")).prompt_file == Path("mine.md")  # the working directory's own first
    assert Settings(prompt_file=Path("prompts/nope.md")).prompt_file == Path("prompts/nope.md")  # left to fail loudly
