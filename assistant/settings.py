"""The one place configuration comes from: environment variables (ASSISTANT_*) and CLI flags."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Annotated

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import BaseSettings, NoDecode, SettingsConfigDict


class Settings(BaseSettings):
    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", extra="ignore")

    # Where things live.
    index_dir: Path = Field(Path("index"), description="The built index (ASSISTANT_INDEX_DIR)")
    corpus_dir: Path = Field(Path("seeds"), description="The guides `assistant ingest` reads by default")
    prompts_dir: Path = Field(Path("prompts"))
    evals_dir: Path = Field(Path("evals"))

    # Guides.
    max_guide_bytes: int = Field(1_000_000, description="Larger files are refused as not being a guide")
    stale_after_days: int = 180
    today: date | None = Field(None, description="Overrides today's date for staleness checks")

    # Answering.
    llm: str = Field("offline", description="offline | openai-compatible | openai | anthropic | a plugin's name")
    llm_base_url: str | None = None
    llm_model: str | None = None
    llm_api_key: SecretStr | None = None
    llm_timeout_s: float = 60.0
    prompt_file: Path = Field(Path("prompts/answer.v1.md"))
    top_k: int = 8
    auto_ingest: bool = Field(True, description="Build the index from corpus_dir on first use when it is missing")

    # Serving.
    host: str = "127.0.0.1"
    port: int = 8000
    allowed_origins: Annotated[list[str], NoDecode] = Field(
        default_factory=list, description="Comma-separated origins allowed to embed the widget; empty = same origin"
    )
    rate_limit: str = Field("30/minute", description="Per-client limit on chat and search, in limits' notation")
    admin_api_key: SecretStr | None = None
    max_question_chars: int = 2000
    max_body_bytes: int = 16_384

    # Vectors on a Chroma server instead of embedded in index_dir (the catalog and BM25 stay in index_dir).
    chroma_url: str | None = Field(None, description="A Chroma server for the vectors, e.g. http://127.0.0.1:8001")
    chroma_api_key: SecretStr | None = Field(None, description="Sent to the Chroma server as X-Chroma-Token")
    chroma_headers: dict[str, str] = Field(
        default_factory=dict, description='More headers for the Chroma server, as JSON: {"Authorization": "Bearer …"}'
    )

    @field_validator("allowed_origins", mode="before")
    @classmethod
    def _split_origins(cls, value: object) -> object:
        if isinstance(value, str):
            return [origin.strip().rstrip("/") for origin in value.split(",") if origin.strip()]
        return value

    def effective_today(self) -> date:
        return self.today or date.today()
