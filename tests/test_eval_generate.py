"""Eval cases generated from a parsed guide, built here by hand (an invented company and invented figures)."""

from __future__ import annotations

from assistant.evals.cases import EvalCase, Flag, Tag
from assistant.evals.generate import PHRASINGS, GeneratedCases
from assistant.evals.metrics import score_case
from assistant.guide import Figure, Guide, Money, Problem, ProblemKind
from assistant.response import AnswerResponse, Citation

ROLE_SECTION = "Data Scientist | Quillfeather Analytics Global Negotiation Guide > Pay by Region"
LONDON_ROW = "| London | £96K - £131K ($120K - $164K) | £22K - $37K | 10–15% |"


def _figure(**fields: object) -> Figure:
    defaults: dict[str, object] = {
        "guide_id": "quillfeather-analytics/data-scientist",
        "region": "London",
        "region_key": "london",
        "line": 12,
        "section": ROLE_SECTION,
    }
    return Figure.model_validate({**defaults, **fields})


def _guide(*problems: ProblemKind) -> Guide:
    figures = [
        _figure(
            component="base", header="Base Salary", currency="GBP", low=96_000, high=131_000,
            secondary=Money(currency="USD", low=120_000, high=164_000), source_text="£96K - £131K ($120K - $164K)",
        ),
        _figure(
            component="bonus", header="Bonus", currency="GBP", low=22_000, high=37_000, high_currency="USD",
            source_text="£22K - $37K",
        ),
        _figure(
            component="bonus", header="Bonus", region="Lyon", region_key="lyon", bonus_pct_low=10, bonus_pct_high=15,
            source_text="10–15%", line=13,
        ),
        _figure(
            component="base", header="Base Salary", region="New York", region_key="new-york", currency="USD",
            low=96_000, high=150_000, source_text="$96K–$150K", line=14,
        ),
        _figure(
            component="total", header="Springfield (USD)", region="Springfield", region_key="springfield",
            level="Senior (L5)", currency="USD", low=190_000, high=255_000, source_text="$190,000–$255,000", line=20,
        ),
        _figure(component="other", header="Sign-On", source_text="n/a", line=15),  # no figure: no case
    ]  # fmt: skip
    return Guide(
        id="quillfeather-analytics/data-scientist",
        path="quillfeather-analytics/data-scientist.md",
        content_hash="0" * 64,
        company="Quillfeather Analytics",
        company_slug="quillfeather-analytics",
        role="Data Scientist",
        role_slug="data-scientist",
        title="Data Scientist | Quillfeather Analytics Global Negotiation Guide",
        sections=[],
        tables=[],
        figures=figures,
        problems=[Problem(guide_id="quillfeather-analytics/data-scientist", kind=k, message="") for k in problems],
        line_count=40,
    )


def _generated_for(cases: GeneratedCases, region_key: str, header: str) -> list[EvalCase]:
    return [case for case in cases if f":{region_key}:" in case.id and case.id.split(":")[-2] == header]


def test_every_table_figure_becomes_one_case_per_phrasing() -> None:
    generated = GeneratedCases([_guide()])
    assert len(generated) == 5 * len(PHRASINGS)  # the cell without a figure gives none
    ids = [case.id for case in generated]
    assert ids == sorted(ids) and len(set(ids)) == len(ids)


def test_a_generated_case_knows_its_exact_answer() -> None:
    london_base = _generated_for(GeneratedCases([_guide()]), "london", "base-salary")
    assert london_base[0].question == (
        "What is the base salary for a Data Scientist at Quillfeather Analytics in London?"
    )
    for case in london_base:
        assert "Quillfeather Analytics" in (case.question or "") and "London" in (case.question or "")
        assert case.expect[0].ends == [(96_000, "GBP"), (131_000, "GBP")]
        assert (case.expect[0].guide, case.expect[0].section) == ("quillfeather-analytics/data-scientist", ROLE_SECTION)
        # The pounds must not wear a dollar sign nor the dollars a pound sign; USD 96,000 is New York's real
        # base, so a right answer may show it and it is not forbidden.
        assert [(f.value, f.currency) for f in case.forbid] == [(120_000, "GBP")]


def test_a_mixed_currency_cell_becomes_a_defect_case() -> None:
    for case in _generated_for(GeneratedCases([_guide()]), "london", "bonus"):
        assert Tag.defect in case.tags and case.must_flag == [Flag.defect]
        assert case.expect[0].ends == [(22_000, "GBP"), (37_000, "USD")]
        assert [(f.value, f.currency) for f in case.forbid] == [(37_000, "GBP")]


def test_percentages_levels_and_staleness_are_carried_over() -> None:
    generated = GeneratedCases([_guide(ProblemKind.stale)])
    lyon = _generated_for(generated, "lyon", "bonus")[0]
    assert lyon.expect[0].ends == [(10, "%"), (15, "%")]
    senior = _generated_for(generated, "springfield", "springfield-usd")[0]
    assert "a Senior (L5) Data Scientist" in (senior.question or "")
    assert all(Tag.stale_data in case.tags and Flag.stale in case.must_flag for case in generated)


def test_generation_and_sampling_are_deterministic() -> None:
    first, second = GeneratedCases([_guide()]), GeneratedCases([_guide()])
    assert [c.model_dump() for c in first] == [c.model_dump() for c in second]
    sample = first.sample(6, seed=7)
    assert len(sample) == 6 and {c.id for c in sample} <= {c.id for c in first}
    assert [c.id for c in sample] == [c.id for c in second.sample(6, seed=7)]
    assert [c.id for c in sample] != [c.id for c in first.sample(6, seed=8)]
    assert len(first.sample(1000)) == len(first)


def test_a_generated_case_passes_a_right_answer_and_fails_a_wrong_one() -> None:
    case = _generated_for(GeneratedCases([_guide()]), "london", "base-salary")[0]
    row = Citation(
        number=1, guide_id=case.expect[0].guide or "", company="Quillfeather Analytics", role="Data Scientist",
        section=ROLE_SECTION, start_line=12, end_line=12, quote=LONDON_ROW,
    )  # fmt: skip

    def answer(text: str) -> AnswerResponse:
        return AnswerResponse(
            question=case.question or "", answer=text, citations=[row], engine="test", retrieved_guides=[row.guide_id]
        )

    assert score_case(case, [answer("London base: £96,000 – £131,000 ($120K - $164K) [1].")]).passed
    swapped = score_case(case, [answer("London base: £120K - £164K [1].")])
    assert not swapped.passed and swapped.forbidden_shown == ["GBP 120,000"]
