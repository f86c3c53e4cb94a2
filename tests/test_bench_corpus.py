"""The benchmark corpus generator (deterministic, varied as the real corpus) and the parser reading it all back.

The generator records the truth of every compensation cell it writes, so the parser is checked here on
thousands of cells in every table layout, cell notation and place-label decoration of GUIDE_FORMATS.md.
"""

from __future__ import annotations

import subprocess
import sys
from collections import Counter
from datetime import date
from pathlib import Path

import pytest

from assistant.guide import Figure, Guide, ProblemKind
from assistant.ingest.files import NotAGuideError
from assistant.ingest.parse import parse_guide_file
from benchmarks.corpus import Corpus, GeneratedGuide, plan, write_corpus
from benchmarks.corpus.guide import PlacedCell

REPO = Path(__file__).resolve().parents[1]
SAMPLE_SIZE = 700


@pytest.fixture(scope="module")
def generated(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Corpus]:
    root = tmp_path_factory.mktemp("corpus")
    return root, write_corpus(root, SAMPLE_SIZE, seed=0)


@pytest.fixture(scope="module")
def parsed(generated: tuple[Path, Corpus]) -> dict[str, Guide]:
    root, corpus = generated
    return {g.id: parse_guide_file(root / f"{g.id}.md", root, today=date(2026, 6, 1)) for g in corpus.guides}


def test_same_seed_writes_same_bytes(tmp_path: Path) -> None:
    first = write_corpus(tmp_path / "a", 40, seed=3)
    second = write_corpus(tmp_path / "b", 40, seed=3)
    other = write_corpus(tmp_path / "c", 40, seed=4)
    assert first == second
    for guide in first.guides:
        assert (tmp_path / "a" / f"{guide.id}.md").read_bytes() == (tmp_path / "b" / f"{guide.id}.md").read_bytes()
    assert [(tmp_path / "a" / f"{g.id}.md").read_bytes() for g in first.guides] != [
        (tmp_path / "c" / f"{g.id}.md").read_bytes() for g in other.guides
    ]


def test_a_smaller_corpus_is_the_start_of_a_larger_one(tmp_path: Path, generated: tuple[Path, Corpus]) -> None:
    root, corpus = generated
    small = write_corpus(tmp_path, 25, seed=0)
    assert small.guides == corpus.guides[:25]
    assert all((tmp_path / f"{g.id}.md").read_bytes() == (root / f"{g.id}.md").read_bytes() for g in small.guides)


def test_ids_are_distinct_and_a_company_has_its_roles_together(generated: tuple[Path, Corpus]) -> None:
    root, corpus = generated
    ids = [guide.id for guide in corpus.guides]
    assert len(set(ids)) == SAMPLE_SIZE
    assert {p.relative_to(root).with_suffix("").as_posix() for p in root.glob("*/*.md")} == set(ids)
    per_company = Counter(guide.company.slug for guide in corpus.guides)
    assert sum(1 for count in per_company.values() if count == 14) >= len(per_company) - 1


def test_the_names_reach_the_50000_guide_scale_run() -> None:
    pairs = plan(50_000)
    assert len({(company.slug, role.name) for company, role in pairs}) == 50_000
    with pytest.raises(ValueError, match="at most"):
        plan(10_000_000)


def test_guides_are_6_to_10_kb(generated: tuple[Path, Corpus]) -> None:
    _, corpus = generated
    assert all(6_000 <= guide.size <= 10_500 for guide in corpus.guides)


def _shares(guides: list[GeneratedGuide], prefix: str) -> dict[str, float]:
    counts = Counter(shape.split(":", 1)[1] for guide in guides for shape in guide.shapes if shape.startswith(prefix))
    return {name: count / len(guides) for name, count in counts.items()}


def test_layouts_and_titles_come_in_roughly_the_real_shares(generated: tuple[Path, Corpus]) -> None:
    _, corpus = generated
    layouts = _shares(corpus.guides, "layout:")
    assert 0.76 <= layouts["region_rows"] <= 0.9
    assert 0.08 <= layouts["level_rows"] <= 0.19
    assert 0.015 <= layouts["component_rows"] <= 0.08
    titles = _shares(corpus.guides, "title:")
    assert 0.78 <= titles["pipe"] <= 0.9 and 0.08 <= titles["dash"] <= 0.19


def test_every_cell_notation_and_label_decoration_occurs(generated: tuple[Path, Corpus]) -> None:
    _, corpus = generated
    cells = [placed.truth for guide in corpus.guides for placed in guide.cells]
    notations = Counter(truth.cell.notation for truth in cells)
    for notation in ("k", "full", "m", "iso_prefix", "dual_paren", "dual_slash", "interleaved_dual", "percent",
                     "money_and_percent", "note", "not_paid", "garbage", "indian_grouping", "indian_lakh",
                     "indian_lakh_iso", "indian_lpa", "target_and_money"):  # fmt: skip
        assert notations[notation] > 0, notation
    decorations = Counter(truth.label.decoration for truth in cells if truth.layout == "region_rows")
    labels = sum(decorations.values())
    assert 0.4 <= decorations["plain"] / labels <= 0.62
    for decoration in ("remote", "two_places", "state_country", "note", "currency_label", "bold_flag"):
        assert 0.02 <= decorations[decoration] / labels <= 0.2, decoration


def _figures_of(guide: Guide, placed: PlacedCell) -> list[Figure]:
    """The figures read from the cell: its row, its text, its component, and a place its label names."""
    from assistant.places import place_key

    truth = placed.truth
    places = {place_key(name) for name in truth.label.ask_names}
    return [f for f in guide.figures if f.line == placed.line and f.source_text == truth.cell.text.strip()
            and f.component.value == truth.component and places & set(f.place_keys)]  # fmt: skip


def test_the_parser_reads_back_every_cell(generated: tuple[Path, Corpus], parsed: dict[str, Guide]) -> None:
    _, corpus = generated
    checked = Counter[str]()
    for generated_guide in corpus.guides:
        guide = parsed[generated_guide.id]
        assert (guide.company, guide.role) == (generated_guide.company.name.split(" (")[0], generated_guide.role.name)
        for placed in generated_guide.cells:
            cell, figures = placed.truth.cell, _figures_of(guide, placed)
            where = f"{guide.id} line {placed.line}: {cell.text!r}"
            if not cell.clean:
                assert figures == [], where
            elif cell.not_paid and placed.truth.component not in ("base", "total"):
                assert [f.not_paid for f in figures] == [True], where
            elif cell.states_money:
                read = [(f.currency, f.low, f.high, f.level, f.open_ended) for f in figures]
                assert read == [(cell.currency, cell.low, cell.high, placed.truth.level, cell.open_ended)], where
                secondary = figures[0].secondary
                if cell.secondary:
                    assert (
                        secondary is not None and (secondary.currency, secondary.low, secondary.high) == cell.secondary
                    )
                assert figures[0].section.endswith(placed.section), where
            checked[cell.notation] += 1
    assert sum(checked.values()) > 8_000


def test_unclean_cells_are_problems_not_figures(generated: tuple[Path, Corpus], parsed: dict[str, Guide]) -> None:
    _, corpus = generated
    garbage = [(g.id, p.line) for g in corpus.guides for p in g.cells if p.truth.cell.notation == "garbage"]
    assert garbage
    for guide_id, line in garbage:
        kinds = {p.kind for p in parsed[guide_id].problems if p.line == line}
        assert ProblemKind.unclean_cell in kinds, (guide_id, line)


def test_labels_name_every_place_a_person_asks_by(generated: tuple[Path, Corpus], parsed: dict[str, Guide]) -> None:
    """'Dallas' finds `Dallas TX`; either city finds `London / Amsterdam`; mapping tables add no places."""
    from assistant.places import matching, place_key

    _, corpus = generated
    for generated_guide in corpus.guides[:300]:
        guide = parsed[generated_guide.id]
        assert set(guide.regions) <= {p.truth.label.as_written for p in generated_guide.cells} | {
            p.truth.label.place.name for p in generated_guide.cells
        } | {_column_display(p.truth.label.as_written) for p in generated_guide.cells}
        keys = [figure.place_keys for figure in guide.figures]
        for placed in generated_guide.cells:
            for name in placed.truth.label.ask_names:
                hits = matching(place_key(name), keys)
                assert any(guide.figures[i].line == placed.line for i in hits) or not placed.truth.cell.states_money


def _column_display(label: str) -> str:
    return label.split(" (")[0] if label.endswith(")") and not label.startswith(("EMEA", "India")) else label


def test_documents_that_are_not_guides_are_skipped(generated: tuple[Path, Corpus]) -> None:
    root, corpus = generated
    assert corpus.non_guides
    for name in corpus.non_guides:
        with pytest.raises(NotAGuideError, match="not a negotiation guide"):
            parse_guide_file(root / name, root)


def test_command_line_writes_the_corpus(tmp_path: Path) -> None:
    done = subprocess.run([sys.executable, "-m", "benchmarks.corpus", str(tmp_path / "out"), "12"], cwd=REPO,
                          capture_output=True, text=True, check=False)  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "wrote 12 guides" in done.stdout
    assert len(list((tmp_path / "out").glob("*/*.md"))) == 12
    usage = subprocess.run([sys.executable, "-m", "benchmarks.corpus"], cwd=REPO, capture_output=True, text=True)
    assert usage.returncode == 2 and "usage" in usage.stderr
