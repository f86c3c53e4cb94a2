"""What an LLM engine is given: the versioned prompt file, the numbered sources and the conversation."""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

from assistant.errors import AssistantError
from assistant.evidence import Passage
from assistant.response import DerivedFigure, Turn
from assistant.settings import PROMPTS_DIR

if TYPE_CHECKING:  # LangChain only when an LLM is prompted: offline answers start without it
    from langchain_core.prompts import ChatPromptTemplate

CONVERSATION_TURNS = 4  # earlier questions an LLM sees: enough for "and in Hong Kong?", short enough to stay cheap


def read_prompt(path: Path) -> str:
    """The prompt file's text. A configured prompt that can't be read is an error the operator must see, never an
    LLM that silently stops being used."""
    try:
        return path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError) as error:
        reason = getattr(error, "strerror", None) or type(error).__name__
        raise AssistantError(
            f"The LLM's prompt file {path} can't be read ({reason.lower()}): set ASSISTANT_PROMPT_FILE to a prompt "
            f"file, or unset it to use the project's prompt ({PROMPTS_DIR / 'answer.v3.md'})."
        ) from None


def prompt_template(text: str) -> ChatPromptTemplate:
    from langchain_core.prompts import ChatPromptTemplate

    return ChatPromptTemplate.from_messages([("system", text), ("human", "{question}")])


def load_prompt(path: Path) -> ChatPromptTemplate:
    return prompt_template(read_prompt(path))


def render_sources(passages: list[Passage]) -> str:
    return "\n\n".join(
        f"[{p.number}] {p.company} — {p.role} · {p.section} (lines {p.start_line}-{p.end_line}, {p.kind}):\n{p.quote}"
        for p in passages
    )


def render_derived(derived: list[DerivedFigure]) -> str:
    """The figures the offline engine computed from the sources: the only computed figures an LLM may write."""
    if not derived:
        return "(none)"
    return "\n".join(
        f"- {figure.text} ({figure.rule}; from "
        + ", ".join(f"{value.value:,} {value.currency} [{value.citation}]" for value in figure.inputs)
        + ")"
        for figure in derived
    )


def prompt_inputs(question: str, history: list[Turn], passages: list[Passage],
                  derived: list[DerivedFigure] | None = None) -> dict[str, str]:  # fmt: skip
    return {
        "question": question,
        "conversation": "\n".join(f"- {turn.question}" for turn in history[-CONVERSATION_TURNS:]) or "(none)",
        "sources": render_sources(passages),
        "derived": render_derived(derived or []),
    }
