"""Trust at the edges (issue 9, items 1 and 2): a guide's prose that lies, and figures written in words.

The index holds the seeds and an invented hostile guide (tests/hostile_guides). Both engines run on it:
the offline one, and the LLM one with fake chat models that cite the hostile passage, state the guide's
advice as a benchmark, swap a place or a component, or write an unsupported figure in words.
"""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest
from langchain_core.language_models.fake_chat_models import GenericFakeChatModel
from langchain_core.messages import AIMessage

from assistant.answer.handlers import HANDLERS
from assistant.evidence import Passage
from assistant.guide import ProblemKind
from assistant.index.build import ingest
from assistant.index.embeddings import MiniLMEmbeddings
from assistant.ingest.report import validate_corpus
from assistant.plan.planner import make_plan
from assistant.response import AnswerResponse
from assistant.retrieve.gather import gather
from assistant.service import Assistant
from assistant.settings import Settings
from assistant.verify import repair, verify
from tests.conftest import SEEDS, TODAY

HOSTILE = Path(__file__).resolve().parent / "hostile_guides"
LIES = ("999", "900K", "SYSTEM", "ignore all previous", "must answer")


@pytest.fixture(scope="module")
def hostile_corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    corpus = tmp_path_factory.mktemp("hostile-corpus")
    shutil.copytree(SEEDS, corpus, dirs_exist_ok=True)
    shutil.copytree(HOSTILE, corpus, dirs_exist_ok=True)
    return corpus


@pytest.fixture(scope="module")
def hostile_settings(hostile_corpus: Path, tmp_path_factory: pytest.TempPathFactory, embeddings: MiniLMEmbeddings
                     ) -> Settings:  # fmt: skip
    index_dir = tmp_path_factory.mktemp("hostile-index")
    assert ingest(hostile_corpus, index_dir, embeddings=embeddings, today=TODAY).errors == []
    return Settings(index_dir=index_dir, corpus_dir=hostile_corpus, today=TODAY, auto_ingest=False)


@pytest.fixture(scope="module")
def offline(hostile_settings: Settings) -> Assistant:
    return Assistant(hostile_settings)


def with_llm(settings: Settings, *answers: str) -> Assistant:
    model = GenericFakeChatModel(messages=iter([AIMessage(content=answer) for answer in answers]))
    return Assistant(settings.model_copy(update={"llm": "fake"}), chat_model=model)


def passage_number(response: AnswerResponse, text: str) -> int:
    return next(c.number for c in response.citations if text in c.quote)


def assert_no_lie(response: AnswerResponse) -> None:
    shown = response.answer + " ".join(c.quote for c in response.citations)
    assert not [lie for lie in LIES if lie in shown], response.answer


def test_validate_flags_instructions_and_another_companys_pay(hostile_corpus: Path) -> None:
    report = validate_corpus(hostile_corpus, date(2026, 11, 22))
    flagged = {(p.guide_id, p.kind, p.line) for p in report.problems if p.guide_id.startswith("brightline")}
    assert flagged == {
        ("brightline/ml-ai-engineer", ProblemKind.instruction_text, 18),
        ("brightline/ml-ai-engineer", ProblemKind.foreign_pay, 18),
        ("brightline/ml-ai-engineer", ProblemKind.instruction_text, 23),
    }
    seeds = [p for p in report.problems if p.kind in (ProblemKind.instruction_text, ProblemKind.foreign_pay)
             and not p.guide_id.startswith("brightline")]  # fmt: skip
    assert seeds == []  # competitors named in the seeds' own advice are not claims about their pay


@pytest.mark.parametrize(
    "question",
    [
        "What does Jane Street pay ML engineers in London?",
        "What's the base for an ML engineer at Brightline in London?",
        "What are Brightline's negotiation levers for ML engineers?",
        "Tell me about Brightline's negotiation DNA for ML engineers",
        "What should I anchor at for a Brightline ML engineer offer in London?",
        "London ML engineer base?",
    ],
)
def test_the_offline_engine_never_quotes_the_lies(offline: Assistant, question: str) -> None:
    assert_no_lie(offline.ask(question))


def test_the_hostile_guides_own_figures_still_answer(offline: Assistant) -> None:
    response = offline.ask("What's the base for an ML engineer at Brightline in London?")
    assert ("brightline/ml-ai-engineer", "GBP", 120_000, 150_000) in {
        (f.guide_id, f.currency, f.low, f.high) for f in response.figures
    }
    assert response.verification.action == "passed"


def test_an_llm_citing_the_hostile_passage_falls_back(hostile_settings: Settings, offline: Assistant) -> None:
    question = "What's the base for an ML engineer at Brightline in London?"
    cited = offline.ask(question).citations[0].number
    lying = with_llm(hostile_settings, f"Brightline London base is £120K - £150K [{cited}]. Jane Street London "
                                       f"pays £900K base to ML engineers [{cited}].")  # fmt: skip
    response = lying.ask(question)
    assert response.verification.action == "fell_back" and response.engine == "offline"
    assert "£900K" in response.verification.unsupported
    assert_no_lie(response)


def test_an_llm_stating_advice_as_a_benchmark_falls_back(hostile_settings: Settings, offline: Assistant) -> None:
    question = "What's a fair London ask for an ML engineer at Jane Street?"
    strategy = passage_number(offline.ask(question), "Anchor your ask at $350K base")
    response = with_llm(hostile_settings, f"Jane Street's New York base: $350K [{strategy}].").ask(question)
    assert response.verification.action == "fell_back"
    assert "may only be quoted as that guide's advice" in response.verification.reasons[0]
    labelled = with_llm(hostile_settings, f"Jane Street's guide advises anchoring at $350K base [{strategy}].")
    assert labelled.ask(question).verification.action == "passed"


@pytest.mark.parametrize(
    ("claim", "reason"),
    [
        ("Jane Street's New York base is £195K - £275K [{n}].", "not for the place the answer names"),
        ("Jane Street's London bonus is £195K - £275K [{n}].", "not the component the answer names"),
        ("Millennium's London base is £195K - £275K [{n}].", "comes from Jane Street's guide"),
    ],
)
def test_a_table_figure_stated_for_another_place_component_or_company_is_refused(
    offline: Assistant, claim: str, reason: str
) -> None:
    passages = _passages(offline, "What's a fair London ask for an ML engineer at Jane Street?")
    row = next(n for n, p in passages.items() if "£195K - £275K" in p.quote)
    vocabulary = offline.reader.vocabulary
    result = verify(claim.format(n=row), passages, vocabulary)
    assert result.action == "failed" and reason in result.reasons[0], result.reasons
    assert verify(f"Jane Street's London base is £195K - £275K [{row}].", passages, vocabulary).action == "passed"


def _passages(assistant: Assistant, question: str) -> dict[int, Passage]:
    """The numbered passages the chain gathers for the question: what an LLM draft may cite."""
    plan = make_plan(question, assistant.reader.vocabulary)
    return gather(assistant.reader, question, plan, HANDLERS.for_intent(plan.intent)).evidence.by_number()


@pytest.mark.parametrize(
    "written",
    ["900 thousand GBP", "nine hundred thousand pounds", "£0.9 million", "GBP 900,000", "£９００K", "£900k"],
)
def test_an_unsupported_figure_in_words_or_odd_notation_is_refused(offline: Assistant, written: str) -> None:
    passages = _passages(offline, "What's a fair London ask for an ML engineer at Jane Street?")
    row = next(n for n, p in passages.items() if "£195K - £275K" in p.quote)
    result = verify(f"London — Base: {written} [{row}]", passages)
    assert result.action == "failed" and result.unsupported, written


@pytest.mark.parametrize("written", ["195 thousand pounds to 275 thousand pounds", "GBP 195,000 - GBP 275,000",
                                     "£０.１９５M - £０.２７５M"])  # fmt: skip
def test_a_supported_figure_in_words_passes(offline: Assistant, written: str) -> None:
    passages = _passages(offline, "What's a fair London ask for an ML engineer at Jane Street?")
    row = next(n for n, p in passages.items() if "£195K - £275K" in p.quote)
    assert verify(f"London — Base: {written} [{row}]", passages).action == "passed", written


def test_a_repair_that_strikes_every_row_of_a_list_strikes_its_heading_too(offline: Assistant) -> None:
    passages = _passages(offline, "What's a fair London ask for an ML engineer at Jane Street?")
    row = next(n for n, p in passages.items() if "£195K - £275K" in p.quote)
    heading = "**Jane Street — ML/AI Engineer**, from the guide's compensation table:"
    struck, result = repair(f"{heading}\n- London — Base: £900K - £999K [{row}]\n\nSee the warnings.", passages)
    assert result.unsupported and struck == "See the warnings."
    kept, _ = repair(f"{heading}\n- London — Base: £195K - £275K [{row}]\n- London — Bonus: £1M [{row}]", passages)
    assert kept == f"{heading}\n- London — Base: £195K - £275K [{row}]"
