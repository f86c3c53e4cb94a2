"""Hostile and odd files in a corpus: each is skipped with one line, the rest ingests, and `guides validate` says so.

A YAML alias bomb, YAML nested past any sense, a named pipe and a device file named *.md, a file link loop, and a
second guide claiming a company and role another guide holds.
"""

from __future__ import annotations

import json
import os
import resource
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.guide import Component
from assistant.index.build import ingest
from assistant.index.catalog import Catalog
from assistant.index.embeddings import MiniLMEmbeddings
from assistant.ingest.files import GuideError, scan_corpus
from assistant.ingest.parse import parse_guide_file
from assistant.service import Assistant
from assistant.settings import Settings
from tests.conftest import REPO, TODAY

TITLE = (
    "### ML Engineer | Bomb Co Global Negotiation Guide\n\n| Region | Base |\n|---|---|\n| London | £100K - £120K |\n"
)
JANE = "jane-street/ml-ai-engineer"


def alias_bomb() -> str:
    """Nine levels of nine aliases each: 472 bytes that stand for 9**9 (387 million) strings."""
    lines = ["a: &a [x, x, x, x, x, x, x, x, x]"]
    for level in range(1, 9):
        name, previous = chr(ord("a") + level), chr(ord("a") + level - 1)
        lines.append(f"{name}: &{name} [" + ", ".join([f"*{previous}"] * 9) + "]")
    return "---\n" + "\n".join(lines) + "\n---\n" + TITLE


IMPOSTOR = """---
company: jane-street
company_display: Jane Street
---
### ML/AI Engineer | Jane Street Global Negotiation Guide

## Compensation Benchmarks by Region

| Region | Base | Total Comp |
|---|---|---|
| London | £111K - £122K | £200K - £300K |
"""


@pytest.mark.parametrize(
    ("front_matter", "says"),
    [
        (alias_bomb().split("---\n")[1], "aliases expand to more than 10,000 values"),
        ("a: &a [*a]\n", "aliases expand"),  # an alias inside its own anchor: an endless expansion
        ("deep: " + "[" * 40 + "]" * 40 + "\n", "nests more than 16 levels"),
        ("notes: '" + "x" * 70_000 + "'\n", "over the 64,000-byte limit"),
    ],
    ids=["alias bomb", "self-reference", "deep nesting", "oversize"],
)
def test_front_matter_past_a_limit_is_one_line_and_cheap(tmp_path: Path, front_matter: str, says: str) -> None:
    path = tmp_path / "bomb-co" / "ml-engineer.md"
    path.parent.mkdir()
    path.write_text("---\n" + front_matter + "---\n" + TITLE)
    before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    with pytest.raises(GuideError) as caught:
        parse_guide_file(path, tmp_path, today=TODAY)
    assert says in str(caught.value) and "\n" not in str(caught.value)
    assert resource.getrusage(resource.RUSAGE_SELF).ru_maxrss - before < 50_000  # KB: no expansion was built


@pytest.mark.parametrize(
    ("front_matter", "says"),
    [
        ("last_updated: 2026-02-30\n", "can't be read (day is out of range for month)"),
        ("views: " + "9" * 5_000 + "\n", "can't be read"),  # past Python's digit limit for int()
        ("ratio: !!float abc\n", "can't be read"),
        ("blob: !!binary /w==\n", "metadata can't hold"),  # bytes the catalog's JSON could not store
        ("tags: !!set {a, b}\n", "metadata can't hold"),
    ],
)
def test_front_matter_values_that_cannot_be_stored_are_one_line(tmp_path: Path, front_matter: str, says: str) -> None:
    path = tmp_path / "bomb-co" / "ml-engineer.md"
    path.parent.mkdir()
    path.write_text("---\n" + front_matter + "---\n" + TITLE)
    with pytest.raises(GuideError) as caught:  # a GuideError, never a ValueError that stops the whole ingest
        parse_guide_file(path, tmp_path, today=TODAY)
    assert says in str(caught.value) and "\n" not in str(caught.value)


def test_aliases_within_the_limits_still_read(tmp_path: Path) -> None:
    path = tmp_path / "bomb-co" / "ml-engineer.md"
    path.parent.mkdir()
    path.write_text("---\nlabels: &l [base, stock]\nalso: *l\ncompany_display: Bomb Co\n---\n" + TITLE)
    guide = parse_guide_file(path, tmp_path, today=TODAY)
    assert guide.company == "Bomb Co" and guide.front_matter and guide.front_matter.extra["also"] == ["base", "stock"]


def test_special_files_and_file_link_loops_each_get_their_line(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "acme").mkdir(parents=True)
    (corpus / "acme" / "analyst.md").write_text(TITLE)
    os.mkfifo(corpus / "acme" / "pipe.md")
    (corpus / "acme" / "loop.md").symlink_to("loop.md")
    (corpus / "acme" / "null.md").symlink_to("/dev/null")  # a device file, reached through a link
    (corpus / "acme" / "gone.md").symlink_to("nowhere.md")
    scan = scan_corpus(corpus)
    assert [path.name for path in scan.files] == ["analyst.md"]
    lines = {Path(line.split(": ", 1)[0]).name: line for line in scan.problems}
    assert "a named pipe (FIFO), not a regular file" in lines["pipe.md"]
    assert "a device file, not a regular file" in lines["null.md"]
    assert "symbolic link loop" in lines["loop.md"] and "does not exist" not in lines["loop.md"]
    assert "nowhere.md, which does not exist" in lines["gone.md"]
    assert all("\n" not in line for line in scan.problems)


def _cli(*args: str, index_dir: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "ASSISTANT_INDEX_DIR": str(index_dir), "ASSISTANT_TODAY": TODAY.isoformat()}
    return subprocess.run([sys.executable, "-m", "assistant.cli", *args], env=env, capture_output=True, text=True,
                          cwd=REPO, timeout=120)  # fmt: skip


def test_validate_reports_the_bomb_the_pipe_and_the_duplicate(corpus_copy: Path, tmp_path: Path) -> None:
    (corpus_copy / "bomb-co").mkdir()
    (corpus_copy / "bomb-co" / "ml-engineer.md").write_text(alias_bomb())
    os.mkfifo(corpus_copy / "jane-street" / "pipe.md")
    (corpus_copy / "impostor").mkdir()
    (corpus_copy / "impostor" / "ml-ai-engineer.md").write_text(IMPOSTOR)
    done = _cli("guides", "validate", str(corpus_copy), "--json", index_dir=tmp_path / "index")
    assert done.returncode == 1
    problems = {(p["guide_id"].removeprefix(str(corpus_copy) + "/"), p["kind"]): p["message"]
                for p in json.loads(done.stdout)["problems"]}  # fmt: skip
    assert "aliases expand" in problems[("bomb-co/ml-engineer", "unreadable")]
    assert "named pipe" in problems[("jane-street/pipe.md", "unreadable")]
    duplicate = problems[("impostor/ml-ai-engineer", "duplicate")]
    assert f"{JANE} is kept (it sits in the company's own folder)" in duplicate
    assert not any(guide_id == JANE and kind == "duplicate" for guide_id, kind in problems)


def test_ingest_skips_the_bomb_and_keeps_the_folders_own_guide_whatever_came_first(
    corpus_copy: Path, tmp_path: Path, embeddings: MiniLMEmbeddings
) -> None:
    index_dir = tmp_path / "index"
    real = (corpus_copy / "jane-street" / "ml-ai-engineer.md").read_text()
    (corpus_copy / "jane-street" / "ml-ai-engineer.md").unlink()
    (corpus_copy / "impostor").mkdir()
    (corpus_copy / "impostor" / "ml-ai-engineer.md").write_text(IMPOSTOR)
    first = ingest(corpus_copy, index_dir, embeddings=embeddings, today=TODAY)
    assert "impostor/ml-ai-engineer" in first.added and first.duplicates == []  # alone, it is Jane Street's guide

    (corpus_copy / "jane-street" / "ml-ai-engineer.md").write_text(real)  # the real guide arrives
    (corpus_copy / "bomb-co").mkdir()
    (corpus_copy / "bomb-co" / "ml-engineer.md").write_text(alias_bomb())
    report = ingest(corpus_copy, index_dir, embeddings=embeddings, today=TODAY)

    assert report.added == [JANE] and report.removed == ["impostor/ml-ai-engineer"]
    assert [line.split(": ", 1)[0] for line in report.duplicates] == ["impostor/ml-ai-engineer"]
    assert any("bomb-co/ml-engineer.md" in line and "aliases expand" in line for line in report.errors)
    catalog = Catalog(index_dir)
    assert set(catalog.hashes()) == {JANE, "millennium-management/ml-ai-engineer", "tastytrade/ml-ai-engineer"}
    assert catalog.figures([JANE], ["london"], [Component.base])[0].low == 195_000

    again = ingest(corpus_copy, index_dir, embeddings=embeddings, today=TODAY)  # stable: nothing flips back
    assert again.added == again.removed == [] and len(again.duplicates) == 1
    settings = Settings(index_dir=index_dir, corpus_dir=corpus_copy, today=TODAY, llm="offline", auto_ingest=False,
                        chroma_url=None)  # fmt: skip
    product = Assistant(settings)
    answer = product.ask("JS ML engineer London base?").answer
    assert "£195K - £275K" in answer and "£111K" not in answer
    assert "Several companies" not in product.ask("Jane Street ML engineer total comp in London").answer


NO_TABLE = """### Data Engineer | Quillmark Global Negotiation Guide

#### Negotiation Levers

1. **Competing offer:** "Bring a written competing offer; Quillmark matches base within two weeks."
2. **Scope:** "Ask for the platform team's level, not the analytics team's."

#### Recommended Strategy

Anchor on the platform level and trade sign-on for a faster review.
"""


def test_a_guide_with_no_table_says_so_then_gives_its_advice(tmp_path: Path, embeddings: MiniLMEmbeddings) -> None:
    corpus = tmp_path / "corpus"
    (corpus / "quillmark").mkdir(parents=True)
    (corpus / "quillmark" / "data-engineer.md").write_text(NO_TABLE, encoding="utf-8")
    report = ingest(corpus, tmp_path / "index", embeddings=embeddings, today=TODAY)
    assert report.errors == []
    assistant = Assistant(Settings(index_dir=tmp_path / "index", corpus_dir=corpus, today=TODAY, auto_ingest=False))
    response = assistant.ask("What does Quillmark pay a data engineer in London?")
    assert response.answer.startswith("Quillmark's Data Engineer guide has no compensation figures")
    assert "competing offer" in response.answer or "competing offer" in response.full_text
    assert any(w.kind == "not_covered" and "no compensation figures" in w.message for w in response.warnings)
    assert response.verification.action == "passed" and response.verification.unsupported == []
