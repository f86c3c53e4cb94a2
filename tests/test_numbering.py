"""Sources numbered without gaps: markers, citations and figures renumbered together, in order of first mention."""

from __future__ import annotations

import pytest

from assistant.answer.numbering import Renumbering, cited_numbers, renumbered
from assistant.response import AnswerResponse, Citation, FigureKind, QuotedFigure
from assistant.service import Assistant

QUESTIONS = [
    "What's a fair London ask for an ML engineer at Jane Street?",
    "Jane Street Hong Kong bonus",
    "When should I walk away from a Millennium ML engineer offer?",
    "What is the AI/Quant premium for ML engineers at Jane Street?",
    "Compare New York total comp for ML/AI engineers at Tastytrade, Jane Street and Millennium",
    "What bonus does Tastytrade pay ML engineers in London?",
]


def _citation(number: int, quote: str) -> Citation:
    return Citation(number=number, guide_id="acme/ml", company="Acme", role="ML", section="Pay", start_line=number,
                    end_line=number, quote=quote)  # fmt: skip


def test_markers_are_renumbered_in_order_of_first_mention_keeping_their_spelling() -> None:
    numbering = Renumbering(known=[1, 3, 4, 6])
    text = "Base £1K [4]. Bonus [1,3] and [3, 4]. Also [6][4]. Not a source: [9]."
    assert numbering.rewrite(text) == "Base £1K [1]. Bonus [2,3] and [3, 1]. Also [4][1]. Not a source: [9]."
    assert numbering.new_number == {4: 1, 1: 2, 3: 3, 6: 4}


def test_renumbering_sentence_by_sentence_gives_the_same_text_as_all_at_once() -> None:
    sentences = ["London base £1K [5]. ", "Bonus £2K [2]. ", "Total £3K [5, 7]. ", "And [2]."]
    piecewise = Renumbering(known=range(1, 8))
    whole = Renumbering(known=range(1, 8)).rewrite("".join(sentences))
    assert (
        "".join(piecewise.rewrite(sentence) for sentence in sentences)
        == whole
        == ("London base £1K [1]. Bonus £2K [2]. Total £3K [1, 3]. And [2].")
    )


def test_cited_numbers_reads_every_number_of_every_marker_once() -> None:
    assert cited_numbers("a [3] b [1, 3] c [4][1] d [2026-01-01] e") == [3, 1, 4]


def test_response_citations_and_figures_move_with_their_markers() -> None:
    response = AnswerResponse(
        question="q", engine="offline", answer="- Base: £10K - £20K [4]\n- Bonus: 15% [1]",
        citations=[_citation(1, "Bonus 15%"), _citation(4, "Base £10K - £20K")],
        figures=[QuotedFigure(text="£10K - £20K", currency="GBP", low=10_000, high=20_000, kind=FigureKind.benchmark,
                              guide_id="acme/ml", citation=4),
                 QuotedFigure(text="15%", currency=None, kind=FigureKind.benchmark, guide_id="acme/ml", citation=1)],
    )  # fmt: skip
    shown = renumbered(response)
    assert shown.answer == "- Base: £10K - £20K [1]\n- Bonus: 15% [2]"
    assert [(c.number, c.quote) for c in shown.citations] == [(1, "Base £10K - £20K"), (2, "Bonus 15%")]
    assert [(f.text, f.citation) for f in shown.figures] == [("£10K - £20K", 1), ("15%", 2)]
    assert response.answer.endswith("[1]"), "the original response is left as it was"


@pytest.mark.parametrize("question", QUESTIONS)
def test_every_answer_numbers_its_sources_one_to_n(assistant: Assistant, question: str) -> None:
    response = assistant.ask(question)
    numbers = list(range(1, len(response.citations) + 1))
    assert [c.number for c in response.citations] == numbers, question
    assert cited_numbers(response.full_text) == numbers, response.full_text  # first mentioned is [1], then [2]…
    quotes = {c.number: c.quote for c in response.citations}
    for figure in response.figures:
        assert figure.text in quotes[figure.citation], (question, figure)


def test_sources_on_the_same_guide_line_become_one_citation_quoting_each() -> None:
    line_100 = [
        Citation(number=n, guide_id="acme/ml", company="Acme", role="ML", section="Strategy", start_line=100,
                 end_line=100, quote=quote)
        for n, quote in [(2, "Anchor at £30K."), (3, "Walk away below £20K."), (5, "Anchor at £30K.")]
    ]  # fmt: skip
    response = AnswerResponse(
        question="q", engine="offline", answer="Base £10K [4]. Anchor £30K [2]; floor £20K [3]. Both [2, 3].",
        citations=[_citation(4, "Base £10K"), *line_100],
        figures=[QuotedFigure(text="£20K", currency="GBP", low=20_000, kind=FigureKind.advice, guide_id="acme/ml",
                              citation=3)],
    )  # fmt: skip
    shown = renumbered(response)
    assert shown.answer == "Base £10K [1]. Anchor £30K [2]; floor £20K [2]. Both [2]."
    assert [(c.number, c.start_line, c.quote) for c in shown.citations] == [
        (1, 4, "Base £10K"), (2, 100, "Anchor at £30K.\nWalk away below £20K.")
    ]  # fmt: skip
    assert [(f.text, f.citation) for f in shown.figures] == [("£20K", 2)]


def test_the_headline_answer_cites_its_strategy_line_once(assistant: Assistant) -> None:
    response = assistant.ask("What's a fair London ask for an ML engineer at Jane Street?")
    places = [(c.guide_id, c.start_line, c.end_line) for c in response.citations]
    assert len(places) == len(set(places)) >= 2, places
    strategy = next(c for c in response.citations if c.section == "Negotiate Up Strategy")
    assert "Anchor your ask at $350K base" in strategy.quote and "Accept at $275K+ base" in strategy.quote
