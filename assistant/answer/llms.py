"""LLM backends: one small registry, built-in backends and plugins alike.

A backend is a factory from Settings to a LangChain chat model. Plugins add
their own through the `assistant.answer.llms` entry-point group, each entry point
being a callable that receives the registry and registers into it.
"""

from __future__ import annotations

from collections.abc import Callable
from importlib.metadata import entry_points
from typing import TYPE_CHECKING

from assistant.errors import AssistantError
from assistant.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

ChatModelFactory = Callable[[Settings], "BaseChatModel"]
OFFLINE = "offline"


class LLMRegistry:
    def __init__(self) -> None:
        self._factories: dict[str, ChatModelFactory] = {}

    def register(self, name: str, factory: ChatModelFactory) -> None:
        self._factories[name] = factory

    def names(self) -> list[str]:
        return [OFFLINE, *sorted(self._factories)]

    def create(self, settings: Settings) -> BaseChatModel | None:
        """The configured chat model, or None for the offline engine."""
        if settings.llm in ("", OFFLINE):
            return None
        factory = self._factories.get(settings.llm)
        if factory is None:
            raise AssistantError(f"Unknown ASSISTANT_LLM '{settings.llm}': use one of {', '.join(self.names())}.")
        return factory(settings)


def default_registry() -> LLMRegistry:
    registry = LLMRegistry()
    registry.register("openai-compatible", _openai_compatible)
    registry.register("openai", _openai)
    registry.register("anthropic", _anthropic)
    for plugin in entry_points(group="assistant.llms"):
        plugin.load()(registry)
    return registry


def _require(value: str | None, variable: str, backend: str) -> str:
    if not value:
        raise AssistantError(
            f"ASSISTANT_LLM={backend} needs {variable}: set it, or unset ASSISTANT_LLM to answer offline."
        )
    return value


def _openai_compatible(settings: Settings) -> BaseChatModel:
    """Any server speaking the OpenAI chat API: Ollama, vLLM, llama.cpp's server."""
    from langchain_openai import ChatOpenAI

    api_key = settings.llm_api_key.get_secret_value() if settings.llm_api_key else "not-needed"
    return ChatOpenAI(
        base_url=_require(settings.llm_base_url, "ASSISTANT_LLM_BASE_URL", settings.llm),
        model=_require(settings.llm_model, "ASSISTANT_LLM_MODEL", settings.llm),
        api_key=api_key,  # type: ignore[arg-type]
        temperature=0,
        timeout=settings.llm_timeout_s,
        max_retries=2,
    )


def _openai(settings: Settings) -> BaseChatModel:
    from langchain_openai import ChatOpenAI

    key = _require(settings.llm_api_key.get_secret_value() if settings.llm_api_key else None,
                   "ASSISTANT_LLM_API_KEY", settings.llm)  # fmt: skip
    return ChatOpenAI(model=settings.llm_model or "gpt-4o-mini", api_key=key, temperature=0,  # type: ignore[arg-type]
                      timeout=settings.llm_timeout_s, max_retries=2)  # fmt: skip


def _anthropic(settings: Settings) -> BaseChatModel:
    from langchain_anthropic import ChatAnthropic

    key = _require(settings.llm_api_key.get_secret_value() if settings.llm_api_key else None,
                   "ASSISTANT_LLM_API_KEY", settings.llm)  # fmt: skip
    return ChatAnthropic(model=settings.llm_model or "claude-sonnet-4-5", api_key=key, temperature=0,  # type: ignore[arg-type,call-arg]
                         timeout=settings.llm_timeout_s, max_retries=2)  # fmt: skip
