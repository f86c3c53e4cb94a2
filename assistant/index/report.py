"""What an ingest did, as the CLI prints it and `POST /api/admin/reindex` returns it.

Apart from index/build.py so that the web app can name it without importing the ingest machinery.
"""

from __future__ import annotations

from pydantic import BaseModel, Field


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
    guides_in_index: int = 0
    catalog_replaced: str | None = Field(None, description="One sentence when a damaged catalog was rebuilt")
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)
