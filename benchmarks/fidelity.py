"""Fidelity benchmark: does every guide shape yield its figures, and does every table question get the exact range?

Writes the generated corpus (benchmarks/corpus, every shape of docs/guide-formats.md at roughly the real shares),
ingests it with the product, then asks one table question per sampled figure, formally (the place as a
person says it and as the label writes it) and as people type it. Prints exact-range accuracy per table
layout, per place-label decoration and per cell notation, accuracy on typed questions, the share of guides
with a compensation table that yield figures, answers showing an unsupported or wrong figure, and answer
latency p50/p95. Asserts nothing.

    python benchmarks/fidelity.py --corpus ../shared/corpus-twin/guides   # the corpus of record (the twin)
    python benchmarks/fidelity.py                   # 5,000 generated guides (ingest takes minutes the first time)
    python benchmarks/fidelity.py --guides 500 --questions 400

With --corpus, the truth is read from the corpus itself (benchmarks/twin.py: each cell as written), the questions
are written from its own names (benchmarks/twin_questions.py), and accuracy is also split by name kind
(ordinary-word names, role-word names, place-word names, product lines, symbols, collisions); the answers whose
verifier struck a true figure are counted too. The index is kept in the workdir and re-ingested incrementally.
"""

from __future__ import annotations

import argparse
import random
import statistics
import sys
import time
from collections import defaultdict
from datetime import date
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from benchmarks.corpus import Corpus, GeneratedGuide, write_corpus  # noqa: E402
from benchmarks.questions import Question, formal_questions, sample_cells, sibling_levels, typed_question  # noqa: E402

TODAY = date(2026, 11, 22)


def build(workdir: Path, guides: int, seed: int) -> tuple[Any, Corpus, float]:
    from assistant.service import Assistant
    from assistant.settings import Settings

    corpus_dir = workdir / "corpus"
    corpus = write_corpus(corpus_dir, guides, seed=seed)
    assistant = Assistant(Settings(index_dir=workdir / "index", corpus_dir=corpus_dir, auto_ingest=False, today=TODAY))
    started = time.perf_counter()
    report = assistant.reindex()
    print(f"ingest: {report.scanned} files, {len(report.added) + len(report.updated)} (re)parsed, "
          f"{len(report.errors)} errors, {time.perf_counter() - started:.0f}s")  # fmt: skip
    return assistant, corpus, time.perf_counter() - started


def shows_exact(response: Any, question: Question) -> bool:
    """The answer quotes the cell's exact range, from the right guide, in its currency, in its text."""
    cell = question.cell.truth.cell
    for figure in response.figures:
        if (figure.guide_id, figure.currency, figure.low, figure.high) == (question.guide.id, cell.currency,
                                                                           cell.low, cell.high):  # fmt: skip
            return figure.text in response.answer
    return False


def unsupported_amounts(response: Any) -> list[str]:
    """Amounts the answer writes that no cited passage writes (same value, same currency)."""
    from assistant.money import currency_of, find_amounts

    cited = {(currency_of(a.symbol), a.value) for c in response.citations for a in find_amounts(c.quote) if a.symbol}
    return [a.text for a in find_amounts(response.answer) if a.symbol and (currency_of(a.symbol), a.value) not in cited]


def wrong_figures(response: Any, guides: dict[str, GeneratedGuide]) -> list[str]:
    """Benchmark figures shown that no cell of their guide states (a misread cell); a defective cell shown
    exactly as written is stated (the answer carries its warning)."""
    wrong = []
    for figure in response.figures:
        guide = guides.get(figure.guide_id)
        if guide is None or str(figure.kind) not in ("benchmark", "FigureKind.benchmark") or figure.low is None:
            continue
        stated = {(p.truth.cell.currency, p.truth.cell.low, p.truth.cell.high) for p in guide.cells}
        stated |= {p.truth.cell.secondary for p in guide.cells if p.truth.cell.secondary}
        # A defective cell ("€129K - €91K") may be shown exactly as the guide writes it, beside its warning.
        as_written = {p.truth.cell.text.strip() for p in guide.cells if p.truth.cell.defect}
        if (figure.currency, figure.low, figure.high) not in stated and figure.text.strip() not in as_written:
            wrong.append(f"{figure.guide_id}: {figure.text}")
    return wrong


def guides_with_figures(assistant: Any, corpus: Corpus) -> tuple[int, int, int]:
    """(guides whose table states money, those the index holds figures for, non-guides that became guides)."""
    indexed = {guide.id: guide for guide in assistant.guides()}
    with_money = [g for g in corpus.guides if any(p.truth.cell.states_money for p in g.cells)]
    yielding = sum(1 for g in with_money if g.id in indexed and indexed[g.id].figures)
    leaked = sum(1 for path in corpus.non_guides if path.removesuffix(".md") in indexed)
    return len(with_money), yielding, leaked


def garbage_read(assistant: Any, corpus: Corpus) -> tuple[int, int]:
    """(cells that must give no figure, how many became figures anyway)."""
    total = read = 0
    for guide in corpus.guides:
        garbage = {p.truth.cell.text for p in guide.cells if not p.truth.cell.clean}
        if not garbage:
            continue
        total += len(garbage)
        read += sum(1 for figure in assistant.guide(guide.id).figures if figure.source_text.strip() in garbage)
    return total, read


def percentile(values: list[float], share: float) -> float:
    return statistics.quantiles(values, n=100)[int(share * 100) - 1] if len(values) > 1 else values[0]


def run(args: argparse.Namespace) -> None:
    workdir = Path(args.workdir or f"/tmp/assistant-fidelity-{args.guides}")
    assistant, corpus, _ = build(workdir, args.guides, args.seed)
    by_id = {guide.id: guide for guide in corpus.guides}
    with_money, yielding, leaked = guides_with_figures(assistant, corpus)
    garbage_total, garbage_figures = garbage_read(assistant, corpus)
    rng = random.Random(args.seed)
    owned = sibling_levels(corpus.guides)
    formal, typed = [], []
    for guide, placed in sample_cells(corpus.guides, args.questions, rng):
        formal += formal_questions(guide, placed, rng)
        typed.append(typed_question(guide, placed, rng, owned.get(guide.company.slug, set())))
    assistant.reader.warm_up()  # load the model, Chroma and BM25: latencies below are a warm process's
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    latencies, unsupported, wrong, misses = [], 0, 0, []
    for question in formal + typed:
        started = time.perf_counter()
        response = assistant.ask(question.text)
        latencies.append((time.perf_counter() - started) * 1000)
        exact = shows_exact(response, question)
        truth = question.cell.truth
        keys = [f"style {question.style}", f"layout {truth.layout}", f"label {truth.label.decoration}",
                f"cell {truth.cell.notation}"] if question.style != "typed" else ["typed"]  # fmt: skip
        for key in keys:
            tally[key][0] += exact
            tally[key][1] += 1
        unsupported += bool(unsupported_amounts(response))
        wrong += bool(wrong_figures(response, by_id))
        if not exact and len(misses) < args.show_misses:
            misses.append(f"  {question.text!r} -> expected {truth.cell.text!r} ({question.guide.id})")
    print(f"\nguides with a compensation table that yield figures: {yielding}/{with_money} "
          f"({100 * yielding / max(with_money, 1):.1f}%); non-guide documents indexed as guides: {leaked}")  # fmt: skip
    print(f"cells that must give no figure, read as figures anyway: {garbage_figures}/{garbage_total}")
    print(f"questions: {len(formal)} formal, {len(typed)} typed")
    for key in sorted(tally):
        right, asked = tally[key]
        print(f"  {key:<34} {right:>5}/{asked:<5} {100 * right / asked:6.1f}% exact")
    print(f"answers showing an amount no cited passage writes: {unsupported}")
    print(f"answers showing a benchmark figure its guide does not state: {wrong}")
    print(f"answer latency p50 {percentile(latencies, 0.5):.1f} ms  p95 {percentile(latencies, 0.95):.1f} ms")
    if misses:
        print("some misses:\n" + "\n".join(misses))


def _tokens(cell: str) -> set[str]:
    """The amounts a cell writes, as whole tokens ("$124K", "£95K"), so "24K" is no part of "$124K"."""
    import re

    return set(re.findall(r"[^\s/–-]+", cell))


def run_corpus(args: argparse.Namespace) -> None:
    from assistant.service import Assistant
    from assistant.settings import Settings
    from benchmarks.twin import clean, read_twin
    from benchmarks.twin_questions import NameKinds, formal_questions, sample_cells, typed_question

    corpus = Path(args.corpus).resolve()
    workdir = Path(args.workdir or f"/tmp/assistant-fidelity-{corpus.parent.name}-{corpus.name}")
    guides = read_twin(corpus)
    by_id = {guide.id: guide for guide in guides}
    assistant = Assistant(Settings(index_dir=workdir / "index", corpus_dir=corpus, auto_ingest=False, today=TODAY))
    started = time.perf_counter()
    report = assistant.reindex()
    print(f"ingest: {report.scanned} files, {len(report.added) + len(report.updated)} (re)parsed, "
          f"{len(report.errors)} errors, {time.perf_counter() - started:.0f}s")  # fmt: skip
    indexed = {guide.id: guide for guide in assistant.guides()}
    yielding = sum(1 for g in guides if g.cells and g.id in indexed and indexed[g.id].figures)
    non_guides = [p for p in corpus.glob("*.md")]
    leaked = sum(1 for p in non_guides if p.stem in indexed or any(g.company_slug == p.stem for g in indexed.values()))
    kinds = NameKinds(guides)
    rng = random.Random(args.seed)
    questions = []
    for cell in sample_cells(guides, args.questions, rng):
        guide = by_id[cell.guide_id]
        questions += formal_questions(guide, cell, kinds, rng)
        questions.append(typed_question(guide, cell, kinds, rng))
    assistant.reader.warm_up()  # load the model, Chroma and BM25: latencies below are a warm process's
    tally: dict[str, list[int]] = defaultdict(lambda: [0, 0])
    latencies, unsupported, wrong, struck, misses = [], 0, 0, 0, []
    examples: dict[str, list[str]] = defaultdict(list)
    for question in questions:
        began = time.perf_counter()
        response = assistant.ask(question.text)
        latencies.append((time.perf_counter() - began) * 1000)
        cell = question.cell
        exact = cell.text in clean(response.answer) and any(
            f.guide_id == cell.guide_id and clean(f.text) == cell.text for f in response.figures
        )
        style = "typed" if question.style == "typed" else "formal"
        keys = [f"style {question.style}", f"{style} layout {cell.layout}",
                *(f"{style} name {kind}" for kind in question.kinds)]  # fmt: skip
        for key in keys:
            tally[key][0] += exact
            tally[key][1] += 1
        derived = {text for d in response.derived for text in (d.text, *d.text.split("–"))}
        if shown := [amount for amount in unsupported_amounts(response) if not any(amount in d for d in derived)]:
            unsupported += 1
            examples["unsupported"].append(f"  {question.text!r}: {shown[:3]}")
        cited = [by_id[c.guide_id] for c in response.citations if c.guide_id in by_id]
        wrong += any(str(f.kind).endswith("benchmark") and clean(f.text) not in by_id[f.guide_id].money_cells
                     for f in response.figures if f.guide_id in by_id)  # fmt: skip
        true_struck = [u for u in response.verification.unsupported
                       if any(u in _tokens(cell) for g in cited for cell in g.money_cells)]  # fmt: skip
        if true_struck:
            struck += 1
            examples["struck"].append(f"  {question.text!r}: {response.verification.reasons[:2]}")
        if not exact and len(misses) < args.show_misses:
            lead = response.answer.replace("\n", " ")[:160]
            misses.append(f"  {question.text!r} -> expected {cell.text!r} ({cell.guide_id}); got {lead!r}")
    with_cells = sum(1 for g in guides if g.cells)
    print(f"\nguides with a compensation table that yield figures: {yielding}/{with_cells} "
          f"({100 * yielding / max(with_cells, 1):.1f}%); documents at the root indexed as guides: {leaked}/"
          f"{len(non_guides)}")  # fmt: skip
    formal = sum(1 for q in questions if q.style != "typed")
    print(f"questions: {formal} formal, {len(questions) - formal} typed")
    for key in sorted(tally):
        right, asked = tally[key]
        print(f"  {key:<40} {right:>5}/{asked:<5} {100 * right / asked:6.1f}% exact")
    print(f"answers showing an amount no cited passage writes: {unsupported}")
    print(f"answers showing a benchmark figure its guide does not state: {wrong}")
    print(f"answers whose verifier struck a true figure: {struck}")
    print(f"answer latency p50 {percentile(latencies, 0.5):.1f} ms  p95 {percentile(latencies, 0.95):.1f} ms")
    for kind, lines in examples.items():
        print(f"some answers with {kind} figures:\n" + "\n".join(lines[: args.show_misses // 4]))
    if misses:
        print("some misses:\n" + "\n".join(misses))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--corpus", help="a folder of guides to measure instead of the generated corpus (the twin)")
    parser.add_argument("--guides", type=int, default=5000)
    parser.add_argument("--questions", type=int, default=1200, help="figures sampled (each asked 2-3 ways)")
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument("--workdir", help="corpus and index go here (default /tmp/assistant-fidelity-N)")
    parser.add_argument("--show-misses", type=int, default=15)
    args = parser.parse_args()
    run_corpus(args) if args.corpus else run(args)


if __name__ == "__main__":
    main()
