"""What an ingest did, as the CLI prints it and `POST /api/admin/reindex` returns it.

Apart from index/build.py so that the web app can name it without importing the ingest machinery.
"""

from __future__ import annotations

import time
from collections.abc import Iterator
from contextlib import contextmanager

from pydantic import BaseModel, Field

# The stages of an ingest, in order, as the split at the end of `assistant ingest` names them.
STAGES = ("read", "parse", "chunk", "embed", "write")
EXTRA_STAGES = ("load_model", "other")  # loading the model (once per process); what no stage took


class IngestReport(BaseModel):
    corpus_dir: str
    scanned: int = 0
    added: list[str] = Field(default_factory=list)
    updated: list[str] = Field(default_factory=list)
    removed: list[str] = Field(default_factory=list)
    unchanged: int = 0
    errors: list[str] = Field(default_factory=list, description="One line per file that could not be ingested")
    skipped: list[str] = Field(default_factory=list, description="One line per document that is not a guide")
    duplicates: list[str] = Field(
        default_factory=list, description="One line per guide skipped because another guide claims its company and role"
    )
    chunks_embedded: int = 0
    vectors_repaired: int = Field(0, description="Vectors re-embedded for unchanged guides (they had gone missing)")
    vectors_dropped: int = Field(0, description="Vectors no catalog chunk owned, removed")
    vectors_copied: int = Field(0, description="Vectors carried into a fresh collection by a compacting ingest")
    files_read: int = Field(0, description="Files opened and hashed; the rest the catalog's records vouched for")
    vectors_compared: int | None = Field(
        None,
        description="Vector ids read from the store to compare with the catalog; None when the store's seal "
        "showed nobody had touched it since the last ingest (index/seal.py)",
    )
    guides_in_index: int = 0
    catalog_replaced: str | None = Field(None, description="One sentence when a damaged catalog was rebuilt")
    seconds: float = 0.0
    stage_seconds: dict[str, float] = Field(
        default_factory=dict,
        description="Seconds per stage: read (files, hashes), parse, chunk, embed (the model alone), write (vectors, "
        "keyword index, catalog); load_model (once per process) and other, what no stage took (scanning the "
        "folder, comparing the vector store with the catalog)",
    )

    def split(self) -> str:
        """The stages' share of the time in one line: 'read 0.4s, parse 3.1s, ..., embed 61.0s (...)'."""
        parts = [f"{stage} {self.stage_seconds.get(stage, 0.0):.1f}s" for stage in (*STAGES, *EXTRA_STAGES)]
        embed = self.stage_seconds.get("embed", 0.0)
        rest = sum(seconds for stage, seconds in self.stage_seconds.items() if stage not in ("embed", "load_model"))
        ratio = f"; everything but embedding {rest / embed:.0%} of it" if embed > 0 else ""
        return ", ".join(parts) + ratio

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


class StageClock:
    """Adds up the time spent in each stage of one ingest; `with clock("parse"): ...`."""

    def __init__(self) -> None:
        self.seconds: dict[str, float] = dict.fromkeys(STAGES, 0.0)

    @contextmanager
    def __call__(self, stage: str) -> Iterator[None]:
        started = time.perf_counter()
        try:
            yield
        finally:
            self.seconds[stage] = self.seconds.get(stage, 0.0) + time.perf_counter() - started

    def finish(self, report: IngestReport, total_seconds: float) -> None:
        """Write the split into the report, with what no stage took as `other`."""
        report.seconds = total_seconds
        rounded = {stage: round(seconds, 3) for stage, seconds in self.seconds.items()}
        rounded["other"] = round(max(0.0, total_seconds - sum(self.seconds.values())), 3)
        report.stage_seconds = rounded
