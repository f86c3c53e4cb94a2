"""Fast from the first question: exact look-ups never load the embedding model; questions answered by meaning do.

A range, an ask, an offer check or a comparison is answered by an exact look-up in the catalog: a process that
asks only those never imports onnxruntime or torch (checked in a fresh interpreter, on sys.modules, never on
timings). An advice question still ranks the guide's sentences by meaning: `assistant ask` loads the model for
it, and a long-lived process (the server, `chat`) loads it in the background after its first answer, answering
with BM25 alone (and saying so in timings_ms) until it is in.
"""

from __future__ import annotations

import json
import os
import pickle
import shutil
import subprocess
import sys
import threading
from pathlib import Path
from typing import Any

import pytest
from fastapi.testclient import TestClient

from assistant.index.embeddings import MiniLMEmbeddings
from assistant.index.vocabulary_cache import CACHE_PREFIX, code_fingerprint
from assistant.plan.model import Intent
from assistant.retrieve.meaning import ModelLoading
from assistant.retrieve.retriever import IndexReader
from assistant.serve import create_app
from assistant.service import Assistant
from assistant.settings import Settings
from tests.conftest import REPO, SEEDS, TODAY

pytest_plugins = ["tests.serve_fixtures"]

# What a look-up never imports: the model's libraries, Chroma, and LangChain (offline answers run the chain's steps
# in plain Python, answer/pipeline.py, and the model is no LangChain Embeddings unless asked: as_langchain()).
MODEL_LIBRARIES = ["torch", "transformers", "onnxruntime", "chromadb", "langchain_core"]
RANGE = "What is the London base salary range for an ML engineer at Jane Street?"
ADVICE = "How should I negotiate with Jane Street as an ML engineer?"
LOOK_UPS = {  # one question per kind answered by exact look-up, and a figure its answer must show
    Intent.lookup: (RANGE, "£195K"),
    Intent.ask: ("What's a fair London ask for an ML engineer at Jane Street?", "£255K"),
    Intent.offer: ("I was offered £200K base in London as an ML engineer at Jane Street. Is that fair?", "£195K"),
    Intent.compare: ("Compare New York total comp for ML engineers at Tastytrade, Jane Street and Millennium", "$"),
}
# `assistant ask --json QUESTION` as a whole process, then which model libraries it had imported, on stderr.
ASK_THEN_REPORT = (
    "import json, sys\nsys.argv = ['assistant', 'ask', '--json', sys.argv[1]]\n"
    "try:\n    from assistant.cli import main; main()\nexcept SystemExit:\n    pass\n"
    f"print(json.dumps([m for m in {MODEL_LIBRARIES!r} if m in sys.modules]), file=sys.stderr)"
)


def _ask_in_a_fresh_process(index_dir: Path, question: str) -> tuple[dict[str, object], list[str]]:
    env = {name: value for name, value in os.environ.items() if not name.startswith("ASSISTANT_")}
    env.update(ASSISTANT_INDEX_DIR=str(index_dir), ASSISTANT_AUTO_INGEST="false", ASSISTANT_LLM="offline",
               ASSISTANT_TODAY=TODAY.isoformat(), HF_HUB_OFFLINE="1")  # fmt: skip
    done = subprocess.run([sys.executable, "-c", ASK_THEN_REPORT, question], capture_output=True, text=True,
                          cwd=REPO, env=env, timeout=300, check=True)  # fmt: skip
    return json.loads(done.stdout), json.loads(done.stderr.strip().splitlines()[-1])


def test_a_look_up_via_assistant_ask_never_imports_torch(seed_index: Path) -> None:
    response, imported = _ask_in_a_fresh_process(seed_index, RANGE)

    assert imported == [], imported
    assert response["plan"]["intent"] == Intent.lookup  # type: ignore[index]
    assert "£195K" in str(response["answer"])  # answered, from the exact look-up
    assert response["timings_ms"]["bm25_only"] == 1.0  # type: ignore[index]  # related passages: BM25 alone


def test_asks_offers_and_comparisons_never_import_torch_either(seed_index: Path) -> None:
    """Every kind of look-up in one process, which must end without torch: each is answered with its figures."""
    code = (
        "import json, sys\nfrom pathlib import Path\nfrom assistant.service import Assistant\n"
        "from assistant.settings import Settings\n"
        f"settings = Settings(index_dir=Path({str(seed_index)!r}), auto_ingest=False, llm='offline', chroma_url=None)\n"
        "assistant = Assistant(settings)\n"
        "answers = [assistant.ask(question) for question in json.loads(sys.argv[1])]\n"
        "print(json.dumps([[a.plan.intent, a.answer, a.timings_ms] for a in answers]))\n"
        f"print(json.dumps([m for m in {MODEL_LIBRARIES!r} if m in sys.modules]))"
    )
    questions = [question for question, _figure in LOOK_UPS.values()]
    done = subprocess.run([sys.executable, "-c", code, json.dumps(questions)], capture_output=True, text=True,
                          cwd=REPO, timeout=300, check=True, env={**os.environ, "HF_HUB_OFFLINE": "1"})  # fmt: skip
    answers_line, imported_line = done.stdout.strip().splitlines()[-2:]

    assert json.loads(imported_line) == []
    answers = json.loads(answers_line)
    assert [intent for intent, _answer, _timings in answers] == list(LOOK_UPS)
    for (intent, answer, timings), (_question, figure) in zip(answers, LOOK_UPS.values(), strict=True):
        assert figure in answer, (intent, answer)
        assert timings["bm25_only"] == 1.0 and "load_model" not in timings


def test_an_advice_question_loads_the_model_and_ranks_by_meaning(seed_index: Path, assistant: Assistant) -> None:
    response, imported = _ask_in_a_fresh_process(seed_index, ADVICE)

    # onnxruntime runs the model from the file the session's first ingest exported: torch is never needed again.
    assert "onnxruntime" in imported and "torch" not in imported and "transformers" not in imported
    assert "langchain_core" not in imported  # offline, the plain pipeline answers (answer/pipeline.py)
    timings = response["timings_ms"]
    assert "bm25_only" not in timings and timings["load_model"] > 0  # type: ignore[operator]  # it waited for it
    assert response["plan"]["intent"] == Intent.advice  # type: ignore[index]
    # The same answer as a warm process's (model loaded before the question): the guide's sentences by meaning.
    assert response["answer"] == assistant.ask(ADVICE).answer


def test_a_long_lived_process_answers_advice_by_keywords_until_the_model_loads_behind_it(
    seed_settings: Settings, assistant: Assistant
) -> None:
    background = Assistant(seed_settings, model_loading=ModelLoading.background)

    first = background.ask(ADVICE)  # before any answer nothing loads the model: BM25 alone, and it says so
    assert first.plan.intent == Intent.advice and first.timings_ms["bm25_only"] == 1.0
    assert "load_model" not in first.timings_ms and first.answer  # answered, not waited

    assert background.embeddings.wait_until_loaded(timeout=300)  # the first answer started the load
    second = background.ask(ADVICE)
    assert "bm25_only" not in second.timings_ms and "load_model" not in second.timings_ms  # never waited
    assert second.answer == assistant.ask(ADVICE).answer  # ranked by meaning, as a warm process ranks it


def test_the_server_answers_first_then_loads_the_model_and_readyz_says_when(seeds_index: Path) -> None:
    settings = Settings(index_dir=seeds_index, corpus_dir=SEEDS, llm="offline", auto_ingest=False, chroma_url=None,
                        public_origin="http://testserver", rate_limit="1000/minute")  # fmt: skip
    client = TestClient(create_app(settings))  # the app's own assistant, as `assistant serve` builds it
    assert client.get("/readyz").json()["model_loaded"] is False

    first = client.post("/api/chat", json={"question": ADVICE}).json()
    assert first["plan"]["intent"] == Intent.advice and first["timings_ms"]["bm25_only"] == 1.0

    assistant: Assistant = client.app.state.assistant  # type: ignore[attr-defined]
    assert assistant.embeddings.wait_until_loaded(timeout=300)
    assert client.get("/readyz").json()["model_loaded"] is True
    second = client.post("/api/chat", json={"question": ADVICE}).json()
    assert "bm25_only" not in second["timings_ms"]


def test_the_vocabulary_is_built_by_a_generations_first_reader_and_read_back_by_the_next(
    seed_index: Path, tmp_path: Path
) -> None:
    """Building the names takes most of a second at the twin's size, before every `assistant ask`'s plan."""
    index_dir = tmp_path / "index"
    shutil.copytree(seed_index, index_dir)
    for saved in index_dir.glob(f"{CACHE_PREFIX}*"):
        saved.unlink()
    first = IndexReader(index_dir)
    built = first.vocabulary
    [saved] = index_dir.glob(f"{CACHE_PREFIX}{first.generation}-{code_fingerprint()}.pickle")

    read_back = IndexReader(index_dir).vocabulary
    assert read_back == built and "jane-street" in read_back.company_names
    marked = pickle.loads(saved.read_bytes())  # a mark only the file holds: the next reader reads, never rebuilds
    marked.company_names["marked-co"] = "Marked Co"
    saved.write_bytes(pickle.dumps(marked))
    assert IndexReader(index_dir).vocabulary.company_names["marked-co"] == "Marked Co"

    # A file that is not a vocabulary (torn, or written by something else) is built again, never trusted.
    saved.write_bytes(b"not a vocabulary")
    assert IndexReader(index_dir).vocabulary == built


def test_a_question_ranked_by_meaning_across_the_index_opens_the_store_beside_the_models_load(
    seed_index: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Opening the store costs a first question about a second of CPU (Chroma's import): for a search of the whole
    index it runs on a thread of its own while the model loads, and the search then waits for it."""
    import assistant.index.drift as drift

    opened_on: list[tuple[str, bool]] = []  # (thread, whether the model was in when the store began to open)
    real_open = drift.open_vectors
    reader = IndexReader(seed_index, MiniLMEmbeddings(threads=1))

    def recording_open(*args: Any, **kwargs: Any) -> Any:
        opened_on.append((threading.current_thread().name, reader.embeddings.loaded))
        return real_open(*args, **kwargs)

    monkeypatch.setattr(drift, "open_vectors", recording_open)
    ranking = reader.ranking(ranks_by_meaning=True, searches_whole_index=True)  # advice naming no company

    assert ranking.dense and reader.embeddings.loaded
    assert reader.search("What should I say about competing offers?", k=3, dense=True)
    assert opened_on == [("vector-store-opener", False)]  # once, on its own thread, before the model was in
    assert reader.used_vector_store and not reader.vector_drift().degraded


def test_named_guides_are_ranked_by_meaning_without_opening_the_store(
    seed_index: Path, assistant: Assistant, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A process that has not opened the store embeds a named guide's few chunks on the spot instead: the same
    passages as a warm process ranks from the stored vectors, and no second of Chroma's import."""
    import assistant.index.drift as drift

    def no_store(*args: Any, **kwargs: Any) -> Any:
        raise AssertionError("a question about named guides opened the vector store")

    fresh = IndexReader(seed_index, MiniLMEmbeddings(threads=1))
    monkeypatch.setattr(drift, "open_vectors", no_store)
    assert fresh.ranking(ranks_by_meaning=True, searches_whole_index=False).dense
    named = ["jane-street/ml-ai-engineer"]
    on_the_spot = fresh.search(ADVICE, k=5, dense=True, guide_ids=named)
    monkeypatch.undo()

    assert not fresh.used_vector_store
    from_the_store = assistant.reader.search(ADVICE, k=5, dense=True, guide_ids=named)
    assert assistant.reader.used_vector_store  # the warm process reads the stored vectors
    assert [s.chunk.id for s in on_the_spot] == [s.chunk.id for s in from_the_store]
    for mine, stored in zip(on_the_spot, from_the_store, strict=True):
        assert abs(mine.score - stored.score) < 1e-6
