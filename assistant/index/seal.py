"""Evidence that nobody touched the embedded vector store since an ingest left it agreeing with the catalog.

Every ingest compares the store with the catalog and repairs drift (vector_sync.py). That means importing
chromadb and listing every vector id, seconds on the corpus twin, which a re-ingest that changes nothing should
not pay. So an ingest that leaves the store agreeing with the catalog records a seal in the catalog:

- the catalog generation, vector generation and chunk count it sealed;
- the vector folders in the index folder (a killed ingest leaves one behind, which the drift check removes);
- from the live folder's chroma.sqlite3, what every add and delete moves: the newest entry of Chroma's write
  log, the number of embeddings and their newest write, the collections. These are what the drift check itself
  reads (it lists ids from that file). Not the files' times, sizes or SQLite's change counter: Chroma writes a
  row each time a client opens the folder, and rewrites its HNSW files when a client replays the log, so a web
  worker opening the store to answer would break the seal for nothing;
- chromadb's version, since those facts come from its private tables: another version gets the drift check.

The next ingest that changes no guide takes the seal afresh and compares. Any difference, facts that can't be
read, or a store on a Chroma server (whose changes leave nothing here to look at), and the drift check runs.
"""

from __future__ import annotations

import importlib.util
import sqlite3
from pathlib import Path

from pydantic import BaseModel, ConfigDict, ValidationError

from assistant.index.catalog import Catalog
from assistant.index.live import committed_generation
from assistant.index.vectors import EMBEDDED_PREFIX, LEGACY_FOLDER, VectorConfig, embedded_folder

SEAL_KEY = "vector_seal"  # the catalog meta key the seal is kept under, as JSON
_CHROMA_FILE = "chroma.sqlite3"
# What an add or a delete changes in Chroma's own tables; a client that only opens the folder changes none of it.
_STORE_FACTS = (
    "SELECT 'log', MAX(seq_id) FROM embeddings_queue",
    "SELECT 'embeddings', COUNT(*) || ' up to ' || MAX(seq_id) FROM embeddings",
    "SELECT 'collection ' || id, name FROM collections",
)


class VectorSeal(BaseModel):
    """The embedded vector store and the catalog as an ingest left them agreeing (see the module docstring)."""

    model_config = ConfigDict(frozen=True)

    generation: str
    vector_generation: str
    chunks: int
    chromadb: str
    folders: list[str]
    store_facts: dict[str, str]


def take_seal(index_dir: Path, config: VectorConfig, catalog: Catalog) -> VectorSeal | None:
    """The seal of the store as it is now; None when there is nothing a seal could vouch for."""
    vector_generation = catalog.meta("vector_generation")
    version = _chromadb_version()
    if config.on_server or vector_generation is None or version is None:
        return None
    facts = _store_facts(embedded_folder(index_dir, vector_generation) / _CHROMA_FILE)
    if facts is None:
        return None
    return VectorSeal(
        generation=committed_generation(catalog),
        vector_generation=vector_generation,
        chunks=catalog.chunk_count(),
        chromadb=version,
        folders=_vector_folders(index_dir),
        store_facts=facts,
    )


def seal_holds(index_dir: Path, config: VectorConfig, catalog: Catalog) -> bool:
    """Whether the seal the catalog keeps still describes the store: if so, the drift check can be skipped."""
    recorded = catalog.meta(SEAL_KEY)
    if recorded is None or config.on_server:
        return False
    try:
        sealed = VectorSeal.model_validate_json(recorded)
    except ValidationError:  # a seal written by another version of this code: never trusted
        return False
    return take_seal(index_dir, config, catalog) == sealed


def _vector_folders(index_dir: Path) -> list[str]:
    return sorted(
        path.name
        for path in index_dir.iterdir()
        if path.is_dir() and (path.name == LEGACY_FOLDER or path.name.startswith(EMBEDDED_PREFIX))
    )


def _store_facts(chroma_file: Path) -> dict[str, str] | None:
    """Read-only, with SQLite alone (no chromadb import); None when the file or a table can't be read."""
    if not chroma_file.is_file():
        return None
    try:
        db = sqlite3.connect(f"{chroma_file.resolve().as_uri()}?mode=ro", uri=True)
        try:
            return {str(key): str(value) for query in _STORE_FACTS for key, value in db.execute(query)}
        finally:
            db.close()
    except sqlite3.Error:
        return None


def _chromadb_version() -> str | None:
    """chromadb's installed version, from its dist-info folder's name: without importing chromadb (seconds) or
    importlib.metadata (a scan of every installed package)."""
    spec = importlib.util.find_spec("chromadb")
    if spec is None or spec.origin is None:
        return None
    packages = Path(spec.origin).parent.parent
    names = [path.name for path in packages.glob("chromadb-*.dist-info")]
    return names[0].removeprefix("chromadb-").removesuffix(".dist-info") if len(names) == 1 else None
