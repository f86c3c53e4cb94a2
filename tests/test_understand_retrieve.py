"""Question understanding on a hand-built vocabulary, and the hybrid retriever on the real seed index."""

from __future__ import annotations

from pathlib import Path

from langchain_core.retrievers import BaseRetriever

from assistant.ingest.parse import parse_guide_text
from assistant.response import Intent
from assistant.retrieve.retriever import IndexReader
from assistant.retrieve.understand import understand
from assistant.retrieve.vocabulary import Vocabulary


def tiny_guide(guide_id: str, company: str, role: str, places: list[str]) -> str:
    """A guide reduced to its title and a one-column table: all understanding needs."""
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
    plain = understand("What is the base in London for a backend engineer?", VOCAB)
    assert plain.companies == [] and plain.roles == ["backend-engineer"]
    assert understand("JS London base?", VOCAB).companies == ["jane-street"]
    assert understand("IS vs JS in London", VOCAB).companies == ["iskcrest-systems", "jane-street"]


def test_names_resolve_by_alias_and_typo() -> None:
    result = understand("Iskcrest Sytems backend engineer pay in NYC", VOCAB)
    assert result.companies == ["iskcrest-systems"] and result.regions == ["new-york"]
    assert understand("Compare Iskcrest and Iskmere in London", VOCAB).intent == Intent.comparison


def test_hybrid_retriever_is_a_langchain_retriever_restricted_to_named_guides(seed_index: Path) -> None:
    retriever = IndexReader(seed_index).retriever(k=5)
    assert isinstance(retriever, BaseRetriever)
    documents = retriever.invoke("London base salary", guide_ids=["tastytrade/ml-ai-engineer"])
    assert documents and {doc.metadata["guide_id"] for doc in documents} == {"tastytrade/ml-ai-engineer"}
    assert any("£136K - £189K" in doc.page_content for doc in documents)
    unrestricted = retriever.invoke("PnL participation pod")
    assert unrestricted[0].metadata["guide_id"] == "millennium-management/ml-ai-engineer"
