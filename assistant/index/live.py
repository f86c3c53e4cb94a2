"""What processes sharing one index need: its generation, one writer at a time, and fresh Chroma reads.

A server (or several web workers) reads the index while `assistant ingest` or an admin reindex in
another process writes it. The catalog's `generation` changes with every ingest commit (new guides, a new
keyword index, or only repaired or compacted vectors), so a reader compares it with the generation it
opened to know it must reopen.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from assistant.errors import AssistantError
from assistant.index.catalog import Catalog

GENERATION_KEY = "generation"  # the catalog meta key every ingest commit changes
LEGACY_GENERATION_KEY = "bm25_generation"  # what indexes built before the key above changed with each commit
WRITE_LOCK_FILE = "ingest.lock"


def committed_generation(catalog: Catalog) -> str:
    """The generation the catalog was last committed as ("" for an index that was never built)."""
    return catalog.meta(GENERATION_KEY) or catalog.meta(LEGACY_GENERATION_KEY) or ""


class IndexBusyError(AssistantError):
    def __init__(self, index_dir: Path) -> None:
        super().__init__(f"Another ingest is writing the index in {index_dir}: wait for it to finish, then retry.")


@contextmanager
def index_write_lock(index_dir: Path, wait: bool = False) -> Iterator[None]:
    """Hold the index's write lock (across processes); if another holds it, wait for it or raise IndexBusyError."""
    from filelock import FileLock, Timeout

    index_dir.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(index_dir / WRITE_LOCK_FILE))
    try:
        lock.acquire(timeout=-1 if wait else 0)
    except Timeout:
        raise IndexBusyError(index_dir) from None
    try:
        yield
    finally:
        lock.release()


def forget_embedded_vector_stores() -> None:
    """Make the next embedded Chroma client load the vectors from disk afresh.

    chromadb keeps one client "system" per folder and process, with the vector index in memory. After
    another process wrote to the folder, that system keeps its stale copy and fails on the new chunk ids
    ("Error finding id"), and any new client on the same folder would share it. Clearing the cache
    (which stops nothing: clients already open keep their system for the calls still running) makes the
    next client start a system of its own. Clients of a Chroma server are unaffected.
    """
    from chromadb.api.shared_system_client import SharedSystemClient

    SharedSystemClient.clear_system_cache()
