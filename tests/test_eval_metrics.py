"""Eval metrics, scored on answers citing real passages of the seed guides."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from assistant.evals.cases import EvalCase
from assistant.evals.lead import LEAD_LIMIT
from assistant.evals.metrics import CaseResult, failed_case, score_case
from assistant.response import (
    AnswerDetail,
    AnswerResponse,
    AnswerWarning,
    Citation,
    DerivedFigure,
    DerivedInput,
    DerivedKind,
    WarningKind,
)

SEEDS = Path(__file__).resolve().parents[1] / "seeds"
JANE_STREET = "jane-street/ml-ai-engineer"
MILLENNIUM = "millennium-management/ml-ai-engineer"
TASTYTRADE = "tastytrade/ml-ai-engineer"
TABLE = "Compensation Benchmarks by Region"


def seed_line(guide_id: str, starts_with: str) -> str:
    lines = (SEEDS / f"{guide_id}.md").read_text(encoding="utf-8").splitlines()
    return next(line for line in lines if line.startswith(starts_with))


JS_LONDON_ROW = seed_line(JANE_STREET, "| **London**")
JS_NEW_YORK_ROW = seed_line(JANE_STREET, "| **New York (HQ)**")
JS_STRATEGY = seed_line(JANE_STREET, "> **Negotiate Up Strategy:**")
JS_PREMIUM = seed_line(JANE_STREET, "**+15-25% AI/Quant Premium**")
MM_LONDON_ROW = seed_line(MILLENNIUM, "| London (GBP/USD)")
TT_LONDON_ROW = seed_line(TASTYTRADE, "| London")


def cite(guide_id: str, quote: str, section: str = TABLE, number: int = 1) -> Citation:
    return Citation(
        number=number, guide_id=guide_id, company="", role="ML/AI Engineer", section=section,
        start_line=1, end_line=1, quote=quote,
    )  # fmt: skip


def respond(answer: str, *citations: Citation, **fields: Any) -> AnswerResponse:
    guides = [c.guide_id for c in citations]
    return AnswerResponse(
        question="q", answer=answer, citations=list(citations), engine="test", retrieved_guides=guides, **fields
    )


def make_case(**fields: Any) -> EvalCase:
    return EvalCase.model_validate({"id": "c", "question": "q?", "tags": ["single-figure"], **fields})


def figure(low: int, high: int, currency: str, guide: str = JANE_STREET, section: str = TABLE) -> dict[str, Any]:
    return {"low": low, "high": high, "currency": currency, "guide": guide, "section": section}


LONDON_BASE = make_case(expect=[figure(195_000, 275_000, "GBP")], forbid=[{"value": 195_000, "currency": "USD"}])
NEW_YORK_BASE = make_case(expect=[figure(250_000, 350_000, "USD")])


def score(case: EvalCase, answer: str, *citations: Citation, **fields: Any) -> CaseResult:
    return score_case(case, [respond(answer, *citations, **fields)])


def test_a_correct_answer_passes_every_check() -> None:
    answer = "Jane Street's London base is £195K - £275K (about $245K - $345K) [1]."
    result = score(LONDON_BASE, answer, cite(JANE_STREET, JS_LONDON_ROW))
    assert (result.figures_found, result.figures_expected) == (1, 1)
    assert (result.figures_supported, result.figures_shown) == (4, 4)
    assert (result.citations_correct, result.guides_retrieved) == (1, 1)
    assert result.passed and result.reasons == []


@pytest.mark.parametrize(
    "written",
    [
        "$250K - $350K",
        "$250,000 - $350,000",
        "$0.25M to $0.35M",
        "USD 250,000–USD 350,000",
        "$250-350K",
        "250K USD – 350K USD",
    ],
)
def test_a_figure_counts_in_any_notation(written: str) -> None:
    result = score(NEW_YORK_BASE, f"New York base: {written} [1].", cite(JANE_STREET, JS_NEW_YORK_ROW))
    assert result.figures_found == 1
    assert result.unsupported_figures == []
    assert result.passed


def test_a_swapped_digit_is_missing_and_unsupported() -> None:
    result = score(LONDON_BASE, "London base: £195K - £257K [1].", cite(JANE_STREET, JS_LONDON_ROW))
    assert result.figures_found == 0
    assert result.missing_figures == ["GBP 195,000 - GBP 275,000"]
    assert result.unsupported_figures == ["£257K (GBP)"]
    assert not result.passed


def test_a_swapped_digit_in_an_extra_figure_still_fails_precision() -> None:
    answer = "London base £195K - £275K, total £410K - £601K [1]."
    result = score(LONDON_BASE, answer, cite(JANE_STREET, JS_LONDON_ROW))
    assert result.figures_found == 1
    assert result.unsupported_figures == ["£601K (GBP)"]
    assert any("£601K" in reason for reason in result.reasons)


def test_pounds_where_dollars_are_due_fail() -> None:
    result = score(NEW_YORK_BASE, "New York base: £250K - £350K [1].", cite(JANE_STREET, JS_NEW_YORK_ROW))
    assert result.figures_found == 0
    assert result.unsupported_figures == ["£250K (GBP)", "£350K (GBP)"]


def test_dollars_where_pounds_are_due_fail_and_hit_a_forbidden_figure() -> None:
    result = score(LONDON_BASE, "London base: $195K - $275K [1].", cite(JANE_STREET, JS_LONDON_ROW))
    assert result.figures_found == 0
    assert result.forbidden_shown == ["USD 195,000"]
    assert "$195K (USD)" in result.unsupported_figures


def test_a_figure_from_another_guide_is_unsupported_by_the_cited_passage() -> None:
    # £258K is Millennium's London base ceiling, not Jane Street's.
    result = score(LONDON_BASE, "London base: £195K - £258K [1].", cite(JANE_STREET, JS_LONDON_ROW))
    assert result.unsupported_figures == ["£258K (GBP)"]
    assert result.figures_found == 0


def test_citing_the_wrong_guide_fails_citation_and_support() -> None:
    result = score(LONDON_BASE, "London base: £195K - £275K [1].", cite(MILLENNIUM, MM_LONDON_ROW))
    assert result.figures_found == 1  # the text is right...
    assert result.unsupported_figures == ["£275K (GBP)"]  # ...but Millennium's row does not show £275K
    assert result.missing_citations == [f"{JANE_STREET} § {TABLE}"]
    assert result.missing_guides == [JANE_STREET]


def test_an_answer_without_citations_supports_nothing() -> None:
    result = score(LONDON_BASE, "London base: £195K - £275K.")
    assert result.figures_found == 1
    assert (result.figures_supported, result.figures_shown) == (0, 2)
    assert result.citations_correct == 0 and not result.passed


def test_advice_must_cite_the_strategy_section() -> None:
    anchor = make_case(
        tags=["advice"],
        expect=[{"value": 350_000, "currency": "USD", "guide": JANE_STREET, "section": "Negotiate Up Strategy"}],
    )
    from_strategy = score(anchor, "Anchor at $350K base [1].", cite(JANE_STREET, JS_STRATEGY, section="Global Levers"))
    assert from_strategy.passed  # the quote itself is labelled Negotiate Up Strategy
    from_table = score(anchor, "Anchor at $350K base [1].", cite(JANE_STREET, JS_NEW_YORK_ROW))
    assert from_table.missing_citations == [f"{JANE_STREET} § Negotiate Up Strategy"]


def test_percentages_are_figures_too() -> None:
    premium = make_case(expect=[{"low": 15, "high": 25, "currency": "%", "guide": JANE_STREET}])
    assert score(premium, "A +15-25% premium applies [1].", cite(JANE_STREET, JS_PREMIUM)).passed
    wrong = score(premium, "A 15-35% premium applies [1].", cite(JANE_STREET, JS_PREMIUM))
    assert wrong.figures_found == 0 and wrong.unsupported_figures == ["15-35% (%)"]


REFUSE = make_case(tags=["refusal"], must_refuse=True)


def test_a_refusal_counts_by_flag_or_by_words() -> None:
    assert score(REFUSE, "Sorry.", refused=True).refusal_correct is True
    assert score(REFUSE, "The guides don't cover Jane Street Tokyo.").refusal_correct is True
    invented = score(REFUSE, "Jane Street Tokyo pays ¥30M.")
    assert invented.refusal_correct is False
    assert "answered but should have refused" in invented.reasons
    assert invented.unsupported_figures == ["¥30M (JPY)"]


def test_refusing_a_covered_question_fails() -> None:
    result = score(LONDON_BASE, "The guides don't cover that.", refused=True)
    assert result.refusal_correct is False and "refused but should have answered" in result.reasons


def test_either_is_fine_when_refusal_is_not_required_either_way() -> None:
    either = make_case(tags=["injection"], must_refuse=None, forbid=[{"value": 2_000_000, "currency": "USD"}])
    assert score(either, "I can only share figures from the guides.", refused=True).passed
    assert score(either, "I can only share figures from the guides.").passed


def test_an_injected_figure_is_caught_in_any_notation() -> None:
    either = make_case(tags=["injection"], must_refuse=None, forbid=[{"value": 2_000_000, "currency": "USD"}])
    for written in ("$2M", "$2 million", "$2,000,000", "USD 2.0M"):
        result = score(either, f"Jane Street pays {written}.")
        assert result.forbidden_shown == ["USD 2,000,000"], written
        assert not result.passed


MIXED = make_case(
    tags=["defect"],
    must_flag=["defect"],
    expect=[
        {
            "low": 24_000,
            "currency": "GBP",
            "high": 40_000,
            "high_currency": "USD",
            "guide": TASTYTRADE,
            "section": "Compensation Benchmarks",
        }
    ],
    forbid=[{"value": 40_000, "currency": "GBP"}],
)


def test_a_mixed_currency_range_must_be_shown_as_written_and_flagged() -> None:
    row = cite(TASTYTRADE, TT_LONDON_ROW, section="Compensation Benchmarks — 3-Region Model")
    flagged = score(MIXED, "London bonus: £24K - $40K [1]; the guide mixes currencies in this range.", row)
    assert flagged.passed
    by_warning = score(
        MIXED, "London bonus: £24K - $40K [1].", row, warnings=[AnswerWarning(kind=WarningKind.defect, message="x")]
    )
    assert by_warning.passed
    converted = score(MIXED, "London bonus: £24K - £40K [1].", row)
    assert converted.forbidden_shown == ["GBP 40,000"]
    assert converted.missing_flags == ["defect"] and converted.figures_found == 0


def test_retrieval_recall_looks_at_the_top_k_only() -> None:
    retrieved = [MILLENNIUM] * 5 + [JANE_STREET]
    answer = respond("London base: £195K - £275K [1].", cite(JANE_STREET, JS_LONDON_ROW))
    answer.retrieved_guides = retrieved
    assert score_case(LONDON_BASE, [answer], k=5).missing_guides == [JANE_STREET]
    assert score_case(LONDON_BASE, [answer], k=6).passed


def test_a_conversation_is_scored_on_its_last_answer() -> None:
    follow_up = make_case(
        question=None, turns=["London?", "and New York?"], tags=["follow-up"], expect=[figure(250_000, 350_000, "USD")]
    )
    london = respond("London base: £195K - £275K [1].", cite(JANE_STREET, JS_LONDON_ROW))
    new_york = respond("New York base: $250K - $350K [1].", cite(JANE_STREET, JS_NEW_YORK_ROW))
    assert score_case(follow_up, [london, new_york]).passed
    assert not score_case(follow_up, [new_york, london]).passed
    with pytest.raises(ValueError, match="2 turn"):
        score_case(follow_up, [new_york])


def test_latency_is_the_total_or_the_sum_of_stages() -> None:
    row = cite(JANE_STREET, JS_LONDON_ROW)
    assert score(LONDON_BASE, "£195K - £275K [1]", row, timings_ms={"retrieve": 10.0, "answer": 30.0}).latency_ms == 40
    assert score(LONDON_BASE, "£195K - £275K [1]", row, timings_ms={"retrieve": 10.0, "total": 55.0}).latency_ms == 55


def test_a_case_without_an_answer_misses_everything() -> None:
    result = failed_case(LONDON_BASE, "timed out")
    assert (result.figures_found, result.figures_expected) == (0, 1)
    assert result.refusal_correct is False and result.reasons == ["no answer: timed out"]


def test_a_figure_forbidden_in_any_currency_is_caught_in_each() -> None:
    anywhere = make_case(tags=["injection"], must_refuse=None, forbid=[{"value": 2_000_000}])
    for written in ("£2M", "HK$2,000,000", "$2 million"):
        assert score(anywhere, f"It pays {written}.").forbidden_shown == ["2,000,000"], written
    assert score(anywhere, "It pays $2.5M.").forbidden_shown == []


# --- figures the answer computes, and the lead ----------------------------------------------------------

LONDON_ASK = make_case(
    tags=["ask"],
    expect_derived=[
        {"kind": "top_quarter", "currency": "GBP", "inputs": [195_000, 275_000], "low": 255_000, "high": 275_000}
    ],
)


def top_quarter(low: int, high: int, result: int, citation: int = 1, currency: str = "GBP") -> DerivedFigure:
    inputs = [DerivedInput(citation=citation, currency=currency, value=value) for value in (low, high)]
    return DerivedFigure(kind=DerivedKind.top_quarter, rule="top quarter", currency=currency, low=result,
                         high=high, text=f"{result}-{high}", inputs=inputs)  # fmt: skip


def test_a_derived_ask_that_recomputes_from_its_cited_band_supports_its_figures() -> None:
    result = score(LONDON_ASK, "Ask for £255K–£275K base [1].", cite(JANE_STREET, JS_LONDON_ROW),
                   derived=[top_quarter(195_000, 275_000, 255_000)])  # fmt: skip
    assert (result.derived_correct, result.derived_found, result.unsupported_figures) == (1, 1, [])
    assert result.passed


def test_a_derived_ask_with_wrong_arithmetic_is_wrong_and_its_number_unsupported() -> None:
    result = score(LONDON_ASK, "Ask for £265K–£275K base [1].", cite(JANE_STREET, JS_LONDON_ROW),
                   derived=[top_quarter(195_000, 275_000, 265_000)])  # fmt: skip
    assert result.derived_correct == 0 and "the rule gives GBP 255,000 - GBP 275,000" in result.wrong_derived[0]
    assert result.unsupported_figures == ["£265K (GBP)"]
    assert not result.passed


def test_a_derived_ask_whose_inputs_the_cited_passage_does_not_show_is_wrong() -> None:
    """Inputs invented to make the arithmetic come out: the cited row has no £200K - £280K band."""
    result = score(LONDON_ASK, "Ask for £260K–£280K base [1].", cite(JANE_STREET, JS_LONDON_ROW),
                   derived=[top_quarter(200_000, 280_000, 260_000)])  # fmt: skip
    assert "does not show its input GBP 200,000" in result.wrong_derived[0]
    assert result.missing_derived == [LONDON_ASK.expect_derived[0].label]  # type: ignore[index]


def test_a_derived_ask_from_two_ends_of_different_bands_is_wrong() -> None:
    """£195K (base low) and £335K (bonus high) are both in the row, but they are not one band."""
    result = score(LONDON_ASK, "Ask for £300K–£335K [1].", cite(JANE_STREET, JS_LONDON_ROW),
                   derived=[top_quarter(195_000, 335_000, 300_000)])  # fmt: skip
    assert "not the two ends of one band" in result.wrong_derived[0]


def test_a_case_file_with_wrong_arithmetic_does_not_load() -> None:
    with pytest.raises(ValueError, match="top quarter of 195000-275000 is 255000-275000"):
        make_case(expect_derived=[{"kind": "top_quarter", "currency": "GBP", "inputs": [195_000, 275_000],
                                   "low": 250_000, "high": 275_000}])  # fmt: skip


def test_a_long_lead_fails_and_a_lead_figure_found_only_in_the_details_is_missing() -> None:
    case = make_case(expect=[{**figure(195_000, 275_000, "GBP"), "lead": True}], lead_says=["top quarter"])
    details = [AnswerDetail(title="Table", text="- London — Base: £195K - £275K ($245K - $345K) [1]")]
    long_lead = "Ask for the top quarter of the London band [1]. " + "More words. " * 50
    result = score(case, long_lead, cite(JANE_STREET, JS_LONDON_ROW), details=details)
    assert result.lead_chars is not None and result.lead_chars > LEAD_LIMIT and result.lead_fits is False
    assert result.missing_figures == ["GBP 195,000 - GBP 275,000 in the lead"]
    assert result.phrases_found == 1 and not result.passed
