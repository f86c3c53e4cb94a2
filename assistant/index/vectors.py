"""Where an index keeps its vectors: Chroma embedded in the index folder, or a Chroma server.

One function (`chroma_client`) picks the client; everything after it is the same code for both.
Each index names its own collections from an id minted at its first ingest (`guides-<index id>-<generation>`),
so indexes sharing one server never touch each other's vectors. A generation is one collection (and, embedded,
one folder of its own); a compacting ingest writes the next generation and deletes the old one after the
catalog commits, which is how churn gives its disk space back.

Chroma stores ids, vectors and a guide id only: the chunk texts live in the catalog, and our MiniLM computes
every vector, so Chroma is given no embedding function (its default would download a model).
"""

from __future__ import annotations

import logging
import shutil
import threading
from pathlib import Path
from typing import TYPE_CHECKING, Any, cast
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, SecretStr

from assistant.errors import AssistantError

if TYPE_CHECKING:
    import numpy as np
    from chromadb.api.client import Client
    from chromadb.api.models.Collection import Collection

    from assistant.settings import Settings

logger = logging.getLogger(__name__)

COLLECTION_PREFIX = "guides-"
EMBEDDED_PREFIX = "chroma-"
LEGACY_FOLDER, LEGACY_COLLECTION = "chroma", "guide_chunks"  # where indexes built before generations keep vectors
PAGE = 5000  # vectors per request when reading, writing or deleting: under Chroma's batch limit (~5,400)
ID_PAGE = 100_000  # ids per request when listing: each page costs a scan up to its offset, so few pages


class VectorStoreUnavailable(AssistantError):
    """The vector store cannot be reached or read; answers fall back to keyword search and exact figures."""

    def __init__(self, where: str, reason: str, on_server: bool) -> None:
        self.where, self.reason = where, reason
        advice = ("check that it is up and that ASSISTANT_CHROMA_URL names it, then try again" if on_server
                  else "run `assistant ingest` to rebuild the vectors")  # fmt: skip
        super().__init__(f"{where[0].upper()}{where[1:]} cannot be reached or read ({reason}): {advice}.")


class VectorConfig(BaseModel):
    """The vector store to use: embedded (no url) or the Chroma server at `url`."""

    model_config = ConfigDict(frozen=True)

    url: str | None = None
    api_key: SecretStr | None = None
    headers: dict[str, str] = Field(default_factory=dict)

    @classmethod
    def from_settings(cls, settings: Settings) -> VectorConfig:
        if settings.chroma_url is not None:
            server_address(settings.chroma_url)  # a malformed address fails here, in one sentence
        return cls(url=settings.chroma_url, api_key=settings.chroma_api_key, headers=settings.chroma_headers)

    @property
    def on_server(self) -> bool:
        return self.url is not None

    def describe(self, index_dir: Path) -> str:
        return f"the Chroma server at {self.url}" if self.url else f"the embedded vector store in {index_dir}"

    def request_headers(self) -> dict[str, str]:
        headers = dict(self.headers)
        if self.api_key is not None:
            headers["X-Chroma-Token"] = self.api_key.get_secret_value()
        return headers


# Chroma builds each client on a cache of shared systems that two threads may not fill at once: a web worker's
# warm-up opening the store while /readyz's probe opens it too failed with "Could not connect to tenant".
_CLIENTS_BEING_MADE = threading.Lock()


def chroma_client(config: VectorConfig, folder: Path) -> Client:
    """The one place the client is chosen: a server when a url is configured, else Chroma on disk in `folder`."""
    with _CLIENTS_BEING_MADE:
        return _new_client(config, folder)


def _new_client(config: VectorConfig, folder: Path) -> Client:
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    if config.url is None:
        try:
            return cast("Client", chromadb.PersistentClient(path=str(folder), settings=chroma_settings))
        except Exception as error:  # Chroma writes to its folder even to read: a read-only disk stops it here
            raise VectorStoreUnavailable(config.describe(folder.parent), _reason(error), on_server=False) from error
    host, port, ssl = server_address(config.url)
    try:
        client = chromadb.HttpClient(host=host, port=port, ssl=ssl, headers=config.request_headers(),
                                     settings=chroma_settings)  # fmt: skip
    except Exception as error:  # the client checks the server at once: refused, timed out, or refused our key
        raise VectorStoreUnavailable(config.describe(folder), _reason(error), on_server=True) from error
    return cast("Client", client)  # what both factories build; its close() releases files and connections


def server_address(url: str) -> tuple[str, int, bool]:
    """(host, port, ssl) of a Chroma server URL such as http://127.0.0.1:8001."""
    try:
        parts = urlsplit(url)
        port = parts.port or (443 if parts.scheme == "https" else 8000)
    except ValueError:  # a port that is not a number
        parts, port = urlsplit(""), 0
    if parts.scheme not in ("http", "https") or not parts.hostname or parts.path.strip("/"):
        raise AssistantError(f"ASSISTANT_CHROMA_URL '{url}' is not a server address: use http://host:port.")
    return parts.hostname, port, parts.scheme == "https"


class VectorStore:
    """One generation of an index's vectors: a Chroma collection and the client that holds it open."""

    def __init__(self, client: Client, collection: Collection, where: str, on_server: bool) -> None:
        self._client, self._collection, self.where, self.on_server = client, collection, where, on_server

    def close(self) -> None:
        self._client.close()

    def count(self) -> int:
        return int(self._call(self._collection.count))

    def ids(self) -> set[str]:
        found: set[str] = set()
        while True:
            page = self._call(self._collection.get, limit=ID_PAGE, offset=len(found), include=[])["ids"]
            found.update(page)
            if len(page) < ID_PAGE:
                return found

    def vectors(self, ids: list[str]) -> tuple[list[str], np.ndarray]:
        """The stored vectors of those ids that have one, in Chroma's order."""
        import numpy as np  # here, not at the top: an ingest that opens no store need not import it

        if not ids:
            return [], np.zeros((0, 0), dtype=np.float32)
        stored = self._call(self._collection.get, ids=ids, include=["embeddings"])
        return list(stored["ids"]), np.asarray(stored["embeddings"], dtype=np.float32)

    def nearest(self, vector: list[float], k: int) -> list[str]:
        found = self._call(self._collection.query, query_embeddings=[vector], n_results=k, include=[])
        return list(found["ids"][0]) if found["ids"] else []

    def add(self, ids: list[str], vectors: Any, guide_ids: list[str]) -> None:
        metadatas: Any = [{"guide_id": guide_id} for guide_id in guide_ids]
        self._call(self._collection.add, ids=ids, embeddings=vectors, metadatas=metadatas)

    def delete(self, ids: list[str]) -> None:
        ordered = sorted(ids)
        for start in range(0, len(ordered), PAGE):
            self._call(self._collection.delete, ids=ordered[start : start + PAGE])

    def _call(self, method: Any, **kwargs: Any) -> Any:
        try:
            return method(**kwargs)
        except Exception as error:  # connection lost, collection deleted, files gone: callers degrade, not crash
            logger.warning("vector store call %s failed: %r", getattr(method, "__name__", method), error)
            raise VectorStoreUnavailable(self.where, _reason(error), self.on_server) from error


# --- generations ---------------------------------------------------------------------------------


def collection_name(index_id: str, generation: str) -> str:
    return f"{COLLECTION_PREFIX}{index_id}-{generation}"


def embedded_folder(index_dir: Path, generation: str | None) -> Path:
    return index_dir / (LEGACY_FOLDER if generation is None else f"{EMBEDDED_PREFIX}{generation}")


def open_vectors(
    index_dir: Path, config: VectorConfig, index_id: str | None, generation: str | None, create: bool = False
) -> VectorStore | None:
    """A generation's store, or None when it doesn't exist (every vector of it is missing).

    generation None is an index built before generations: its vectors are in the embedded `chroma/` folder.
    """
    folder = embedded_folder(index_dir, generation)
    if generation is None and (config.on_server or create):
        return None  # a server never held the old layout, and nothing new is written to it
    if not config.on_server and not create and not (folder / "chroma.sqlite3").exists():
        return None
    client = chroma_client(config, folder)
    name = LEGACY_COLLECTION if generation is None or index_id is None else collection_name(index_id, generation)
    where = config.describe(index_dir)
    try:
        if create:
            collection = client.get_or_create_collection(
                name, configuration={"hnsw": {"space": "cosine"}}, embedding_function=None
            )
        else:
            collection = client.get_collection(name, embedding_function=None)
    except Exception as error:
        client.close()
        if type(error).__name__ == "NotFoundError":
            return None
        raise VectorStoreUnavailable(where, _reason(error), config.on_server) from error
    return VectorStore(client, collection, where, config.on_server)


def copy_generation(
    index_dir: Path, config: VectorConfig, index_id: str, live_generation: str, generation: str
) -> VectorStore:
    """A new embedded generation that starts as a file copy of the live one, its collection renamed to match.

    An ingest that changes a few guides writes into this copy, never into the folder readers are using: a write
    that fails half way (a full disk) leaves the live generation as it was. Copying files is cheap next to
    re-adding every vector, which compaction does.
    """
    source, target = embedded_folder(index_dir, live_generation), embedded_folder(index_dir, generation)
    shutil.copytree(source, target)
    client = chroma_client(config, target)
    try:
        collection = client.get_collection(collection_name(index_id, live_generation), embedding_function=None)
        collection.modify(name=collection_name(index_id, generation))
    except Exception as error:
        client.close()
        shutil.rmtree(target, ignore_errors=True)
        raise VectorStoreUnavailable(config.describe(index_dir), _reason(error), on_server=False) from error
    return VectorStore(client, collection, config.describe(index_dir), on_server=False)


def remove_generation(index_dir: Path, config: VectorConfig, index_id: str, generation: str) -> None:
    """Delete one generation an ingest was writing and did not commit (the live one is never passed here)."""
    if not config.on_server:
        shutil.rmtree(embedded_folder(index_dir, generation), ignore_errors=True)
        return
    client = chroma_client(config, index_dir)
    try:
        client.delete_collection(collection_name(index_id, generation))
    except Exception as error:  # gone already, or the server is away: the next ingest removes it
        logger.warning("could not delete the uncommitted generation %s: %r", generation, error)
    finally:
        client.close()


def remove_stale_vectors(index_dir: Path, config: VectorConfig, index_id: str, live_generation: str) -> None:
    """Delete this index's generations other than the live one; never another index's collections."""
    if not config.on_server:
        for folder in [embedded_folder(index_dir, None), *index_dir.glob(f"{EMBEDDED_PREFIX}*")]:
            if folder != embedded_folder(index_dir, live_generation):
                shutil.rmtree(folder, ignore_errors=True)
        return
    client = chroma_client(config, index_dir)
    try:
        ours, live = collection_name(index_id, ""), collection_name(index_id, live_generation)
        for collection in client.list_collections():
            if collection.name.startswith(ours) and collection.name != live:
                client.delete_collection(collection.name)
    finally:
        client.close()


def _reason(error: Exception) -> str:
    """The first sentence of a library's message, to sit in parentheses inside ours."""
    text = " ".join(str(error).split()) or type(error).__name__
    return text.split(". ", 1)[0].rstrip(".")[:160]
