"""The one place configuration comes from: environment variables (ASSISTANT_*) and CLI flags."""

from __future__ import annotations

import os
from datetime import date
from pathlib import Path
from typing import Annotated

from pydantic import AliasChoices, Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict

# The versioned prompts live at the project's top level (prompts/); found from the package, so a process started
# in any working directory reads the same files.
PROMPTS_DIR = Path(__file__).resolve().parents[1] / "prompts"


def user_model_cache() -> Path:
    """The user's cache folder for the embedding model's ONNX file (XDG_CACHE_HOME, else ~/.cache): made once
    per machine from the packaged weights and shared by every index and checkout."""
    root = os.environ.get("XDG_CACHE_HOME") or Path.home() / ".cache"
    return Path(root) / "negotiation-assistant" / "models"


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    # Where things live.
    index_dir: Path = Field(Path("index"), description="The built index (ASSISTANT_INDEX_DIR)")
    corpus_dir: Path = Field(Path("seeds"), description="The guides `assistant ingest` reads by default")
    prompts_dir: Path = Field(PROMPTS_DIR, description="The project's versioned prompts (prompts/)")
    evals_dir: Path = Field(Path("evals"))
    model_cache_dir: Path = Field(
        default_factory=user_model_cache,
        description="Holds the embedding model's ONNX file, exported once from the packaged weights",
    )

    # Guides.
    max_guide_bytes: int = Field(1_000_000, description="Larger files are refused as not being a guide")
    stale_after_days: int = 180
    today: date | None = Field(None, description="Overrides today's date for staleness checks")

    # Answering.
    llm: str = Field("offline", description="offline, provider:model (e.g. ollama:llama3.1), or a plugin's name")
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout_s: float = 60.0
    prompt_file: Path = Field(
        PROMPTS_DIR / "answer.v3.md",
        description="The LLM engine's prompt; a relative path is read from the working directory, else (a bare "
        "name or prompts/NAME) from the project's prompts/",
    )
    email_template: Path = Field(PROMPTS_DIR / "offer-email.v1.md", description="The counter e-mail's template")
    top_k: int = 8
    # LangSmith's own switch (not ASSISTANT_*): while on, offline answers run as the LangChain chain too, so its
    # tracer sees each stage; while off they skip LangChain's import (answer/pipeline.py).
    langsmith_tracing: bool = Field(
        False, validation_alias=AliasChoices("LANGSMITH_TRACING", "LANGCHAIN_TRACING_V2", "langsmith_tracing")
    )
    auto_ingest: bool = Field(True, description="Build the index from corpus_dir on first use when it is missing")

    # Serving.
    host: str = "127.0.0.1"
    port: int = 8000
    allowed_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Comma-separated origins allowed to embed the widget; empty = same origin"
    )
    public_origin: str | None = Field(
        None,
        description="The origin browsers reach this server at, e.g. https://assistant.example; default http://host:port",
    )
    rate_limit: str = Field("30/minute", description="Per-client limit on chat and search, in limits' notation")
    rate_limit_storage: str = Field(
        "memory://", description="limits storage URI: memory:// counts per worker; redis://host:6379 counts across them"
    )
    trusted_proxies: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Comma-separated proxy IPs/networks whose X-Forwarded-For names the client"
    )
    admin_api_key: SecretStr | None = None
    max_question_chars: int = 2000
    max_letter_chars: int = 12_000  # an offer letter pasted or sent to `assistant offer` / POST /api/offer
    max_body_bytes: int = 16_384
    max_header_bytes: int = Field(
        32_768, ge=1_024, description="The request line and headers together; a larger head gets 431"
    )
    request_timeout_s: float = Field(
        10.0, gt=0, description="How long a client may take to send its headers, and again its body (408 after)"
    )
    shutdown_grace_s: float = Field(
        10.0, ge=0, description="On SIGTERM: how long running answers may take to finish before they end with an error"
    )
    api_docs: bool = Field(False, description="Serve /docs (Swagger UI, loaded from a CDN: needs the network)")
    min_free_mb: int = Field(
        50, ge=0, description="An ingest refuses to start writing unless this much more than it needs is free"
    )
    workers: int = Field(1, ge=1, description="Web worker processes (`assistant serve --workers`)")
    embedding_threads: int | None = Field(
        None,
        ge=1,
        description="Embedding threads of a process that answers. Unset: one in a long-lived process (a web "
        "worker, `assistant chat`), whose requests share the cores and embed one short question at a time; every "
        "core in a one-shot `assistant ask` or `eval`, whose advice question embeds its guide's sentences at once",
    )

    # Vectors on a Chroma server instead of embedded in index_dir (the catalog and BM25 stay in index_dir).
    chroma_url: str | None = Field(None, description="A Chroma server for the vectors, e.g. http://127.0.0.1:8001")
    chroma_api_key: SecretStr | None = Field(None, description="Sent to the Chroma server as X-Chroma-Token")
    chroma_headers: dict[str, str] = Field(
        default_factory=dict, description='More headers for the Chroma server, as JSON: {"Authorization": "Bearer …"}'
    )

    # Conversations, kept in SQLite so every worker sees them and they outlive a restart.
    conversations_file: Path | None = Field(None, description="Default: conversations.sqlite3 in the index folder")
    max_conversations: int = Field(1_000, ge=1, description="Least recently used beyond this are forgotten")
    max_conversation_turns: int = Field(20, ge=1, description="Follow-ups only look at the last few turns")
    conversation_ttl_s: int = Field(86_400, ge=1, description="A conversation unused this long is forgotten")

    @field_validator("prompt_file", mode="after")
    @classmethod
    def _shipped_prompt(cls, path: Path) -> Path:
        return prompt_path(path)

    @field_validator("allowed_origins", "trusted_proxies", mode="before")
    @classmethod
    def _split_list(cls, value: object) -> object:
        if isinstance(value, str):
            return [item.strip().rstrip("/") for item in value.split(",") if item.strip()]
        return value

    def effective_today(self) -> date:
        return self.today or date.today()

    def own_origins(self) -> list[str]:
        """The origins of this server's own pages: public_origin, else derived from host and port."""
        if self.public_origin:
            return [self.public_origin.strip().rstrip("/")]
        origins = [f"http://{_url_host(self.host)}:{self.port}"]
        if self.host in _LOOPBACK_NAMES:  # the demo page may be opened under either loopback name
            origins += [f"http://{_url_host(name)}:{self.port}" for name in _LOOPBACK_NAMES if name != self.host]
        return origins

    def effective_conversations_file(self) -> Path:
        return self.conversations_file or self.index_dir / "conversations.sqlite3"


def prompt_path(path: Path) -> Path:
    """A prompt file as given; but `prompts/answer.v2.md` (the name the checkout used) or `answer.v2.md`, when the
    working directory has no such file, is the project's prompt of that name, so `ask` or `serve` started outside
    the checkout still finds it. Whether the file exists is checked when an LLM needs it."""
    shipped = PROMPTS_DIR / path.name
    checkout_name = path.parent in (Path("."), Path("prompts"))
    if not path.is_absolute() and not path.exists() and checkout_name and shipped.exists():
        return shipped
    return path


_LOOPBACK_NAMES = ("127.0.0.1", "localhost")


def _url_host(host: str) -> str:
    return f"[{host}]" if ":" in host else host  # an IPv6 address is bracketed in a URL
