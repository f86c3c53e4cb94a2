"""Start-up stays light: `assistant --help` and the web app factory never import the heavy libraries.

Timing belongs in benchmarks/startup.py; this checks the structure that keeps it fast, in a fresh interpreter.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

from tests.conftest import REPO

MODEL_AND_STORE = ["torch", "transformers", "onnxruntime", "tokenizers", "chromadb", "langchain_chroma", "bm25s"]
LLM_CLIENTS = ["langchain_openai", "langchain_anthropic", "openai", "anthropic"]


def _imported_after(code: str) -> list[str]:
    watched = MODEL_AND_STORE + LLM_CLIENTS + ["langchain_core", "numpy"]
    report = f"import json, sys; print(json.dumps([m for m in {watched!r} if m in sys.modules]))"
    done = subprocess.run([sys.executable, "-c", f"{code}\n{report}"], capture_output=True, text=True, cwd=REPO,
                          timeout=120, check=True)  # fmt: skip
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


def test_the_cli_with_every_command_registered_imports_no_heavy_library() -> None:
    # What `assistant --help` loads: the package and every command module.
    imported = _imported_after("import assistant.cli\nassistant.cli._register()")
    assert imported == []


def test_the_web_app_factory_loads_no_model_store_llm_client_langchain_or_numpy() -> None:
    code = (
        "from assistant.serve import create_app\nfrom assistant.settings import Settings\n"
        "create_app(Settings(index_dir='/nonexistent-index', auto_ingest=False, llm='offline'))"
    )
    imported = _imported_after(code)
    assert imported == [], imported  # LangChain and numpy too: the chain and the index open on first use


def test_a_process_that_answers_embeds_on_the_threads_its_settings_name(seed_index: Path) -> None:
    """ASSISTANT_EMBEDDING_THREADS when set; unset, one thread in a long-lived process (its request threads share
    the cores, each embedding one short question) and every core (0: onnxruntime's default) in a one-shot one,
    whose advice question embeds a guide's sentences at once. Read from the session once the model is in."""
    code = (
        "from pathlib import Path\nfrom assistant.service import Assistant\n"
        "from assistant.retrieve.meaning import ModelLoading\nfrom assistant.settings import Settings\n"
        f"index = Path({str(seed_index)!r})\n"
        "seen = []\n"
        "for threads, loading in ((2, ModelLoading.on_demand), (None, ModelLoading.on_demand),"
        " (None, ModelLoading.background)):\n"
        "    settings = Settings(index_dir=index, auto_ingest=False, llm='offline', chroma_url=None)\n"
        "    if threads: settings = settings.model_copy(update={'embedding_threads': threads})\n"
        "    assistant = Assistant(settings, model_loading=loading)\n"
        "    assistant.ask('How should I negotiate with Jane Street as an ML engineer?')\n"
        "    assistant.embeddings.load()\n"
        "    seen.append(assistant.embeddings.model.session.get_session_options().intra_op_num_threads)\n"
        "print(json.dumps(seen))"
    )
    done = subprocess.run([sys.executable, "-c", f"import json\n{code}"], capture_output=True, text=True, cwd=REPO,
                          timeout=180, env={**os.environ, "HF_HUB_OFFLINE": "1"}, check=True)  # fmt: skip
    assert json.loads(done.stdout.strip().splitlines()[-1]) == [2, 0, 1]
