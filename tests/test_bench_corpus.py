"""The benchmark corpus generator: deterministic, distinct, realistic in size and shape, and parseable."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
import time
from collections import Counter
from datetime import date
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from assistant.ingest.parse import parse_guide_file

CORPUS_PY = Path(__file__).resolve().parents[1] / "benchmarks" / "corpus.py"
SAMPLE_SIZE = 1_500


def load_corpus_module() -> ModuleType:
    """benchmarks/ is a folder of scripts, not an installed package, so load the module by path."""
    spec = importlib.util.spec_from_file_location("benchmark_corpus", CORPUS_PY)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules[spec.name] = module  # dataclasses look their module up while being created
    spec.loader.exec_module(module)
    return module


corpus = load_corpus_module()


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[Any]]:
    root = tmp_path_factory.mktemp("corpus")
    return root, corpus.write_corpus(root, SAMPLE_SIZE, seed=0)


def test_same_seed_writes_same_bytes(tmp_path: Path) -> None:
    first = corpus.write_corpus(tmp_path / "a", 40, seed=3)
    second = corpus.write_corpus(tmp_path / "b", 40, seed=3)
    other = corpus.write_corpus(tmp_path / "c", 40, seed=4)
    assert first == second
    for guide in first:
        assert (tmp_path / "a" / f"{guide.id}.md").read_bytes() == (tmp_path / "b" / f"{guide.id}.md").read_bytes()
    assert [guide.id for guide in other] != [guide.id for guide in first]


def test_a_smaller_corpus_is_the_start_of_a_larger_one(tmp_path: Path, generated: tuple[Path, list[Any]]) -> None:
    root, guides = generated
    small = corpus.write_corpus(tmp_path, 25, seed=0)
    assert small == guides[:25]
    assert all((tmp_path / f"{g.id}.md").read_bytes() == (root / f"{g.id}.md").read_bytes() for g in small)


def test_ids_are_distinct_and_name_the_files(generated: tuple[Path, list[Any]]) -> None:
    root, guides = generated
    ids = [guide.id for guide in guides]
    assert len(set(ids)) == SAMPLE_SIZE
    assert {path.relative_to(root).with_suffix("").as_posix() for path in root.glob("*/*.md")} == set(ids)
    for guide in guides[:100]:
        assert guide.id == f"{corpus.slug(guide.company)}/{corpus.slug(guide.role)}"


def test_names_allow_50000_distinct_guides_and_no_more_than_exist(tmp_path: Path) -> None:
    names = corpus.company_names()
    assert 50_000 / 14 <= len(names) == len(set(names)) <= 5_000
    assert len({corpus.slug(name) for name in names}) == len(names)
    assert len(corpus.ROLES) == 14
    with pytest.raises(ValueError, match="at most 60,480"):
        corpus.write_corpus(tmp_path, 60_481)
    assert not any(tmp_path.iterdir())


def test_5000_guides_take_well_under_a_minute(tmp_path: Path) -> None:
    started = time.perf_counter()
    guides = corpus.write_corpus(tmp_path, 5_000)
    assert time.perf_counter() - started < 30
    assert len({guide.id for guide in guides}) == 5_000


def test_guides_are_6_to_10_kb(generated: tuple[Path, list[Any]]) -> None:
    root, guides = generated
    for guide in guides:
        assert 6_000 <= guide.size <= 10_240, guide.id
    assert all((root / f"{g.id}.md").stat().st_size == g.size for g in guides[:200])


# Every shape of GUIDE_FORMATS.md the generator claims to write, by the name it records.
EXPECTED_SHAPES = {
    *(f"title:{name}" for name in ("pipe", "dash", "hash", "extra_pipe", "bold")),
    *(f"table:{name}" for name in ("rsu", "equity", "no_bonus", "no_equity", "pnl", "one_off", "level_location")),
    "table:none",
    *(f"cell:{name}" for name in ("percent", "money_and_percent", "note", "per_year", "open_ended")),
    "cell:dual_paren",
    "cell:dual_slash",
    "cell:bare_dollar_sgd",
    "defect:mixed_currency",
    "defect:low_above_high",
    "front_matter:agrees",
    "front_matter:disagrees",
    *(f"mapping:{name}" for name in ("bold", "heading", "heading_titles")),
    *(f"levers:{name}" for name in ("global_heading", "lever_headings", "bold_paragraphs")),
    "strategy:quote",
    "strategy:bold",
    *(f"evidence:{name}" for name in ("numbered", "bulleted", "bold_bulleted")),
}


def test_every_shape_occurs_in_roughly_the_real_proportions(generated: tuple[Path, list[Any]]) -> None:
    _, guides = generated
    counts = Counter(shape for guide in guides for shape in guide.shapes)
    assert set(counts) == EXPECTED_SHAPES
    share = {shape: count / len(guides) for shape, count in counts.items()}
    assert 0.78 <= share["title:pipe"] <= 0.92
    assert 0.08 <= share["title:dash"] <= 0.19
    assert 0.45 <= share["table:rsu"] <= 0.59
    assert 0.09 <= share["table:level_location"] <= 0.18
    assert 0.06 <= share["front_matter:agrees"] + share["front_matter:disagrees"] <= 0.16


def expected_problems(shapes: frozenset[str]) -> set[str]:
    """The data-quality problems each generated shape should make the parser report."""
    by_shape = {
        "defect:mixed_currency": "mixed_currency",
        "defect:low_above_high": "low_above_high",
        "front_matter:disagrees": "frontmatter_mismatch",
        "table:none": "no_compensation_table",
    }
    return {problem for shape, problem in by_shape.items() if shape in shapes}


def test_the_parser_reads_back_what_was_written(generated: tuple[Path, list[Any]]) -> None:
    root, guides = generated
    rare = {"defect:", "front_matter:", "table:none", "title:hash", "title:bold", "title:extra", "cell:bare"}
    sample = [g for i, g in enumerate(guides) if i % 8 == 0 or any(s.startswith(tuple(rare)) for s in g.shapes)]
    for generated_guide in sample:
        guide = parse_guide_file(root / f"{generated_guide.id}.md", root, today=date(2026, 6, 1))
        assert (guide.company, guide.role) == (generated_guide.company, generated_guide.role), guide.id
        assert set(guide.regions) == set(generated_guide.regions), guide.id
        problems = {problem.kind.value for problem in guide.problems} - {"stale"}
        assert problems == expected_problems(generated_guide.shapes), guide.id
        if "cell:bare_dollar_sgd" in generated_guide.shapes:  # "$" under a "Singapore (SGD)" header
            assert {fig.currency for fig in guide.figures if fig.region_key == "singapore"} == {"SGD"}, guide.id
        known = generated_guide.known
        if known is None:
            assert guide.figures == []
            continue
        matches = [
            (fig.region, fig.currency, fig.low, fig.high)
            for fig in guide.figures
            if (fig.region_key, fig.component.value, fig.level) == (known.region_key, known.component, known.level)
        ]
        assert matches == [(known.region, known.currency, known.low, known.high)], guide.id


def test_command_line_writes_the_corpus(tmp_path: Path) -> None:
    done = subprocess.run(
        [sys.executable, str(CORPUS_PY), str(tmp_path / "out"), "12"], capture_output=True, text=True, check=False
    )
    assert done.returncode == 0, done.stderr
    assert "wrote 12 guides" in done.stdout
    assert len(list((tmp_path / "out").glob("*/*.md"))) == 12
    usage = subprocess.run([sys.executable, str(CORPUS_PY)], capture_output=True, text=True, check=False)
    assert usage.returncode == 2 and "usage" in usage.stderr
