"""The packaged all-MiniLM-L6-v2, run by onnxruntime from disk and never from a hub.

The model runs as an ONNX file that index/model_file.py makes once per machine from the packaged weights; with
it, loading takes a quarter of a second (onnxruntime, the tokenizer, the file) instead of the seconds torch
needs. Nothing here imports onnxruntime until a text is embedded or `load()` is called: `assistant --help`, the
web app and every question that is an exact look-up (a range, an ask, an offer, a comparison) never load it.
A long-lived process loads the model on a thread of its own (`load_in_background`) and answers with BM25 alone
until it is in (see retrieve/meaning.py).

The class imports no LangChain: LangChain's `Embeddings` base brings its runnables and callbacks (a tenth of a
second in every `assistant ask`) for an interface nothing here calls through. `as_langchain()` gives the same
model as a LangChain `Embeddings` (index/langchain_embeddings.py) for a LangChain vector store or retriever.
"""

from __future__ import annotations

import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

from assistant.index.embedder import DEFAULT_MAX_TOKENS, signature_of

if TYPE_CHECKING:
    import numpy as np
    from onnxruntime import InferenceSession
    from tokenizers import Tokenizer

    from assistant.index.langchain_embeddings import LangChainMiniLM

# Texts whose vectors a process keeps (questions, and the guide sentences advice ranks): about 6 MB at most. A warm
# server asked about a guide again embeds none of its ~30 sentences a second time.
REMEMBERED_TEXTS = 4096
logger = logging.getLogger(__name__)


@dataclass(frozen=True)
class _Runtime:
    """The loaded model: its tokenizer and one onnxruntime session (threads are the session's own)."""

    tokenizer: Tokenizer
    session: InferenceSession

    def token_vectors(self, texts: list[str]) -> tuple[np.ndarray, np.ndarray]:
        import numpy as np

        # sentence-transformers strips each text before tokenizing; so does this, for the same vectors.
        encoded = self.tokenizer.encode_batch([text.strip() for text in texts])
        ids = np.array([e.ids for e in encoded], dtype=np.int64)
        mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
        feeds = {"input_ids": ids, "attention_mask": mask, "token_type_ids": np.zeros_like(ids)}
        return self.session.run(None, feeds)[0], mask


class MiniLMEmbeddings:
    """The locally packaged MiniLM: mean-pooled token vectors, normalised (LangChain's `Embeddings` methods).

    max_tokens: only the start of each text is embedded; BM25 sees the whole text.
    threads: the session's threads (None: every core). A process that answers embeds one short question at a
    time, which one thread does fastest; an ingest's batches want more.
    cache_dir: where the ONNX file is kept (settings.model_cache_dir).
    """

    def __init__(
        self,
        max_tokens: int = DEFAULT_MAX_TOKENS,
        batch_size: int = 64,
        threads: int | None = None,
        cache_dir: Path | None = None,
    ) -> None:
        from assistant.settings import user_model_cache

        self.max_tokens = max_tokens
        self.batch_size = batch_size
        self.threads = threads
        self.cache_dir = cache_dir or user_model_cache()
        self._remembered: OrderedDict[str, np.ndarray] = OrderedDict()  # text -> vector, least recent first
        self._cache_lock = threading.Lock()  # threads share one reader (web workers, `assistant eval --jobs`)
        self._model: _Runtime | None = None
        self._load_lock = threading.Lock()  # a request thread and the background loader must not load it twice
        self._loader: threading.Thread | None = None

    @property
    def signature(self) -> str:
        """Identifies the vectors this produces; an index built with another signature must be rebuilt."""
        return signature_of(self.max_tokens)

    @property
    def loaded(self) -> bool:
        """Whether the model is in memory; never loads it."""
        return self._model is not None

    @property
    def model(self) -> _Runtime:
        return self._model if self._model is not None else self.load()

    def load(self) -> _Runtime:
        """Load the model now, once per instance: a quarter of a second, or seconds the first time on a machine
        (the ONNX file is exported then)."""
        with self._load_lock:
            if self._model is None:
                self._model = self._load_model()
            return self._model

    def load_in_background(self) -> None:
        """Start loading the model on a thread of its own, unless it is loaded or on its way; returns at once."""
        with self._cache_lock:
            if self.loaded or self._loader is not None:
                return
            self._loader = threading.Thread(target=self._load_quietly, name="embedding-model-loader", daemon=True)
        self._loader.start()

    def wait_until_loaded(self, timeout: float | None = None) -> bool:
        """Wait for a background load started earlier (tests, benchmarks); True once the model is in."""
        loader = self._loader
        if loader is not None:
            loader.join(timeout)
        return self.loaded

    def _load_quietly(self) -> None:
        try:
            self.load()
            logger.info("embedding model loaded")
        except Exception:  # the next question that needs it loads it again, and says why if it fails
            logger.exception("loading the embedding model in the background failed")
            with self._cache_lock:
                self._loader = None

    def _load_model(self) -> _Runtime:
        import onnxruntime
        from tokenizers import Tokenizer

        from assistant.index.model_file import model_weights_dir, onnx_model_file

        model_file = onnx_model_file(self.cache_dir)
        tokenizer = Tokenizer.from_file(str(model_weights_dir() / "tokenizer.json"))
        tokenizer.enable_truncation(max_length=self.max_tokens)
        tokenizer.enable_padding()
        options = onnxruntime.SessionOptions()
        options.intra_op_num_threads = self.threads or 0  # 0: onnxruntime's default, every core
        options.inter_op_num_threads = 1
        # Threads that spin while waiting make a query's embedding many times slower on a busy machine
        # (measured with torch's OpenMP: 9 ms passive against 400-800 ms spinning, 2 cores shared).
        options.add_session_config_entry("session.intra_op.allow_spinning", "0")
        session = onnxruntime.InferenceSession(str(model_file), options, providers=["CPUExecutionProvider"])
        return _Runtime(tokenizer, session)

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        # Batched by length, so that a batch's short texts are not padded to a long one's length: fewer tokens
        # to run, and the same vectors (padding is masked out), given back in the order asked.
        by_length = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        vectors: list[list[float]] = [[] for _ in texts]
        for start in range(0, len(texts), self.batch_size):
            batch = by_length[start : start + self.batch_size]
            for i, vector in zip(
                batch, _mean_pooled(*self.model.token_vectors([texts[i] for i in batch])), strict=True
            ):
                vectors[i] = vector
        return vectors

    def embed_query(self, text: str) -> list[float]:
        """A question's vector: embedded once, however many searches ask for it."""
        return list(self.remembered_vectors([text])[0].tolist())

    def remembered_vectors(self, texts: list[str]) -> np.ndarray:
        """One row per text, embedding only those this process has not embedded lately (REMEMBERED_TEXTS)."""
        import numpy as np

        with self._cache_lock:
            known = {text: self._remembered[text] for text in texts if text in self._remembered}
            for text in known:
                self._remembered.move_to_end(text)
        new = [text for text in dict.fromkeys(texts) if text not in known]
        if new:  # outside the lock: other questions need not wait for this one's embedding
            vectors = np.asarray(self.embed_documents(new), dtype=np.float32)
            with self._cache_lock:
                for text, vector in zip(new, vectors, strict=True):
                    self._remembered[text] = known[text] = vector
                while len(self._remembered) > REMEMBERED_TEXTS:
                    self._remembered.popitem(last=False)
        return np.stack([known[text] for text in texts]) if texts else np.zeros((0, 0), dtype=np.float32)

    def as_langchain(self) -> LangChainMiniLM:
        """This model as a LangChain `Embeddings`, sharing its loaded session and remembered vectors."""
        from assistant.index.langchain_embeddings import LangChainMiniLM

        return LangChainMiniLM(model=self)


def _mean_pooled(token_vectors: np.ndarray, mask: np.ndarray) -> list[list[float]]:
    """The average of each text's token vectors (padding left out), scaled to length 1."""
    import numpy as np

    summed = (token_vectors * mask[..., None]).sum(axis=1)
    means = summed / np.maximum(mask.sum(axis=1, keepdims=True), 1)
    lengths = np.linalg.norm(means, axis=1, keepdims=True)
    return list((means / np.maximum(lengths, 1e-12)).tolist())
