"""A guide's own words, sentence by sentence: its strategy, levers and notes, each sentence with its line.

Advice answers lead with the sentences that answer the question, chosen one by one (the embedding model
ranks them against the question), never a whole section cut short with "…" that drops the answer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import numpy as np

from assistant.guide import Guide, Section
from assistant.index.embeddings import MiniLMEmbeddings

_SENTENCE = re.compile(r"(?<=[.!?])[\"”']?\s+(?=[\"“'(A-Z*])")
_SKIP_SECTION = re.compile(r"evidence|sources|level mapping|references", re.I)
_STRATEGY = re.compile(r"negotiate up|strategy", re.I)
MIN_WORDS = 5


@dataclass(frozen=True)
class Sentence:
    text: str
    line: int
    section: str  # the heading path of the section holding it


def sentences_of(section: Section) -> list[Sentence]:
    """The section's sentences with their lines; table rows, headings and list markers are not sentences."""
    found = []
    for offset, line in enumerate(section.text.split("\n")):
        plain = _plain(line)
        if not plain or line.lstrip().startswith(("|", "#")):
            continue
        for sentence in _SENTENCE.split(plain):
            if len(sentence.split()) >= MIN_WORDS and "[…]" not in sentence:
                found.append(Sentence(sentence.strip(), section.start_line + offset, section.path_label))
    return found


def _plain(line: str) -> str:
    """A line without its blockquote mark, list number or bold lead-in ('**Lever 1 — Scope:**')."""
    line = re.sub(r"^\s*>\s*", "", line)
    line = re.sub(r"^\s*(?:\d+[.)]|[-*•])\s+", "", line)
    line = re.sub(r"^\*\*[^*]{2,90}\*\*:?\s*", "", line)
    return line.strip().strip('"“”')


def strategy_sentences(guide: Guide) -> list[Sentence]:
    """The sentences of the guide's Negotiate Up Strategy: its anchors, targets and walk-away points."""
    return [s for section in guide.sections if _STRATEGY.search(section.heading) for s in sentences_of(section)]


def prose_sentences(guide: Guide) -> list[Sentence]:
    """Every sentence of the guide's prose that could answer an advice question."""
    return [s for section in guide.sections if not _SKIP_SECTION.search(section.path_label)
            for s in sentences_of(section)]  # fmt: skip


_ASKS_PERCENT = re.compile(r"\b(?:percent(?:age)?|rate|share)\b|%", re.I)
_PERCENT = re.compile(r"\d\s*%")
_ASKS_AMOUNT = re.compile(r"\bhow (?:much|large|big)\b|\bsize\b|\bamount\b|\bworth\b", re.I)
_AMOUNT = re.compile(r"[$£€¥₹]\s?\d|\b[A-Z]{3}\s?\d")
WORD_WEIGHT = 0.08


def without_names(question: str, guide: Guide) -> str:
    """The question without the guide's company and role words: the guide is already chosen, and "as an ML/AI
    Engineer" would otherwise rank every sentence that names the role above the one that answers."""
    names = set(re.findall(r"[a-z0-9]+", f"{guide.company} {guide.role} {' '.join(guide.company_aliases)}".lower()))
    kept = [word for word in question.split() if not set(re.findall(r"[a-z0-9]+", word.lower())) <= names
            or not re.search(r"[a-z0-9]", word.lower())]  # fmt: skip
    return " ".join(kept)  # a question word a sentence shares lifts it as much as this much cosine similarity


def ranked(question: str, sentences: list[Sentence], embeddings: MiniLMEmbeddings | None, k: int = 3) -> list[Sentence]:
    """The k sentences closest to the question, best first: by meaning (the embedding model), and by the
    question's own rarer words ('competing', 'present') that a sentence repeats. Without `embeddings` (the model
    not loaded, in a question that doesn't rank by meaning) by those words alone, ties in the guide's order."""
    if not sentences:
        return []
    if embeddings is None:
        scores = np.zeros(len(sentences), dtype=np.float32)
    else:
        vectors = embeddings.remembered_vectors([s.text for s in sentences])
        scores = vectors @ np.asarray(embeddings.embed_query(question), dtype=np.float32)
    words = {w[:6] for w in re.findall(r"[a-z]{5,}", question.lower())}
    shared = np.array([len(words & {w[:6] for w in re.findall(r"[a-z]{5,}", s.text.lower())}) for s in sentences])
    # A question after a percentage ("what PnL percentage should I demand?") is answered by a sentence that has one.
    wants_percent = bool(_ASKS_PERCENT.search(question))
    gives_percent = np.array([wants_percent and bool(_PERCENT.search(s.text)) for s in sentences])
    # "How large is the premium?" is answered by a sentence that states an amount.
    wants_amount = bool(_ASKS_AMOUNT.search(question))
    gives_amount = np.array([wants_amount and bool(_AMOUNT.search(s.text)) for s in sentences])
    lift = shared + 2 * gives_percent + 2 * gives_amount
    return [sentences[i] for i in np.argsort(-(scores + WORD_WEIGHT * lift), kind="stable")[:k]]
