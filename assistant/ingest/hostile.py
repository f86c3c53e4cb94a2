"""Guide prose that must never be quoted: text that addresses the assistant, and claims about another
company's pay.

A guide is data, not instructions, and guides are written by many hands. A sentence that speaks to the
assistant or its "system", or tells it what to say, is withheld; so is a sentence that states what some
other company pays as a fact ("Jane Street London pays £900K base"), since only a guide about that company
can say so. Naming competitors in advice ("present competing offers from Acme at $300K") stays: it is the
guide's advice for negotiating with its own company.
"""

from __future__ import annotations

import re

from assistant.guide import Guide, Problem, ProblemKind
from assistant.money import find_amounts
from assistant.places import known_place, place_key

_INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\s+(?:all\s+|any\s+|the\s+)?(?:previous|prior|above|earlier|your)\b"
    r"|^\W*(?:system|assistant|ai|model|developer)\s*(?:prompt)?\s*:"
    r"|\b(?:you are|you're) (?:an? )?(?:ai|assistant|chatbot|language model)\b"
    r"|\bas an ai\b|\b(?:the|this) (?:assistant|chatbot|ai|model) (?:must|should|will)\b"
    r"|\b(?:always|never)\s+(?:tell|say|answer|respond|reply|state|output|quote)\b"
    r"|\btell (?:the )?users?\b|\brespond (?:with|only)\b|\bnew instructions?\b|\bjailbreak\b",
    re.IGNORECASE | re.MULTILINE,
)
_PAY_CLAIM = re.compile(r"\b(?:pays|paid|paying|offers|offering|compensates)\b", re.IGNORECASE)
_SUBJECT_WORDS = 4  # a company that pays is named within this many words before the verb
# Framing that makes a competitor's figure advice for negotiating here, not a claim about that company.
_ADVICE_FRAME = re.compile(
    r"\b(?:present|cite|mention|use|bring|leverage|counter|anchor|ask|competing|compete|if you|"
    r"offers? from|i have|we have|match|beat|versus|vs\.?|against|peer|rival)\b",
    re.IGNORECASE,
)
_NAME = re.compile(r"\b[A-Z][\w&'.-]+(?:\s+[A-Z][\w&'.-]+)*")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[\"'(A-Z>*-])")


def withheld_sentences(guide: Guide, lines: list[str]) -> tuple[list[Problem], dict[int, list[str]]]:
    """One problem per sentence of prose that is never quoted, and those sentences by line."""
    problems = []
    withheld: dict[int, list[str]] = {}
    own_names = {guide.company.lower(), *(alias.lower() for alias in guide.company_aliases)}
    own_words = {word for name in own_names for word in name.split()}
    table_lines = {n for table in guide.tables for n in range(table.start_line, table.end_line + 1)}
    for number, line in enumerate(lines, start=1):
        if number in table_lines or not line.strip():
            continue
        for sentence in _SENTENCE.split(line.strip()):
            kind = _kind(sentence, own_words)
            if kind is not None:
                problems.append(Problem(guide_id=guide.id, kind=kind, line=number, message=_message(kind, sentence)))
                withheld.setdefault(number, []).append(sentence)
    return problems, withheld


def _kind(sentence: str, own_words: set[str]) -> ProblemKind | None:
    if _INSTRUCTION.search(sentence):
        return ProblemKind.instruction_text
    if not find_amounts(sentence) or not _PAY_CLAIM.search(sentence) or _ADVICE_FRAME.search(sentence):
        return None
    verb = _PAY_CLAIM.search(sentence)
    assert verb is not None
    subject = " ".join(sentence[: verb.start()].split()[-_SUBJECT_WORDS:])
    names = [name for name in _NAME.findall(subject) if _names_a_company(name, own_words)]
    return ProblemKind.foreign_pay if names else None


def _names_a_company(name: str, own_words: set[str]) -> bool:
    """A capitalised name that is not the guide's own company, a place, or an ordinary word."""
    words = [w for w in re.split(r"\s+", name) if w.lower().strip("'s") not in _ORDINARY and not _is_verb_like(w)]
    kept = [w for w in words if not known_place(place_key(w)) and w.lower() not in own_words]
    return bool(kept) and not known_place(place_key(" ".join(words)))


_ORDINARY = frozenset(
    """the a an this that it its their our your his her in at for on of and or but if so as base total bonus stock
    equity salary pay comp ml ai engineers engineer managers manager designers scientists analysts new senior staff
    london york hong kong""".split()  # noqa: SIM905
)


def _is_verb_like(word: str) -> bool:
    """'Reported', 'Typically', 'Hiring': sentence openers, not names."""
    return len(word) > 4 and word.lower().endswith(("ed", "ly", "ing"))


def _message(kind: ProblemKind, sentence: str) -> str:
    shown = sentence if len(sentence) <= 160 else sentence[:157] + "…"
    if kind == ProblemKind.instruction_text:
        return f"text that addresses the assistant is never quoted: “{shown}”"
    return f"prose that states another company's pay is never quoted: “{shown}”"


def withhold(text: str, start_line: int, withheld: dict[int, list[str]]) -> str:
    """The text with every withheld sentence of its lines replaced by '[…]'."""
    if not withheld:
        return text
    out = []
    for offset, line in enumerate(text.split("\n")):
        for sentence in withheld.get(start_line + offset, []):
            line = line.replace(sentence, "[…]")
        out.append(line)
    return "\n".join(out)
