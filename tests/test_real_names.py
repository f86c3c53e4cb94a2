"""Real company names that collide with the words people type, on invented guides (tests/real_names): each
failure measured on the real corpus, as the exact answer a person gets from a real index."""

from __future__ import annotations

from pathlib import Path

import pytest

from assistant.answer.refusals import clarify
from assistant.evidence import Evidence, Passage
from assistant.guide import Guide, GuideNames
from assistant.index.build import ingest
from assistant.index.embeddings import MiniLMEmbeddings
from assistant.ingest.cells import read_cell
from assistant.ingest.parse import parse_guide_text
from assistant.places import read_label
from assistant.response import AnswerResponse, QuestionPlan, Turn
from assistant.retrieve.choices import clarification
from assistant.service import Assistant
from assistant.settings import Settings
from assistant.verify import verify
from assistant.vocabulary import Vocabulary
from tests.conftest import REPO, TODAY

REAL_NAMES = REPO / "tests" / "real_names"


@pytest.fixture(scope="module")
def names_index(tmp_path_factory: pytest.TempPathFactory, embeddings: MiniLMEmbeddings) -> Path:
    index_dir = tmp_path_factory.mktemp("real-names-index")
    report = ingest(REAL_NAMES, index_dir, embeddings=embeddings, today=TODAY)
    assert report.errors == []
    return index_dir


@pytest.fixture(scope="module")
def real(names_index: Path) -> Assistant:
    return Assistant(Settings(index_dir=names_index, corpus_dir=REAL_NAMES, today=TODAY, auto_ingest=False))


def lead_rows(response: AnswerResponse) -> list[str]:
    """The lead's figure lines, citation markers removed."""
    return [line.rsplit(" [", 1)[0] for line in response.answer.splitlines() if line.startswith("- ")]


# --- 1. the verifier never strikes a true row ----------------------------------------------------------------


def test_total_comp_in_the_answer_is_never_read_as_compass(real: Assistant) -> None:
    response = real.ask("What is the total compensation range for a Product Manager at ARM in Austin?")
    assert lead_rows(response) == ["- Austin — Total comp: $216K–$299K"]
    assert response.verification.action == "passed"
    assert response.plan.companies == ["arm"]


def test_no_offline_answer_is_repaired_for_any_row_of_any_guide(real: Assistant) -> None:
    """The offline engine writes only cells it cites: a repair that strikes one is the verifier being wrong."""
    asked = 0
    for guide in real.guides():
        for figure in guide.figures:
            component = {"base": "base salary", "total": "total comp"}.get(figure.component.value)
            if component is None:
                continue
            question = f"What is the {component} for a {guide.role} at {guide.company} in {figure.region}?"
            response = real.ask(question)
            asked += 1
            assert response.verification.action == "passed", (question, response.verification.reasons)
            assert figure.source_text in response.answer, (question, response.answer)
    assert asked >= 40


# --- 2-4. role words and place words keep their meaning --------------------------------------------------------


@pytest.mark.parametrize(
    "question",
    [
        "How much base does Reddit pay an ML/AI Engineer in San Francisco?",
        "reddit ml engineer base sf",
        "Reddit ML / AI Engineer base salary in San Francisco",
        "reddit ai engineer base in san francisco",
    ],
)
def test_ai_inside_a_role_is_never_the_company_c3_ai(real: Assistant, question: str) -> None:
    response = real.ask(question)
    assert response.plan.companies == ["reddit"]
    assert response.plan.roles == ["ml-ai-engineer"]
    assert lead_rows(response) == ["- San Francisco — Base: $214K–$266K"]


def test_security_in_a_role_is_never_elastic_security(real: Assistant) -> None:
    response = real.ask("security engineer at robinhood")
    assert response.plan.companies == ["robinhood"]
    assert response.plan.roles == ["security-engineer"]
    assert "Elastic" not in response.full_text


def test_a_company_named_with_a_role_word_leaves_the_role_whole(real: Assistant) -> None:
    understood = real.ask("Ping Identity Security Engineer").plan
    assert (understood.companies, understood.roles) == (["ping-identity"], ["security-engineer"])


def test_palo_alto_is_a_place_unless_the_question_names_palo_alto_networks(real: Assistant) -> None:
    glean = real.ask("Product Designer at Glean in Palo Alto")
    assert (glean.plan.companies, glean.plan.regions) == (["glean"], ["palo-alto"])
    assert "- Palo Alto / Bay Area — Total comp: $173K–$276K" in lead_rows(glean)
    assert "Palo Alto Networks" not in glean.full_text
    networks = real.ask("Palo Alto Networks product designer base in Santa Clara")
    assert networks.plan.companies == ["palo-alto-networks"]
    assert lead_rows(networks) == ["- Santa Clara — Base: $129K–$162K"]


def test_total_comp_in_new_york_is_no_comparison_with_compass(real: Assistant) -> None:
    response = real.ask("How much total comp does Rippling pay a Data Engineer in New York?")
    assert response.plan.companies == ["rippling"]
    assert lead_rows(response) == ["- New York — Total comp: $209K–$311K"]


# --- 5. follow-ups ---------------------------------------------------------------------------------------------


def test_what_about_total_comp_follows_up_the_base_question(real: Assistant) -> None:
    first = real.ask("What's the base for a Product Manager at ARM in Austin?")
    assert lead_rows(first) == ["- Austin — Base: $146K–$190K"]
    history = [Turn(question=first.question, plan=first.plan)]
    follow_up = real.ask("what about total comp?", history=history)
    assert lead_rows(follow_up) == ["- Austin — Total comp: $216K–$299K"]


# --- 6. product lines beside the company's own guides ------------------------------------------------------


def test_a_product_line_is_its_own_company_and_the_plain_name_is_the_company(real: Assistant) -> None:
    assert real.ask("Brex data engineer base in San Francisco").plan.companies == ["brex"]
    product_line = real.ask("Brex AI data engineer base in San Francisco")
    assert product_line.plan.companies == ["brex-ai"]
    assert lead_rows(product_line) == ["- San Francisco — Base: $178K–$224K"]
    assert product_line.answer.startswith("**Brex AI — Data Engineer**")
    assert real.ask("security engineer at Elastic, remote us base").plan.companies == ["elastic"]
    assert real.ask("Elastic Security security engineer base").plan.companies == ["elastic-security"]


def test_a_shared_short_name_asks_which_and_names_each_choice_distinctly(real: Assistant) -> None:
    response = real.ask("what does epic pay a software engineer")
    assert response.answer == "Several companies go by that name: Epic Games and Epic Systems. Which one did you mean?"
    # The company's own name means the company, never its product line: "hugging" is Hugging Face.
    assert real.ask("what does hugging pay a product manager").plan.companies == ["hugging-face"]
    assert real.ask("hugging face enterprise pm base").plan.companies == ["huggingface-enterprise"]


def test_choices_with_one_display_name_are_told_apart_by_folder() -> None:
    twins = [("Jane Street", slug) for slug in ("jane-street", "jane-street-capital")]
    vocabulary = Vocabulary.build(
        [GuideNames(company=name, company_slug=slug, role="SWE", role_slug="swe") for name, slug in twins]
    )
    asked = clarification(vocabulary, QuestionPlan(company_choices=["jane-street", "jane-street-capital"]))
    assert asked is not None
    assert clarify(asked) == ("Several companies go by that name: Jane Street (jane-street/) and Jane Street "
                              "(jane-street-capital/). Which one did you mean?")  # fmt: skip


def test_a_dossier_at_the_root_is_not_a_company(real: Assistant) -> None:
    companies = {guide.company for guide in real.guides()}
    assert not any("Dossier" in name or "DOSSIER" in name for name in companies)
    assert "google-research-dossier" not in {guide.id for guide in real.guides()}


def test_the_dossier_is_skipped_with_a_line_that_says_why(tmp_path: Path, embeddings: MiniLMEmbeddings) -> None:
    report = ingest(REAL_NAMES, tmp_path / "index", embeddings=embeddings, today=TODAY)
    (line,) = [line for line in report.skipped if "google-research-dossier.md" in line]
    assert "not a company × role guide" in line


# --- 7. names with symbols -------------------------------------------------------------------------------------


def test_a_name_with_an_ampersand(real: Assistant) -> None:
    response = real.ask("SDE AT&T seattle total compensation")
    assert response.plan.companies == ["att"]
    assert lead_rows(response) == ["- Atlanta / Seattle — Total comp: $141K–$197K"]


# --- ordinary-word names count only where the question uses them as names --------------------------------------


@pytest.mark.parametrize(
    ("question", "companies"),
    [
        ("What should I target for a PM at Compass in New York City?", ["compass"]),
        ("what should i target as a compass pm in nyc", ["compass"]),
        ("my target comp for a compass pm in nyc", ["compass"]),
        ("Target PM base in Minneapolis", ["target"]),
        ("how much does target pay a pm", ["target"]),
        ("box swe tc", ["box"]),
        ("Compare the PM base at Compass and Target", ["compass", "target"]),
        ("total comp for a pm at ARM in Austin", ["arm"]),
    ],
)
def test_ordinary_word_names(real: Assistant, question: str, companies: list[str]) -> None:
    assert real.ask(question).plan.companies == companies


# --- questions as people type them: misspelt names are read when exactly one guide is near ---------------------


def test_a_misspelt_company_is_read_and_the_match_is_shown(real: Assistant) -> None:
    response = real.ask("robinhod security engineer base nyc")
    assert response.plan.companies == ["robinhood"]
    assert response.answer.splitlines()[0] == "Showing Robinhood, the closest name to what you typed."
    assert lead_rows(response) == ["- New York — Base: $155K–$199K"]
    goldman = real.ask("goldman sacks swe base nyc")  # "goldman" alone names it: no correction to show
    assert goldman.plan.companies == ["goldman-sachs"]
    assert lead_rows(goldman) == ["- New York — Base: $152K–$209K"]


def test_a_misspelt_role_is_read_and_the_match_is_shown(real: Assistant) -> None:
    response = real.ask("sofware engineer at goldman sachs london base")
    assert response.plan.roles == ["software-engineer"]
    assert response.answer.splitlines()[0] == "Showing Software Engineer, the closest role to what you typed."
    assert lead_rows(response) == ["- London — Base: £86K–£119K"]


def test_a_name_nothing_is_near_is_not_guessed(real: Assistant) -> None:
    response = real.ask("What does Zorblax pay a software engineer?")
    assert response.refused
    assert response.plan.companies == []


# --- an LLM's draft is read for company names strictly: full names and exact alias tokens only ------------------


def _passage(real: Assistant, guide_id: str, region: str) -> tuple[Guide, Passage]:
    guide = next(g for g in real.guides() if g.id == guide_id)
    figures = [f for f in guide.figures if f.region == region]
    evidence = Evidence()
    line = figures[0].line
    passage = evidence.add(guide, figures[0].section, line, line, "| " + region + " |", "figures", figures)
    return guide, passage


def test_an_llm_line_naming_another_company_by_its_full_name_is_refused(real: Assistant) -> None:
    _, passage = _passage(real, "arm/product-manager", "Austin")
    vocabulary = real.reader.vocabulary
    assert verify("Austin — Total comp: $216K–$299K [1]", {1: passage}, vocabulary).action == "passed"
    assert verify("austin total comp at arm: $216K–$299K [1]", {1: passage}, vocabulary).action == "passed"
    wrong = verify("Compass pays $216K–$299K total comp in Austin [1]", {1: passage}, vocabulary)
    assert wrong.action == "failed"
    assert "not Compass's" in wrong.reasons[0]
    # "compass" in lower case, "COMP" and "comp" are no names of Compass: the line belongs to its cited guide.
    assert verify("a compass for your Austin total comp: $216K–$299K [1]", {1: passage}, vocabulary).action == "passed"


def test_a_bare_title_word_names_the_one_role_that_has_it(real: Assistant) -> None:
    response = real.ask("glean designer base palo alto")
    assert response.plan.roles == ["product-designer"]
    assert lead_rows(response) == ["- Palo Alto / Bay Area — Base: $152K–$214K"]


@pytest.mark.parametrize(
    ("question", "row"),
    [("l4 sde i sde at amazon seattle base", "- Seattle — Base: $118K–$158K"),
     ("amazon l6 sde iii base salary seattle", "- Seattle — Base: $166K–$205K")],
)  # fmt: skip
def test_a_level_written_in_one_role_title_picks_that_role(real: Assistant, question: str, row: str) -> None:
    """ "sde" fits both of the company's engineer guides; the level asked is written in one title only."""
    assert lead_rows(real.ask(question)) == [row]


def test_a_level_in_no_title_still_asks_which_role(real: Assistant) -> None:
    assert "which one?" in real.ask("amazon l9 sde seattle base").answer


# --- shapes the corpus twin showed, read by the parser ------------------------------------------------------------


@pytest.mark.parametrize(
    ("label", "keys"),
    [
        (":us: New York (USD)", ("new-york",)),  # a flag written as its short code
        ("Seattle HQ", ("seattle",)),
        ("India (Remote/Bangalore)", ("india", "remote-india", "bangalore")),
    ],
)
def test_place_labels(label: str, keys: tuple[str, ...]) -> None:
    assert read_label(label).keys == keys


def test_cells_with_a_monthly_range_or_a_comparison_note_read_as_written() -> None:
    monthly = read_cell("SEK 60K–87K/mo / $165K–$225K", None)
    assert monthly is not None
    assert (monthly.currency, monthly.low, monthly.high, monthly.period) == ("SEK", 60_000, 87_000, "/mo")
    assert monthly.secondary is not None and (monthly.secondary.low, monthly.secondary.high) == (165_000, 225_000)
    noted = read_cell("€100K-€134K (-5-10% vs Paris)", None)
    assert noted is not None and (noted.kind, noted.low, noted.high, noted.note) == ("money", 100_000, 134_000,
                                                                                      "-5-10% vs Paris")  # fmt: skip
    assert read_cell("£-5K", None).kind == "unclean"  # type: ignore[union-attr]


def test_a_table_of_levels_at_places_yields_each_level_at_each_place() -> None:
    text = """### Software Engineer | Amazon Global Negotiation Guide

| Level | Region | Base Salary | Total Comp (Yr 1) |
|---|---|---|---|
| L5 SDE II | Seattle | $125K-$165K | $200K-$330K |
| L5 SDE II | Bay Area | $130K-$165K | $205K-$340K |
"""
    figures = parse_guide_text(text, "amazon/software-engineer").figures
    assert [(f.level, f.region, f.component.value, f.source_text) for f in figures] == [
        ("L5 SDE II", "Seattle", "base", "$125K-$165K"), ("L5 SDE II", "Seattle", "total", "$200K-$330K"),
        ("L5 SDE II", "Bay Area", "base", "$130K-$165K"), ("L5 SDE II", "Bay Area", "total", "$205K-$340K"),
    ]  # fmt: skip


def test_worked_negotiations_and_employer_comparisons_are_no_pay_by_place() -> None:
    text = """### Product Manager | Acme Global Negotiation Guide

| Region | Base Salary | Total Comp |
|---|---|---|
| Austin | $150K-$190K | $200K-$260K |

| Component | Initial | Target (+$40K) | Stretch (+$70K) |
|---|---|---|---|
| Base | $160K | $180K | $190K |

| Acme | Google | Meta |
|---|---|---|
| PM (L5) | $250K-$300K | $260K-$310K |
"""
    guide = parse_guide_text(text, "acme/product-manager")
    assert guide.regions == ["Austin"]


@pytest.mark.parametrize(
    ("title", "folder", "company"),
    [
        ("### Data Engineer | Booking.com Global Negotiation Guide", "booking", "Booking.com"),
        ("### Data Engineer | Fidelity Investments Global Negotiation Guide", "fidelity", "Fidelity Investments"),
        (
            "### Data Engineer | Hugging Face Enterprise Global Negotiation Guide",
            "huggingface-enterprise",
            "Hugging Face Enterprise",
        ),
        ("### Data Engineer | AT&T Global Negotiation Guide", "att", "AT&T"),
        ("### Data Engineer | Brex Global Negotiation Guide", "brex-ai", "Brex AI"),
        ("### Data Engineer | Elastic (Security) Global Negotiation Guide", "elastic-security", "Elastic (Security)"),
        ("### Data Engineer | Cerner (Oracle Health) Global Negotiation Guide", "cerner", "Cerner"),
    ],
)
def test_the_folder_and_the_title_name_the_company_together(title: str, folder: str, company: str) -> None:
    guide = parse_guide_text(f"{title}\n\nAI agents for finance teams.\n", f"{folder}/data-engineer")
    assert guide.company == company
    assert not [p for p in guide.problems if p.kind.value == "company_mismatch"]
