"""The baseline the product is measured against: a plain LangChain RAG over the same index.

Dense top-k passages from the same Chroma store, then an answer from the same engine: with a
chat model, the same prompt file over those k passages; offline, an extractive answer quoting
the passages' sentences most like the question. No figure look-up, no verifier, no warnings:
what the report shows between this and the product is what retrieval and verification add.
It returns AnswerResponse objects, so the eval metrics score it exactly like the product.
"""

from __future__ import annotations

import math
import re
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING

from langchain_core.documents import Document

from assistant.answer.prompting import load_prompt
from assistant.response import AnswerResponse, Citation, Turn
from assistant.retrieve.retriever import IndexReader
from assistant.settings import Settings

if TYPE_CHECKING:
    from langchain_core.language_models import BaseChatModel

    from assistant.service import Assistant

BASELINE_ENGINE = "baseline:plain-rag"
QUOTED_SENTENCES = 3  # how many sentences the offline answer quotes

_WORD = re.compile(r"[a-z0-9]+(?:[/'][a-z0-9]+)*")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=[A-Z*\"(\[])")
_TABLE_RULE = re.compile(r"^\|?[\s:|-]+\|?$")
# Words too common to say anything about which sentence answers the question.
# fmt: off
_STOP_WORDS = frozenset((
    "a", "an", "and", "are", "as", "at", "be", "by", "can", "de", "do", "does", "for", "from", "how", "i", "in",
    "is", "it", "me", "my", "of", "on", "or", "should", "the", "their", "them", "this", "to", "was", "what",
    "whats", "what's", "when", "where", "which", "who", "why", "will", "with", "you", "your",
))
# fmt: on


@dataclass(frozen=True)
class Sentence:
    text: str
    passage: int  # the citation number of the passage it comes from
    context: str = ""  # words that belong to it without being in it: a table row's column headers

    @property
    def scored_text(self) -> str:
        return f"{self.context} {self.text}"


class PlainRag:
    """`ask(question, history)` like the product's Assistant, so the same runner drives both."""

    def __init__(self, reader: IndexReader, settings: Settings, chat_model: BaseChatModel | None = None) -> None:
        self.reader, self.settings, self.chat_model = reader, settings, chat_model
        self._names = {guide_id: (company, role) for guide_id, company, _, role, _ in reader.guide_names}

    @classmethod
    def beside(cls, assistant: Assistant) -> PlainRag:
        """The baseline on the product's own index, settings and chat model ("the same engine")."""
        return cls(assistant.reader, assistant.settings, assistant.chat_model)

    @property
    def writer(self) -> str:
        """What writes the answers: the extractive composer offline, else the chat model."""
        if self.chat_model is None:
            return "extractive"
        model = self.chat_model
        return str(getattr(model, "model_name", None) or getattr(model, "model", None) or type(model).__name__)

    def ask(self, question: str, history: list[Turn] | None = None) -> AnswerResponse:
        started = time.perf_counter()
        history = history or []
        documents = self.retrieve(question, history)
        citations = [self._citation(number, document) for number, document in enumerate(documents, start=1)]
        retrieved = time.perf_counter()
        if self.chat_model is None:
            answer = extractive_answer(question, citations)
        else:
            answer = self._llm_answer(question, history, citations)
        finished = time.perf_counter()
        return AnswerResponse(
            question=question,
            answer=answer,
            citations=citations,
            engine=BASELINE_ENGINE,
            retrieved_guides=list(dict.fromkeys(citation.guide_id for citation in citations)),
            timings_ms={
                "retrieve": _ms(retrieved - started),
                "llm" if self.chat_model else "compose": _ms(finished - retrieved),
                "total": _ms(finished - started),
            },
        )

    def retrieve(self, question: str, history: list[Turn]) -> list[Document]:
        # The usual naive follow-up handling: search with the previous question prepended.
        if self.settings.top_k < 1:
            return []  # retrieval turned off: Chroma refuses to be asked for no results
        query = f"{history[-1].question} {question}" if history else question
        # As a plain vector store returns them: the text that was embedded, with the chunk's metadata.
        return [Document(id=chunk.id, page_content=chunk.embedding_text(), metadata=chunk.model_dump(exclude={"text"}))
                for chunk in self.reader.dense_chunks(query, k=self.settings.top_k)]  # fmt: skip

    def _citation(self, number: int, document: Document) -> Citation:
        metadata = document.metadata
        company, role = self._names.get(metadata["guide_id"], ("", ""))
        return Citation(
            number=number,
            guide_id=metadata["guide_id"],
            company=company,
            role=role,
            section=metadata["section"],
            start_line=metadata["start_line"],
            end_line=metadata["end_line"],
            quote=passage_text(document),
        )

    def _llm_answer(self, question: str, history: list[Turn], citations: list[Citation]) -> str:
        assert self.chat_model is not None
        chain = load_prompt(self.settings.prompt_file) | self.chat_model
        inputs = {
            "question": question,
            "conversation": "\n".join(f"- {turn.question}" for turn in history[-4:]) or "(none)",
            "sources": "\n\n".join(f"[{c.number}] {c.company} — {c.role} · {c.section}:\n{c.quote}" for c in citations),
        }
        return str(chain.invoke(inputs).content)


def passage_text(document: Document) -> str:
    """The guide's own text of a stored chunk: the store keeps "Company Role — Section" as its first line."""
    _names, _newline, text = document.page_content.partition("\n")
    return text or document.page_content


def extractive_answer(question: str, citations: list[Citation], count: int = QUOTED_SENTENCES) -> str:
    """The passages' sentences sharing the most words with the question, quoted verbatim and marked."""
    wanted = keywords(question)
    sentences = [sentence for citation in citations for sentence in sentences_of(citation)]
    ranked = sorted(sentences, key=lambda sentence: _overlap(wanted, sentence), reverse=True)
    best = [sentence for sentence in ranked[:count] if _overlap(wanted, sentence) > 0]
    if not best:
        return "The retrieved passages don't share any words with the question."
    return "From the most relevant passages:\n" + "\n".join(f"- {s.text} [{s.passage}]" for s in best)


def sentences_of(citation: Citation) -> list[Sentence]:
    """Prose split into sentences; a table row stays whole and is scored with its table's header row."""
    sentences: list[Sentence] = []
    lines = [line.strip().lstrip(">").strip() for line in citation.quote.splitlines()]
    header = ""
    for position, line in enumerate(lines):
        if not line or _TABLE_RULE.match(line):
            continue
        if line.startswith("|"):
            if position + 1 < len(lines) and _TABLE_RULE.match(lines[position + 1]):
                header = line  # a header row says what each column of the rows below holds
            else:
                sentences.append(Sentence(line, citation.number, context=header))
            continue
        sentences += [Sentence(part.strip(), citation.number) for part in _SENTENCE_BREAK.split(line) if part.strip()]
    return sentences


def keywords(text: str) -> set[str]:
    return {word for word in _WORD.findall(text.lower()) if word not in _STOP_WORDS}


def _overlap(wanted: set[str], sentence: Sentence) -> float:
    """Shared words, damped by the sentence's length in words (not numbers): a paragraph must not win by size."""
    shared = wanted & set(_WORD.findall(sentence.scored_text.lower()))
    length = sum(1 for word in _WORD.findall(sentence.text.lower()) if not word[0].isdigit())
    return len(shared) / math.sqrt(max(length, 1))


def _ms(seconds: float) -> float:
    return round(seconds * 1000, 2)
