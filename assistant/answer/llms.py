"""LLM backends: `ASSISTANT_LLM` names a chat model the way LangChain's `init_chat_model` does.

    offline                        the default: no LLM; the offline engine writes every answer
    ollama:llama3.1                Ollama through its own chat model (langchain-ollama's ChatOllama)
    openai:gpt-4o-mini             OpenAI; anthropic:claude-sonnet-4-5 for Anthropic
    openai-compatible:MODEL        any server speaking the OpenAI chat API at ASSISTANT_LLM_BASE_URL
                                   (vLLM, llama.cpp's server, Ollama's /v1)
    PROVIDER:MODEL                 any other provider init_chat_model knows, once its package is installed
    openai, anthropic, ollama, openai-compatible   the same, with the model from ASSISTANT_LLM_MODEL
    a plugin's name                a backend from the `assistant.llms` entry-point group

A plugin's entry point is a callable that receives the registry and registers factories into it;
a factory turns Settings into a LangChain chat model. "name:model" reaches a plugin's factory too,
with the model in `settings.llm_model`.
"""

from __future__ import annotations

import os
from collections.abc import Callable
from dataclasses import dataclass
from importlib.metadata import entry_points
from typing import TYPE_CHECKING, Any

from assistant.errors import AssistantError
from assistant.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

ChatModelFactory = Callable[[Settings], "BaseChatModel"]
OFFLINE = "offline"
EXAMPLES = "ollama:llama3.1, openai:gpt-4o-mini, anthropic:claude-sonnet-4-5, or openai-compatible:MODEL"


@dataclass(frozen=True)
class LLMChoice:
    """ASSISTANT_LLM read as provider and model: "ollama:llama3.1:8b" is ("ollama", "llama3.1:8b")."""

    provider: str
    model: str | None

    @classmethod
    def of(cls, value: str) -> LLMChoice:
        if not value.strip():
            return cls(OFFLINE, None)
        provider, _, model = value.strip().partition(":")
        return cls(provider.strip(), model.strip() or None)

    @property
    def offline(self) -> bool:
        return self.provider == OFFLINE


class LLMRegistry:
    def __init__(self) -> None:
        self._factories: dict[str, ChatModelFactory] = {}

    def register(self, name: str, factory: ChatModelFactory) -> None:
        self._factories[name] = factory

    def names(self) -> list[str]:
        return [OFFLINE, *sorted(self._factories)]

    def create(self, settings: Settings) -> BaseChatModel | None:
        """The configured chat model, or None for the offline engine."""
        choice = LLMChoice.of(settings.llm)
        if choice.offline:
            return None
        configured = settings.model_copy(update={"llm_model": choice.model}) if choice.model else settings
        factory = self._factories.get(choice.provider)
        if factory is not None:
            return factory(configured)
        if not choice.provider or choice.model is None:
            backends = ", ".join(self.names()[1:])
            message = f"Unknown ASSISTANT_LLM '{settings.llm}': use offline, {EXAMPLES}, or a backend ({backends})."
            raise AssistantError(message)
        return chat_model(configured, choice.provider, choice.model, **_common(configured))


def default_registry() -> LLMRegistry:
    registry = LLMRegistry()
    registry.register("ollama", _ollama)
    registry.register("openai-compatible", _openai_compatible)
    registry.register("openai", _hosted("openai", "OPENAI_API_KEY", default_model="gpt-4o-mini"))
    registry.register("anthropic", _hosted("anthropic", "ANTHROPIC_API_KEY", default_model="claude-sonnet-4-5"))
    for plugin in entry_points(group="assistant.llms"):
        plugin.load()(registry)
    return registry


def chat_model(settings: Settings, provider: str, model: str, **options: Any) -> BaseChatModel:
    """LangChain's init_chat_model, with every way it can fail turned into one sentence."""
    try:
        from langchain.chat_models import init_chat_model
    except ImportError:
        raise _missing(settings, "the LLM extra (pip install 'negotiation-assistant[llm]')") from None
    try:
        return init_chat_model(model, model_provider=provider, **options)
    except ImportError as error:
        raise _missing(settings, f"a package that is not installed ({_first_line(error)})") from None
    except ValueError as error:
        if not str(error).startswith("Unsupported"):
            raise _setup_failed(settings, error) from None
        message = f"Unknown LLM provider '{provider}' in ASSISTANT_LLM={settings.llm}: use offline or {EXAMPLES}."
        raise AssistantError(message) from None
    except Exception as error:  # the provider's own validation, e.g. a malformed URL
        raise _setup_failed(settings, error) from None


def _ollama(settings: Settings) -> BaseChatModel:
    """Ollama's native API through ChatOllama. Its base URL is the server's root: a "/v1" left over
    from the OpenAI-compatible configuration is dropped, since Ollama's own API never lives there."""
    model = _require(settings.llm_model, "a model: write it as ollama:MODEL, e.g. ollama:llama3.1", settings)
    options: dict[str, Any] = {"temperature": 0, "client_kwargs": {"timeout": settings.llm_timeout_s}}
    if settings.llm_base_url:
        options["base_url"] = settings.llm_base_url.rstrip("/").removesuffix("/v1")
    return chat_model(settings, "ollama", model, **options)


def _openai_compatible(settings: Settings) -> BaseChatModel:
    """Any server speaking the OpenAI chat API: vLLM, llama.cpp's server, Ollama's /v1."""
    base_url = _require(settings.llm_base_url, "ASSISTANT_LLM_BASE_URL (the server's /v1 address)", settings)
    model = _require(settings.llm_model, "a model: write it as openai-compatible:MODEL", settings)
    options = {**_common(settings), "base_url": base_url}
    options.setdefault("api_key", "not-needed")  # local servers ignore it, but the client insists on one
    return chat_model(settings, "openai", model, **options)


def _hosted(provider: str, key_variable: str, default_model: str) -> ChatModelFactory:
    """A hosted provider: its key from ASSISTANT_LLM_API_KEY, or the provider's own variable."""

    def create(settings: Settings) -> BaseChatModel:
        if settings.llm_api_key is None and not os.environ.get(key_variable):
            raise _missing(settings, f"an API key: set ASSISTANT_LLM_API_KEY (or {key_variable})")
        return chat_model(settings, provider, settings.llm_model or default_model, **_common(settings))

    return create


def _common(settings: Settings) -> dict[str, Any]:
    """What every answer needs from any chat model: deterministic text, a bounded wait, a few retries."""
    options: dict[str, Any] = {"temperature": 0, "timeout": settings.llm_timeout_s, "max_retries": 2}
    if settings.llm_api_key is not None:
        options["api_key"] = settings.llm_api_key.get_secret_value()
    if settings.llm_base_url:
        options["base_url"] = settings.llm_base_url
    return options


def _require(value: str | None, what: str, settings: Settings) -> str:
    if not value:
        raise _missing(settings, what)
    return value


def _missing(settings: Settings, what: str) -> AssistantError:
    return AssistantError(f"ASSISTANT_LLM={settings.llm} needs {what}; or unset ASSISTANT_LLM to answer offline.")


def _setup_failed(settings: Settings, error: Exception) -> AssistantError:
    return AssistantError(
        f"ASSISTANT_LLM={settings.llm} could not be set up ({_first_line(error)}): "
        "check ASSISTANT_LLM_MODEL, ASSISTANT_LLM_BASE_URL and ASSISTANT_LLM_API_KEY."
    )


def _first_line(error: Exception) -> str:
    return (str(error).strip().splitlines() or [type(error).__name__])[0].rstrip(".")


def backend_of(settings: Settings) -> str:
    """The provider part of ASSISTANT_LLM, for naming the engine: "ollama" for "ollama:llama3.1"."""
    return LLMChoice.of(settings.llm).provider
