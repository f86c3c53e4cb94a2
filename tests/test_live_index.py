"""An index changed under a running server: a real `assistant serve` and a real `assistant ingest`, both subprocesses.

The server must notice the new generation the CLI commits and answer from it, never with a 500, and
/readyz must name the generation it answers from.
"""

from __future__ import annotations

import shutil
import subprocess
import threading
from pathlib import Path

import httpx

from assistant.index.live import index_write_lock
from tests.server_process import ASSISTANT, assistant_env, run_ingest, running_server

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
JANE_STREET = Path("jane-street") / "ml-ai-engineer.md"
QUESTION = "What does Jane Street pay an ML engineer in London?"
OLD_BAND, NEW_BAND = "£195K - £275K", "£205K - £285K"  # invented: the guide "updated" its London base


def ask(client: httpx.Client, question: str) -> httpx.Response:
    return client.post("/api/chat", json={"question": question}, timeout=120)


def test_a_cli_ingest_under_a_running_server_is_answered_from_without_a_500(tmp_path: Path) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(SEEDS, corpus)
    env = assistant_env(index, corpus, ADMIN_API_KEY="test-admin-key")
    run_ingest(env, corpus)

    with running_server(env, tmp_path / "server.log") as server, httpx.Client(base_url=server.base_url) as client:
        before = ask(client, QUESTION)
        generation_before = client.get("/readyz").json()["generation"]
        assert before.status_code == 200 and OLD_BAND in before.json()["answer"]

        # Questions keep coming while the CLI re-embeds and commits: each gets the old or the new answer.
        statuses: list[int] = []
        bands: list[str] = []
        ingest_done = threading.Event()

        def keep_asking() -> None:
            with httpx.Client(base_url=server.base_url) as asker:
                while not ingest_done.is_set():
                    response = ask(asker, QUESTION)
                    statuses.append(response.status_code)
                    answer = response.json().get("answer", "")
                    bands.append(NEW_BAND if NEW_BAND in answer else OLD_BAND if OLD_BAND in answer else "")

        asker = threading.Thread(target=keep_asking)
        asker.start()
        guide = corpus / JANE_STREET
        guide.write_text(guide.read_text(encoding="utf-8").replace(OLD_BAND, NEW_BAND), encoding="utf-8")
        try:
            ingested = run_ingest(env, corpus)
        finally:
            ingest_done.set()
            asker.join(timeout=120)
        assert "1 updated" in ingested.stdout

        ready = client.get("/readyz")
        after = ask(client, QUESTION)
        streamed = client.post("/api/chat/stream", json={"question": QUESTION}, timeout=120)
        search = client.get("/api/search", params={"q": "Jane Street London base"})
        detail = client.get("/api/guides/jane-street/ml-ai-engineer")
        unchanged_guide = ask(client, "What does Tastytrade pay an ML engineer in London?")
        reindex = client.post("/api/admin/reindex", headers={"X-API-Key": "test-admin-key"}, timeout=120)
        after_reindex = ask(client, QUESTION)
        # The new generation's vector store opens behind the answers, as the first one did: readyz speaks for it.
        checked = server.readiness_with_vectors()

    assert statuses and set(statuses) == {200}, server.log()
    assert "" not in bands  # every answer during the switch quoted one generation's band or the other
    assert ready.status_code == 200 and ready.json()["generation"] != generation_before
    assert checked.json()["vectors_checked"] is True and checked.json()["status"] == "ready", checked.text
    assert after.status_code == 200, server.log()
    assert NEW_BAND in after.json()["answer"] and OLD_BAND not in after.json()["answer"]
    assert streamed.status_code == 200 and NEW_BAND in streamed.text and "event: error" not in streamed.text
    assert search.status_code == 200 and any(NEW_BAND in hit["text"] for hit in search.json()["hits"])
    assert detail.status_code == 200 and any(NEW_BAND in line for line in detail.json()["source_lines"])
    assert unchanged_guide.status_code == 200 and "£136K - £189K" in unchanged_guide.json()["answer"]
    assert reindex.status_code == 200 and reindex.json()["unchanged"] == 3
    assert after_reindex.status_code == 200 and NEW_BAND in after_reindex.json()["answer"]


def test_a_second_ingest_while_one_runs_is_refused_in_one_sentence(tmp_path: Path) -> None:
    corpus, index = tmp_path / "corpus", tmp_path / "index"
    shutil.copytree(SEEDS, corpus)
    env = assistant_env(index, corpus)

    with index_write_lock(index):  # this test process is the writer now
        result = subprocess.run(
            [str(ASSISTANT), "ingest", str(corpus)], env=env, capture_output=True, text=True, timeout=300
        )

    assert result.returncode == 2
    assert result.stderr.strip() == (
        f"Error: Another ingest is writing the index in {index}: wait for it to finish, then retry."
    )
