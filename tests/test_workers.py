"""Several web workers over one index: `assistant serve --workers 2`, and two servers sharing Redis and conversations.

Real subprocesses throughout: the CLI, uvicorn's worker processes, and a throwaway redis-server.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import httpx
import pytest

from assistant.index.build import ingest
from tests.server_process import REDIS_SERVER, assistant_env, running_redis, running_server

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
FIRST = "What does Jane Street pay an ML engineer in London?"
FOLLOW_UP = "and in Hong Kong?"
JANE_STREET_HONG_KONG = "HK$1.95M - HK$2.70M"


@pytest.fixture(scope="module")
def seeds_copy(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """(index, corpus): an index of the seeds these tests' servers may share and write conversations into."""
    root = tmp_path_factory.mktemp("workers")
    shutil.copytree(SEEDS, root / "corpus")
    report = ingest(root / "corpus", root / "index")
    assert report.guides_in_index == 3
    return root / "index", root / "corpus"


def chat(base_url: str, question: str, conversation_id: str | None = None) -> dict:
    response = httpx.post(
        f"{base_url}/api/chat", json={"question": question, "conversation_id": conversation_id}, timeout=120
    )
    assert response.status_code == 200, response.text
    return response.json()


def test_two_workers_answer_follow_ups_and_conversations_survive_a_restart(
    seeds_copy: tuple[Path, Path], tmp_path: Path
) -> None:
    index, corpus = seeds_copy
    env = assistant_env(index, corpus)
    with running_server(env, tmp_path / "two-workers.log", workers=2) as server:
        assert len(server.worker_pids()) == 2, server.log()
        # Six conversations, each a question then a follow-up: whichever worker takes a request answers it.
        firsts = [chat(server.base_url, FIRST) for _ in range(6)]
        follow_ups = [chat(server.base_url, FOLLOW_UP, first["conversation_id"]) for first in firsts]

    with running_server(env, tmp_path / "restarted.log") as restarted:
        after_restart = chat(restarted.base_url, FOLLOW_UP, firsts[0]["conversation_id"])

    for first, follow_up in zip(firsts, follow_ups, strict=True):
        assert follow_up["conversation_id"] == first["conversation_id"] and not follow_up["context_lost"]
        assert JANE_STREET_HONG_KONG in follow_up["answer"]
    assert after_restart["conversation_id"] == firsts[0]["conversation_id"]
    assert not after_restart["context_lost"] and JANE_STREET_HONG_KONG in after_restart["answer"]


@pytest.mark.skipif(REDIS_SERVER is None, reason="needs redis-server (apt-get install -y redis-server)")
def test_two_servers_on_one_redis_share_the_rate_limit_and_the_conversations(
    seeds_copy: tuple[Path, Path], tmp_path: Path
) -> None:
    index, corpus = seeds_copy
    with running_redis(tmp_path) as redis_url:
        env = assistant_env(index, corpus, RATE_LIMIT="3/minute", RATE_LIMIT_STORAGE=redis_url)
        with (
            running_server(env, tmp_path / "a.log") as server_a,
            running_server(env, tmp_path / "b.log") as server_b,
        ):
            first = chat(server_a.base_url, FIRST)
            follow_up = chat(server_b.base_url, FOLLOW_UP, first["conversation_id"])
            third = httpx.get(f"{server_a.base_url}/api/search", params={"q": "London"}, timeout=60)
            over = httpx.get(f"{server_b.base_url}/api/search", params={"q": "London"}, timeout=60)

    assert not follow_up["context_lost"] and JANE_STREET_HONG_KONG in follow_up["answer"]
    assert third.status_code == 200
    assert over.status_code == 429  # the fourth request of this client, counted across both servers
    assert over.json()["detail"] == "Too many requests: the limit is 3 per 1 minute per client."
