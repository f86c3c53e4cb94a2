"""Question plans on a hand-built vocabulary, and the hybrid retriever on the real seed index."""

from __future__ import annotations

from pathlib import Path

from langchain_core.retrievers import BaseRetriever

from assistant.ingest.parse import parse_guide_text
from assistant.plan.planner import make_plan
from assistant.response import Intent
from assistant.retrieve.hybrid import HybridRetriever
from assistant.retrieve.retriever import IndexReader
from assistant.verify.attribution import AnswerContext
from assistant.vocabulary.names import Vocabulary


def tiny_guide(guide_id: str, company: str, role: str, places: list[str]) -> str:
    """A guide reduced to its title and a one-column table: all a plan needs."""
    rows = "\n".join(f"| {place} | $150K - $200K |" for place in places)
    return f"### {role} | {company} Global Negotiation Guide\n\n| Region | Base Salary |\n|---|---|\n{rows}\n"


GUIDES = [
    ("iskcrest-systems/backend-engineer", "Iskcrest Systems", "Backend Engineer", ["London"]),
    ("iskmere-networks/backend-engineer", "Iskmere Networks", "Backend Engineer", ["New York (HQ)"]),
    ("jane-street/ml-ai-engineer", "Jane Street", "ML/AI Engineer", ["London", "New York (HQ)"]),
]
VOCAB = Vocabulary.build(parse_guide_text(tiny_guide(*guide), guide[0]) for guide in GUIDES)


def test_initials_match_only_in_capitals() -> None:
    # "Iskcrest Systems" has the initials IS and "Iskmere Networks" IN: in lower case they are ordinary words.
    plain = make_plan("What is the base in London for a backend engineer?", VOCAB)
    assert plain.companies == [] and plain.roles == ["backend-engineer"]
    assert make_plan("JS London base?", VOCAB).companies == ["jane-street"]
    assert make_plan("IS vs JS in London", VOCAB).companies == ["iskcrest-systems", "jane-street"]


def test_names_resolve_by_alias_and_typo() -> None:
    result = make_plan("Iskcrest Sytems backend engineer pay in NYC", VOCAB)
    assert result.companies == ["iskcrest-systems"] and result.regions == ["new-york"]
    assert make_plan("Compare Iskcrest and Iskmere in London", VOCAB).intent == Intent.compare


def test_hybrid_retriever_is_a_langchain_retriever_restricted_to_named_guides(seed_index: Path) -> None:
    retriever = HybridRetriever(reader=IndexReader(seed_index), k=5)
    assert isinstance(retriever, BaseRetriever)
    documents = retriever.invoke("London base salary", guide_ids=["tastytrade/ml-ai-engineer"])
    assert documents and {doc.metadata["guide_id"] for doc in documents} == {"tastytrade/ml-ai-engineer"}
    assert any("£136K - £189K" in doc.page_content for doc in documents)
    unrestricted = retriever.invoke("PnL participation pod")
    assert unrestricted[0].metadata["guide_id"] == "millennium-management/ml-ai-engineer"


# In a corpus of thousands, initials collide with each other and with the codes written after a city.
CROWDED = [
    ("gordale-networks/backend-engineer", "Gordale Networks", "Backend Engineer", ["Bozeman, MT", "Remote US"]),
    ("mordale-technologies/backend-engineer", "Mordale Technologies", "Backend Engineer", ["London"]),
    ("ulmcrest-securities/backend-engineer", "Ulmcrest Securities", "Backend Engineer", ["London"]),
    ("velmark-systems/backend-engineer", "Velmark Systems", "Backend Engineer", ["London"]),
    ("vorbrook-solutions/backend-engineer", "Vorbrook Solutions", "Backend Engineer", ["London"]),
]
CROWDED_VOCAB = Vocabulary.build(parse_guide_text(tiny_guide(*guide), guide[0]) for guide in CROWDED)


def test_initials_that_are_a_place_code_or_shared_name_no_company() -> None:
    bozeman = make_plan("Gordale Networks backend engineer base in Bozeman, MT", CROWDED_VOCAB)
    assert bozeman.companies == ["gordale-networks"] and bozeman.regions == ["bozeman-mt"]
    assert make_plan("Gordale Networks backend base, US remote", CROWDED_VOCAB).companies == ["gordale-networks"]
    assert make_plan("VS backend engineer London base", CROWDED_VOCAB).companies == []  # Velmark or Vorbrook?


def test_the_verifier_reads_only_names_written_out_never_a_near_miss() -> None:
    """A question may misspell a company; an answer line naming "Bozeman, MT" names no company at all."""
    context = AnswerContext({}, CROWDED_VOCAB)
    assert context.companies_named("- Bozeman, MT — Base: $150K - $200K [1]", set()) == set()
    assert context.companies_named("- US Remote — Base: $150K - $200K [1]", set()) == set()
    assert context.companies_named("Gordael Networks' London base [1]", set()) == set()
    assert make_plan("Gordael Networks London backend base", CROWDED_VOCAB).companies == ["gordale-networks"]
    assert context.companies_named("Mordale Technologies pays more [1]", set()) == {"Mordale Technologies"}


def test_a_numbered_level_beside_a_role_word_is_the_level_of_that_role() -> None:
    guides = [
        ("nevcrest/software-engineer", "Nevcrest", "Software Engineer", ["Cambridge, MA"]),
        ("nevcrest/cloud-platform-engineer", "Nevcrest", "Cloud Platform Engineer", ["Cambridge, MA"]),
    ]
    vocab = Vocabulary.build(parse_guide_text(tiny_guide(*guide), guide[0]) for guide in guides)
    platform = make_plan("nevcrest sde3 platform engineer total comp cambridge", vocab)
    assert (platform.roles, platform.levels) == (["cloud-platform-engineer"], ["sde3"])
    assert make_plan("nevcrest sde3 base cambridge", vocab).roles == ["software-engineer"]  # the level alone


def test_a_name_written_together_is_the_company_and_no_table_of_nicknames_is_consulted() -> None:
    """People write "deshaw" and "jpmorgan": the words of a name written together name it, by rule. A nickname only
    world knowledge supplies ("bofa") names nothing: the code holds no table of company names."""
    guides = [("d-e-shaw/quant-researcher", "D. E. Shaw", "Quant Researcher", ["New York"]),
              ("bank-of-america/software-engineer", "Bank of America", "Software Engineer", ["New York"])]  # fmt: skip
    vocabulary = Vocabulary.build(parse_guide_text(tiny_guide(*guide), guide[0]) for guide in guides)
    assert make_plan("deshaw quant researcher base in NYC", vocabulary).companies == ["d-e-shaw"]
    assert make_plan("bankofamerica swe base NYC", vocabulary).companies == ["bank-of-america"]
    assert make_plan("bofa swe base NYC", vocabulary).companies == []
