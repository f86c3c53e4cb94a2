"""Whether a question's passages are ranked by meaning (the embedding model) or by keywords alone (BM25).

Loading torch and the model takes seconds, and most questions never need it: a range, an ask, an offer check or
a comparison is answered by an exact look-up of the figures in the catalog, and their related passages can come
from BM25. Only a question answered in the guide's own sentences (advice) ranks by meaning. So:

- the model, once loaded, serves every question (the answers of a warm process are unchanged);
- before it is loaded, a question that doesn't rank by meaning uses BM25 and never loads it;
- one that does: a short-lived process (`assistant ask`, `eval`) loads the model and waits for it; a long-lived
  one (the server, `assistant chat`) loads it on a thread of its own after its first answer, and answers with
  BM25 alone until it is in, saying so in the answer's timings (`bm25_only`).
"""

from __future__ import annotations

import time
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the service names ModelLoading at start-up, before anything heavy is imported
    from assistant.index.embeddings import MiniLMEmbeddings


class ModelLoading(StrEnum):
    on_demand = "on_demand"  # load the model when a question needs it, and wait for it: a process that soon ends
    background = "background"  # load it beside the answers, after the first one: a process that keeps running


@dataclass(frozen=True)
class Ranking:
    """How one question's passages are ranked."""

    dense: bool  # by meaning as well as keywords; False: BM25 alone
    waited_ms: float = 0.0  # how long this question waited for the model to load

    def timings(self) -> dict[str, float]:
        """What the answer's timings_ms say about it: the wait, or that BM25 ranked alone (1)."""
        if not self.dense:
            return {"bm25_only": 1.0}
        return {"load_model": round(self.waited_ms, 1)} if self.waited_ms else {}


def will_rank_by_meaning(embeddings: MiniLMEmbeddings, loading: ModelLoading, ranks_by_meaning: bool) -> bool:
    """Dense whenever the model is in; otherwise only for a question that needs it, in a process that may wait."""
    return embeddings.loaded or (ranks_by_meaning and loading is ModelLoading.on_demand)


def ranking_for(embeddings: MiniLMEmbeddings, loading: ModelLoading, ranks_by_meaning: bool) -> Ranking:
    """The ranking will_rank_by_meaning decides, loading the model first when the question waits for it."""
    if embeddings.loaded:
        return Ranking(dense=True)
    if will_rank_by_meaning(embeddings, loading, ranks_by_meaning):
        started = time.perf_counter()
        embeddings.load()
        return Ranking(dense=True, waited_ms=(time.perf_counter() - started) * 1000)
    return Ranking(dense=False)
