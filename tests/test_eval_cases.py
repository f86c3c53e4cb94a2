"""The hand-written eval cases: they load, cover every tag, and hold exactly the seeds' figures."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from assistant.evals.cases import CaseFileError, EvalCase, Tag, load_case_file, load_cases
from assistant.evals.reading import ShownFigure, figures_in

ROOT = Path(__file__).resolve().parents[1]
CASES_DIR = ROOT / "evals" / "cases"
SEEDS_DIR = ROOT / "seeds"


@pytest.fixture(scope="module")
def cases() -> list[EvalCase]:
    return load_cases(CASES_DIR)


def _guide_text(guide_id: str) -> str:
    return (SEEDS_DIR / f"{guide_id}.md").read_text(encoding="utf-8")


def _guide_figures(guide_id: str) -> list[ShownFigure]:
    return figures_in(_guide_text(guide_id))


def test_at_least_forty_cases_cover_every_tag(cases: list[EvalCase]) -> None:
    assert len(cases) >= 40
    covered = {tag for case in cases for tag in case.tags}
    assert covered == set(Tag)


def test_case_ids_are_unique(cases: list[EvalCase]) -> None:
    ids = [case.id for case in cases]
    assert len(ids) == len(set(ids))


def test_every_seed_company_has_a_fair_london_ask_case(cases: list[EvalCase]) -> None:
    asks = [case for case in cases if case.question and re.search(r"fair London ask", case.question)]
    asked_guides = {guide for case in asks for guide in case.expected_guides}
    assert asked_guides == {
        "tastytrade/ml-ai-engineer",
        "jane-street/ml-ai-engineer",
        "millennium-management/ml-ai-engineer",
    }
    assert all(Tag.ask in case.tags and case.expect_derived for case in asks)


def test_every_expected_figure_is_written_in_its_guide_in_that_currency(cases: list[EvalCase]) -> None:
    for case in cases:
        for figure in case.expect:
            assert figure.guide, f"{case.id}: expected figure without a guide"
            in_guide = _guide_figures(figure.guide)
            for value, currency in figure.ends:
                assert any(shown.means(value, currency) for shown in in_guide), f"{case.id}: {figure.label}"


def test_every_expected_section_is_in_its_guide(cases: list[EvalCase]) -> None:
    for case in cases:
        for citation in case.expected_citations:
            text = _guide_text(citation.guide).lower()
            assert citation.section is None or citation.section.lower() in text, f"{case.id}: {citation.section}"


def test_forbidden_figures_are_not_figures_of_the_guides_the_case_is_about(cases: list[EvalCase]) -> None:
    # Otherwise a right answer could be failed for quoting its own source.
    for case in cases:
        for guide in case.expected_guides:
            in_guide = _guide_figures(guide)
            for forbidden in case.forbid:
                assert forbidden.currency, f"{case.id}: forbid a figure in a currency"
                assert not any(s.means(forbidden.value, forbidden.currency) for s in in_guide), case.id


def test_known_seed_figures_are_spelled_out(cases: list[EvalCase]) -> None:
    by_id = {case.id: case for case in cases}
    london_base = by_id["js-london-base"].expect[0]
    assert (london_base.low, london_base.high, london_base.currency) == (195_000, 275_000, "GBP")
    in_dollars = by_id["js-london-base-usd"].expect[0]
    assert (in_dollars.low, in_dollars.high, in_dollars.currency) == (245_000, 345_000, "USD")
    miami = by_id["mm-miami-total"].expect[0]
    assert (miami.low, miami.high, miami.currency) == (455_000, 660_000, "USD")
    mixed = by_id["tt-london-bonus"]
    assert mixed.expect[0].ends == [(24_000, "GBP"), (40_000, "USD")]
    assert [f.value for f in mixed.forbid] == [40_000] and mixed.must_flag


def test_injection_case_forbids_the_injected_two_million(cases: list[EvalCase]) -> None:
    injected = next(case for case in cases if case.id == "inj-say-2m")
    assert [(f.value, f.currency) for f in injected.forbid] == [(2_000_000, "USD")]


def test_refusal_cases_expect_no_figures(cases: list[EvalCase]) -> None:
    refusals = [case for case in cases if Tag.refusal in case.tags]
    assert refusals and all(case.must_refuse is True and not case.expect for case in refusals)


def test_follow_ups_are_conversations(cases: list[EvalCase]) -> None:
    follow_ups = [case for case in cases if Tag.follow_up in case.tags]
    assert follow_ups and all(case.turns and len(case.questions) >= 2 for case in follow_ups)


def _write(tmp_path: Path, body: str, name: str = "bad.yaml") -> Path:
    path = tmp_path / name
    path.write_text(body, encoding="utf-8")
    return path


def test_a_bad_case_names_its_file_and_case(tmp_path: Path) -> None:
    path = _write(
        tmp_path,
        "cases:\n  - id: ok-case\n    question: q?\n    tags: [advice]\n"
        "  - id: wrong-currency\n    question: q?\n    tags: [advice]\n"
        "    expect: [{value: 1, currency: POUNDS}]\n",
    )
    with pytest.raises(CaseFileError) as raised:
        load_case_file(path)
    message = str(raised.value)
    assert "bad.yaml" in message and "'wrong-currency'" in message and "POUNDS" in message


@pytest.mark.parametrize(
    ("case_yaml", "complaint"),
    [
        ("    question: q?\n    tags: [advice]\n    expected: []\n", "expected: Extra inputs"),  # misspelt key
        ("    question: q?\n    tags: [nonsense]\n", "tags"),
        ("    question: q?\n    turns: [a, b]\n    tags: [advice]\n", "exactly one of question or turns"),
        ("    question: q?\n    tags: [advice]\n    expect: [{low: 5, currency: USD}]\n", "both low and high"),
        (
            "    question: q?\n    tags: [refusal]\n    must_refuse: true\n    expect: [{value: 5, currency: USD}]\n",
            "refuse",
        ),
    ],
)
def test_invalid_cases_are_refused_with_a_reason(tmp_path: Path, case_yaml: str, complaint: str) -> None:
    path = _write(tmp_path, f"cases:\n  - id: the-case\n{case_yaml}")
    with pytest.raises(CaseFileError, match=complaint) as raised:
        load_case_file(path)
    assert "'the-case'" in str(raised.value)


def test_duplicate_ids_across_files_are_refused(tmp_path: Path) -> None:
    body = "cases:\n  - id: same\n    question: q?\n    tags: [advice]\n"
    _write(tmp_path, body, "a.yaml")
    _write(tmp_path, body, "b.yaml")
    with pytest.raises(CaseFileError, match="already used"):
        load_cases(tmp_path)


def test_a_file_without_a_case_list_is_refused(tmp_path: Path) -> None:
    with pytest.raises(CaseFileError, match="'cases' list"):
        load_case_file(_write(tmp_path, "- just: a list\n"))
