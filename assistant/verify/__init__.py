"""Stage 6: no figure reaches the user unless a passage it cites supports it, in that currency, as what it is.

Works on any engine's draft: it reads every amount and percentage in the text (in any notation the shared
money reader knows: $350K, $350,000, £1.95M, 18 LPA, nine hundred thousand pounds, 15-25%), finds the
citation markers that cover it (mentions.py), checks the value against the cited passages' typed figures
and text (support.py) or against the derived figures computed from them, recomputed here (derived.py), and
checks that it is stated for the place, component and company it belongs to (attribution.py).

The offline engine says which table figure each of its lines states (`StatedLines`): those lines are checked
by identity (the figure is one of the cited passage's, and the line's amounts are that figure's), never by
reading names back out of their words. Only an LLM's draft is read for company names, and then only full names
and exact alias tokens count (vocabulary/names.py `companies_written`).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Sequence

from assistant.evidence import Passage, StatedFigure, StatedLines
from assistant.response import DerivedFigure, Verification
from assistant.verify.attribution import AnswerContext, derived_attribution, prose_problem, table_problem
from assistant.verify.derived import checked_derived, letter_matches, matches
from assistant.verify.letter import LetterFigures, labelled
from assistant.verify.mentions import MARKER, UNREADABLE, Mention, find_mentions, numbers
from assistant.verify.support import Support, figure_supports, supports
from assistant.vocabulary import Vocabulary

__all__ = ["LetterFigures", "find_mentions", "repair", "verify"]


def verify(
    text: str,
    passages: dict[int, Passage],
    vocabulary: Vocabulary | None = None,
    derived: Sequence[DerivedFigure] = (),
    stated: StatedLines | None = None,
    letter: LetterFigures | None = None,
) -> Verification:
    """Check every figure in the text against the passages its markers cite, or the derived figures computed
    from them. With the index's vocabulary the verifier also knows every place and company name a line may
    use (a claim about another one is refused). `stated`: what the offline engine's lines state; None for an
    LLM's draft, which is then read for the company names it writes. `letter`: the user's own figures, which a
    line labelled "(your letter)" may repeat (verify/letter.py)."""
    return _verified(text, passages, vocabulary, derived, stated, letter)[0]


def repair(
    text: str,
    passages: dict[int, Passage],
    vocabulary: Vocabulary | None = None,
    derived: Sequence[DerivedFigure] = (),
    stated: StatedLines | None = None,
    letter: LetterFigures | None = None,
) -> tuple[str, Verification]:
    """The text without the lines (or blockquotes) that hold an unsupported figure, and what was found."""
    result, failing = _verified(text, passages, vocabulary, derived, stated, letter)
    lines = text.splitlines()
    kept = [line for n, line in enumerate(lines) if n not in failing and not _orphaned(n, failing, lines)]
    return "\n".join(kept).strip(), result


def _orphaned(number: int, failing: set[int], lines: list[str]) -> bool:
    """A line that introduces a list ("…, from the guide's compensation table:") whose every item was struck."""
    if not lines[number].rstrip().endswith(":"):
        return False
    items: list[int] = []
    for n in range(number + 1, len(lines)):
        if not lines[n].strip():
            continue
        if not lines[n].lstrip().startswith(("-", ">")):
            break
        items.append(n)
    return bool(items) and all(n in failing for n in items)


def _verified(
    text: str,
    passages: dict[int, Passage],
    vocabulary: Vocabulary | None,
    derived: Sequence[DerivedFigure],
    stated: StatedLines | None,
    letter: LetterFigures | None = None,
) -> tuple[Verification, set[int]]:
    result = Verification()
    failing: set[int] = set()
    if stated is None:  # an LLM's draft: "⑩" and "㉑" are read as the digits they show, like "⁹" and "９"
        if reordered := _REORDERED_WORDS.findall(text):
            result.unsupported += reordered  # "£\u202eK009" shows as £900K but reads as no amount at all
            result.reasons.append(REORDERED)
        text = compatibility_form(text)
    for marker in {n for m in MARKER.finditer(text) for n in numbers(m.group(1))}:
        if marker not in passages:
            result.reasons.append(f"cites [{marker}], which is not one of the sources")
    problems, recomputed = checked_derived(list(derived), passages, letter)
    result.reasons += problems
    context = AnswerContext.of(passages, vocabulary, read_companies=stated is None)
    supported: dict[int, list[Support]] = {}  # each cited passage read once, however many figures cite it
    lines = text.splitlines()
    for mention in find_mentions(text):
        result.figures_checked += 1
        first, last = mention.lines
        claims = (stated or {}).get(lines[first]) if first == last else None
        if claims is not None:
            problem = _stated_problem(mention, claims, passages)
        elif letter is not None and labelled(mention.line) and _theirs(mention, letter, recomputed):
            problem = None
        else:
            problem = _check(mention, passages, supported, context, recomputed)
        if problem:
            result.unsupported.append(mention.text)
            result.reasons.append(problem)
            failing.update(range(mention.lines[0], mention.lines[1] + 1))
    if result.unsupported or result.reasons:
        result.action = "failed"
    return result, failing


def compatibility_form(text: str) -> str:
    """NFKC, character by character, except whitespace (a no-break space still groups digits only beside a
    currency) and line count (no character becomes a line break), so line numbers still name the draft's lines.
    Invisible format characters (a zero-width space, a soft hyphen) are dropped: "£9\u200b00K" is read as shown."""
    if text.isascii():
        return text
    return "".join(
        char if char.isspace() else unicodedata.normalize("NFKC", char)
        for char in text
        if char.isspace() or unicodedata.category(char) != "Cf"
    )


# Characters that make text show in another order than it is stored: a figure could show as one amount and read
# as another, so an LLM's draft holding one fails.
_REORDERED_WORDS = re.compile("\\S*[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]\\S*")
REORDERED = "the draft holds bidirectional control characters, which show text in another order than it is read"


def _theirs(mention: Mention, letter: LetterFigures, derived: list[DerivedFigure]) -> bool:
    """A figure on a line labelled as the user's: one their letter states, or one computed from it alone."""
    return letter.states(mention.currencies, mention.values) or any(
        letter_matches(figure, mention.currencies, mention.values) for figure in derived
    )


def _says(quote: str, text: str) -> bool:
    """The passage writes this amount as a whole token ("24K" in "…at 24K…", never inside "$124K")."""
    return re.search(rf"(?<![\w$£€¥₹.,]){re.escape(text)}(?![\w])", quote) is not None


def _stated_problem(mention: Mention, claims: list[StatedFigure], passages: dict[int, Passage]) -> str | None:
    """A line the offline engine wrote for a table figure: the figure must be one of the cited passage's, and every
    amount on the line one of that figure's own (its range, its conversion, its percentage) or written inside its
    cell as quoted ("$175K - $330K ($44K-$85K/yr)")."""
    for claim in claims:
        passage = passages.get(claim.passage)
        if passage is None or claim.passage not in mention.citations or claim.figure not in passage.figures:
            continue
        if mention.text in claim.figure.source_text and claim.figure.source_text in passage.quote:
            return None
        ends = figure_supports(claim.figure)
        if all(any(s.value == value and s.currency in mention.currencies for s in ends) for value in mention.values):
            return None
    return f"{mention.text} is not the figure its line states from the cited source"


def _check(
    mention: Mention,
    passages: dict[int, Passage],
    supported: dict[int, list[Support]],
    context: AnswerContext,
    derived: list[DerivedFigure],
) -> str | None:
    if not mention.citations:
        return f"{mention.text} has no citation"
    if not mention.currencies:
        if mention.quoted and any(_says(passages[n].quote, mention.text) for n in mention.citations if n in passages):
            return None  # "2B+", quoted as the cited guide writes it: its own words, stating no currency
        return f"{mention.text} gives no currency"
    if UNREADABLE in mention.currencies:
        return f"{mention.text} does not read as an amount"
    where = ", ".join(f"[{n}]" for n in mention.citations)
    problem = f"{mention.text} is not in the cited source {where} in that currency"
    for n in (n for n in mention.citations if n in passages):
        passage = passages[n]
        if n not in supported:
            supported[n] = supports(passage)
        found = [
            [s for s in supported[n] if s.value == value and s.currency in mention.currencies]
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
    for figure in derived:
        if matches(figure, mention.currencies, mention.values, mention.citations):
            return derived_attribution(mention, figure, passages, context)
    return problem
