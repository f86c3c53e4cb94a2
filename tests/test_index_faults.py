"""Damaged, read-only and unwritable index files: one sentence naming the file, and what still works.

Real parts throughout: the CLI and `assistant serve` as subprocesses, real Chroma and SQLite files, and for the
read-only index a read-only bind mount (as root) or a chmod'ed copy (as anyone else).
"""

from __future__ import annotations

import json
import os
import shutil
import subprocess
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

import httpx
import pytest

from assistant.index.build import ingest
from assistant.index.catalog import Catalog
from assistant.index.embeddings import MiniLMEmbeddings
from tests.server_process import ASSISTANT, assistant_env, running_server

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
QUESTION = "What does Jane Street pay an ML engineer in London?"
LONDON_BASE = "£195K - £275K"


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, embeddings: MiniLMEmbeddings) -> Path:
    """A healthy index of the seeds, copied by each test that damages one."""
    index = tmp_path_factory.mktemp("healthy") / "index"
    assert ingest(SEEDS, index, embeddings=embeddings).guides_in_index == 3
    return index


@pytest.fixture
def index_copy(built: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "index"
    shutil.copytree(built, copy)
    return copy


def overwrite_with_garbage(path: Path) -> None:
    path.write_bytes(os.urandom(8192))


def damage_pages(path: Path) -> None:
    """Keep SQLite's header (the file still opens) but overwrite pages after the first: 'malformed'."""
    with path.open("r+b") as file:
        file.seek(4096 * 2)
        file.write(b"\x00garbage" * 2048)


def cli(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([str(ASSISTANT), *args], env=env, capture_output=True, text=True, timeout=300)


def catalog_sentence(index: Path, reason: str) -> str:
    return (f"The index catalog {index / 'catalog.sqlite3'} is damaged ({reason}): run `assistant ingest --rebuild` "
            "to rebuild it from the guides.")  # fmt: skip


# --- a damaged catalog ----------------------------------------------------------------------------


def test_a_damaged_catalog_is_one_sentence_in_the_cli_and_ingest_rebuilds_it(index_copy: Path) -> None:
    overwrite_with_garbage(index_copy / "catalog.sqlite3")
    env = assistant_env(index_copy, SEEDS)

    asked = cli(env, "ask", QUESTION)
    listed = cli(env, "guides", "list")
    rebuilt = cli(env, "ingest")
    after = cli(env, "ask", QUESTION)

    sentence = catalog_sentence(index_copy, "file is not a database")
    assert (asked.returncode, asked.stderr.strip()) == (2, f"Error: {sentence}")
    assert (listed.returncode, listed.stderr.strip()) == (2, f"Error: {sentence}")
    assert "Traceback" not in asked.stderr + listed.stderr
    assert rebuilt.returncode == 0, rebuilt.stderr
    kept = next(index_copy.glob("catalog.sqlite3.damaged-*"))
    assert f"{sentence} It was rebuilt from the guides; the damaged file is kept as {kept}." in " ".join(
        rebuilt.stderr.split()
    )
    assert after.returncode == 0 and LONDON_BASE in after.stdout, after.stderr
    assert len(list(index_copy.glob("chroma-*"))) == 1  # the unreadable catalog's vectors went with it


def test_rebuild_finds_damaged_pages_that_a_plain_open_does_not(index_copy: Path) -> None:
    damage_pages(index_copy / "catalog.sqlite3")
    env = assistant_env(index_copy, SEEDS)

    rebuilt = cli(env, "ingest", "--rebuild")
    catalog = Catalog(index_copy, read_only=True)  # answering from it: the first test asks through the CLI
    catalog.check()

    assert rebuilt.returncode == 0, rebuilt.stderr
    assert "is damaged (" in rebuilt.stderr and "It was rebuilt from the guides" in rebuilt.stderr
    assert catalog.guide_count() == 3
    catalog.close()


def test_a_server_over_a_damaged_catalog_answers_503_in_one_sentence_and_readyz_broken(
    index_copy: Path, tmp_path: Path
) -> None:
    env = assistant_env(index_copy, SEEDS)
    with running_server(env, tmp_path / "serve.log") as server:
        assert httpx.get(f"{server.base_url}/readyz", timeout=30).status_code == 200
        overwrite_with_garbage(index_copy / "catalog.sqlite3")  # damaged under the running server
        ready = httpx.get(f"{server.base_url}/readyz", timeout=30)
        chat = httpx.post(f"{server.base_url}/api/chat", json={"question": QUESTION}, timeout=30)
        guides = httpx.get(f"{server.base_url}/api/guides", timeout=30)
        log = server.log()

    sentence = catalog_sentence(index_copy, "file is not a database")
    assert (ready.status_code, ready.json()) == (503, {"status": "broken", "detail": sentence})
    assert (chat.status_code, chat.json()) == (503, {"detail": sentence})
    assert (guides.status_code, guides.json()) == (503, {"detail": sentence})
    assert "Traceback" not in log


# --- a read-only index, and an unusable conversations file -----------------------------------------


@contextmanager
def read_only_view(source: Path, mount_point: Path) -> Iterator[Path]:
    """`source` where nobody may write: a read-only bind mount as root, a chmod'ed copy for anyone else."""
    mount_point.mkdir()
    if os.geteuid() != 0:
        shutil.copytree(source, mount_point, dirs_exist_ok=True)
        for path in [mount_point, *mount_point.rglob("*")]:
            path.chmod(path.stat().st_mode & ~0o222)
        try:
            yield mount_point
        finally:
            for path in [mount_point, *mount_point.rglob("*")]:
                path.chmod(path.stat().st_mode | 0o200)
        return
    bound = subprocess.run(["mount", "--bind", str(source), str(mount_point)], capture_output=True, text=True)
    if bound.returncode != 0:
        pytest.skip(f"root without mount rights, where chmod cannot stop writes: {bound.stderr.strip()}")
    try:
        subprocess.run(["mount", "-o", "remount,bind,ro", str(mount_point)], check=True, capture_output=True)
        yield mount_point
    finally:
        subprocess.run(["umount", str(mount_point)], check=True)


def test_a_read_only_index_answers_and_serve_names_the_file_it_cannot_write(index_copy: Path, tmp_path: Path) -> None:
    (index_copy / "conversations.sqlite3").unlink(missing_ok=True)
    with read_only_view(index_copy, tmp_path / "read-only") as index:
        env = assistant_env(index, SEEDS)
        asked = cli(env, "ask", "--json", QUESTION)
        advised = cli(env, "ask", "--json", "How should I negotiate an ML engineer offer with Jane Street?")
        refused = cli(env, "serve", "--port", "1")  # stops before it listens: the port is never bound
        conversations = tmp_path / "writable" / "conversations.sqlite3"
        with running_server({**env, "ASSISTANT_CONVERSATIONS_FILE": str(conversations)}, tmp_path / "s.log") as server:
            chat = httpx.post(f"{server.base_url}/api/chat", json={"question": QUESTION}, timeout=120)
            ready = server.readiness_with_vectors()  # the worker opens the vectors after its first answer

    assert asked.returncode == 0, asked.stderr
    answer = json.loads(asked.stdout)
    assert LONDON_BASE in answer["answer"]  # a look-up reads the catalog alone: no vectors, so nothing to warn of
    assert advised.returncode == 0, advised.stderr
    # Ranked by meaning from the guide's chunks embedded on the spot: it never needed the store Chroma can't open
    # read-only, so it has nothing to warn of; the server, which opens the store, is degraded in /readyz (below).
    advice = json.loads(advised.stdout)
    assert "bm25_only" not in advice["timings_ms"] and advice["answer"]
    assert not [warning for warning in advice["warnings"] if warning["kind"] == "index_drift"], advice["warnings"]
    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines()[-1] == (
        f"Error: The conversations file {index / 'conversations.sqlite3'} cannot be written (unable to open "
        "database file; its folder is read-only): let this user write there, or set ASSISTANT_CONVERSATIONS_FILE "
        "to a file it may write (a read-only index can be served that way)."
    )
    assert ready.status_code == 200 and ready.json()["status"] == "degraded", ready.text
    assert ready.json()["vectors_checked"] is True
    assert chat.status_code == 200 and LONDON_BASE in chat.json()["answer"]


def test_a_damaged_conversations_file_stops_serve_with_one_sentence(index_copy: Path) -> None:
    overwrite_with_garbage(index_copy / "conversations.sqlite3")
    refused = cli(assistant_env(index_copy, SEEDS), "serve", "--port", "1")

    assert refused.returncode == 2
    assert refused.stderr.strip().splitlines()[-1] == (
        f"Error: The conversations file {index_copy / 'conversations.sqlite3'} is damaged (file is not a database): "
        "move it aside (the follow-up context and ratings in it are lost) or set ASSISTANT_CONVERSATIONS_FILE to "
        "another file, then start again."
    )


# --- a full disk ----------------------------------------------------------------------------------


@contextmanager
def small_disk(mount_point: Path, size_mb: int) -> Iterator[Path]:
    """A tmpfs of `size_mb` at `mount_point`: a disk that really fills up (root with mount rights only)."""
    mount_point.mkdir()
    mounted = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={size_mb}m", "tmpfs", str(mount_point)],
                             capture_output=True, text=True)  # fmt: skip
    if mounted.returncode != 0:
        pytest.skip(f"needs a tmpfs mount to fill a disk for real (root with mount rights): {mounted.stderr.strip()}")
    try:
        yield mount_point
    finally:  # lazily: a Chroma client of this process may still hold a file open there
        subprocess.run(["umount", "--lazy", str(mount_point)], check=True)


def fill_disk_at(stage: str, disk: Path):  # type: ignore[no-untyped-def]
    """An ingest progress callback that takes every free byte of `disk` when the ingest reaches `stage`, as
    another process writing there would."""

    def progress(reached: str, done: int, total: int) -> None:
        filler = disk / "filler"
        if reached == stage and not filler.exists():
            descriptor = os.open(filler, os.O_CREAT | os.O_WRONLY)
            try:
                os.posix_fallocate(descriptor, 0, shutil.disk_usage(disk).free)
            finally:
                os.close(descriptor)

    return progress


def index_files(index: Path) -> list[str]:
    return sorted(path.name for path in index.iterdir() if path.name != "ingest.lock")


@pytest.mark.parametrize("stage", ["parse", "embed"])
def test_a_full_disk_is_one_sentence_and_the_previous_index_keeps_answering(
    stage: str, tmp_path: Path, embeddings: MiniLMEmbeddings
) -> None:
    from assistant.index.space import DiskFullError
    from assistant.service import Assistant
    from tests.serve_fixtures import serve_settings

    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    with small_disk(tmp_path / "disk", size_mb=16) as disk:
        index = disk / "index"
        ingest(corpus, index, embeddings=embeddings, min_free_mb=1)
        serving = Assistant(serve_settings(index, corpus))  # as a running server has the index open
        serving.ask(QUESTION)
        before = index_files(index)  # with what a reader saves beside the catalog (its vocabulary)
        guide = next(corpus.rglob("*.md"))
        guide.write_text(guide.read_text() + "\n\n## After the offer\n\nAsk for the offer in writing.\n")

        # "parse": full before the ingest writes anything (its check refuses); "embed": full half way through.
        with pytest.raises(DiskFullError) as full:
            ingest(corpus, index, embeddings=embeddings, progress=fill_disk_at(stage, disk), min_free_mb=1)
        after = index_files(index)
        while_full = serving.ask(QUESTION)
        serving.reader.close()
        (disk / "filler").unlink()
        reopened = Assistant(serve_settings(index, corpus))  # the live generation's files are whole
        after_freeing = reopened.ask(QUESTION)
        reopened.reader.close()
        retried = ingest(corpus, index, embeddings=embeddings, min_free_mb=1)

    assert str(full.value).startswith(f"The disk is full (0 MB free at {index}")
    assert str(full.value).endswith("free some space, then run `assistant ingest` again. The previous index still "
                                    "answers.")  # fmt: skip
    assert after == before  # no half-written generation left taking space, the live one untouched
    for answer in (while_full, after_freeing):
        assert LONDON_BASE in answer.answer
        assert not [warning for warning in answer.warnings if warning.kind.value == "index_drift"], answer.warnings
    assert len(retried.updated) == 1


def test_the_free_space_an_ingest_keeps_is_a_setting(index_copy: Path) -> None:
    """Any machine: demand more spare space than the disk has, and the ingest refuses before writing."""
    guide_copy = index_copy.parent / "corpus"
    shutil.copytree(SEEDS, guide_copy)
    guide = next(guide_copy.rglob("*.md"))
    guide.write_text(guide.read_text() + "\n\n## After the offer\n\nAsk for the offer in writing.\n")
    before = index_files(index_copy)

    refused = cli(assistant_env(index_copy, guide_copy, MIN_FREE_MB=str(2**40)), "ingest", str(guide_copy))

    assert refused.returncode == 2
    assert "Error: The disk is full (" in refused.stderr and f"MB free at {index_copy}; this ingest needs about" in (
        " ".join(refused.stderr.split())
    )
    assert index_files(index_copy) == before
