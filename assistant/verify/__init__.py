"""Stage 6: no figure reaches the user unless a passage it cites supports it, in that currency, as what it is.

Works on any engine's draft: it reads every amount and percentage in the text (in any notation the shared
money reader knows: $350K, $350,000, £1.95M, 18 LPA, nine hundred thousand pounds, 15-25%), finds the
citation markers that cover it (mentions.py), checks the value against the cited passages' typed figures
and text (support.py), and checks that it is stated for the place, component and company it belongs to
(attribution.py).
"""

from __future__ import annotations

from assistant.response import Verification
from assistant.retrieve.evidence import Passage
from assistant.retrieve.vocabulary import Vocabulary
from assistant.verify.attribution import AnswerContext, prose_problem, table_problem
from assistant.verify.mentions import MARKER, UNREADABLE, Mention, find_mentions, numbers
from assistant.verify.support import supports

__all__ = ["find_mentions", "repair", "verify"]


def verify(text: str, passages: dict[int, Passage], vocabulary: Vocabulary | None = None) -> Verification:
    """Check every figure in the text against the passages its markers cite. With the index's vocabulary the
    verifier also knows every place and company name a line may use (a claim about another one is refused)."""
    return _verified(text, passages, vocabulary)[0]


def repair(text: str, passages: dict[int, Passage], vocabulary: Vocabulary | None = None) -> tuple[str, Verification]:
    """The text without the lines (or blockquotes) that hold an unsupported figure, and what was found."""
    result, failing = _verified(text, passages, vocabulary)
    kept = [line for number, line in enumerate(text.splitlines()) if number not in failing]
    return "\n".join(kept).strip(), result


def _verified(text: str, passages: dict[int, Passage], vocabulary: Vocabulary | None) -> tuple[Verification, set[int]]:
    result = Verification()
    failing: set[int] = set()
    for marker in {n for m in MARKER.finditer(text) for n in numbers(m.group(1))}:
        if marker not in passages:
            result.reasons.append(f"cites [{marker}], which is not one of the sources")
    context = AnswerContext.of(passages, vocabulary)
    for mention in find_mentions(text):
        result.figures_checked += 1
        problem = _check(mention, passages, context)
        if problem:
            result.unsupported.append(mention.text)
            result.reasons.append(problem)
            failing.update(range(mention.lines[0], mention.lines[1] + 1))
    if result.unsupported or result.reasons:
        result.action = "failed"
    return result, failing


def _check(mention: Mention, passages: dict[int, Passage], context: AnswerContext) -> str | None:
    if not mention.citations:
        return f"{mention.text} has no citation"
    if not mention.currencies:
        return f"{mention.text} gives no currency"
    if UNREADABLE in mention.currencies:
        return f"{mention.text} does not read as an amount"
    where = ", ".join(f"[{n}]" for n in mention.citations)
    problem = f"{mention.text} is not in the cited source {where} in that currency"
    for passage in (passages[n] for n in mention.citations if n in passages):
        found = [
            [s for s in supports(passage) if s.value == value and s.currency in mention.currencies]
            for value in mention.values
        ]
        if not all(found):
            continue
        figures = [support.figure for each in found for support in each if support.figure is not None]
        if all(any(support.figure for support in each) for each in found):
            problem = table_problem(mention, figures, passage, context) or ""
        else:
            problem = prose_problem(mention, passage, context) or ""
        if not problem:
            return None
    return problem
