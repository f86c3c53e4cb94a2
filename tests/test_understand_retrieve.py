"""Question understanding on a hand-built vocabulary, and the hybrid retriever on the real seed index."""

from __future__ import annotations

from pathlib import Path

from langchain_core.retrievers import BaseRetriever

from assistant.response import Intent
from assistant.retrieve.retriever import IndexReader
from assistant.retrieve.understand import Vocabulary, understand

NAMES = [
    (
        "iskcrest-systems/backend-engineer",
        "Iskcrest Systems",
        "iskcrest-systems",
        "Backend Engineer",
        "backend-engineer",
    ),
    (
        "iskmere-networks/backend-engineer",
        "Iskmere Networks",
        "iskmere-networks",
        "Backend Engineer",
        "backend-engineer",
    ),
    ("jane-street/ml-ai-engineer", "Jane Street", "jane-street", "ML/AI Engineer", "ml-ai-engineer"),
]
VOCAB = Vocabulary.build(NAMES, ["London", "New York (HQ)"])


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
