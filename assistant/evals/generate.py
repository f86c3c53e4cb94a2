"""Eval cases generated from parsed guides, so that every new guide brings its own evals.

Every figure of every compensation table becomes a case whose right answer is known exactly:
the figure itself, in its own currency, cited to its guide and section. Each figure is asked
in a few natural phrasings. Generation is deterministic; `sample(n, seed)` picks a subset.
"""

from __future__ import annotations

import random
import re
from collections.abc import Iterable, Iterator

from assistant.evals.cases import PERCENT, EvalCase, ExpectedFigure, Flag, ForbiddenFigure, Tag
from assistant.guide import Component, Figure, Guide, ProblemKind

# {a_role} is the role with its article: "an ML/AI Engineer", "a Senior (L5) Data Scientist".
PHRASINGS: tuple[str, ...] = (
    "What is the {component} for {a_role} at {company} in {region}?",
    "{company} {role} {region} {component} range?",
    "How much {component} should {a_role} expect at {company} in {region}?",
    "I have {a_role} offer from {company} in {region}. What does the guide say about {component}?",
)

COMPONENT_WORDS: dict[Component, str] = {
    Component.base: "base salary",
    Component.stock: "stock",
    Component.bonus: "bonus",
    Component.total: "total compensation",
    Component.pnl: "PnL participation",
    Component.sign_on: "sign-on bonus",
}


class GeneratedCases:
    """All generated cases of some guides, in a stable order (by case id)."""

    def __init__(self, guides: Iterable[Guide], phrasings: tuple[str, ...] = PHRASINGS) -> None:
        cases: dict[str, EvalCase] = {}
        for guide in guides:
            for figure in guide.figures:
                for number, phrasing in enumerate(phrasings, start=1):
                    case = case_for(guide, figure, phrasing, number)
                    if case is not None:
                        cases.setdefault(_unique_id(case.id, figure, cases), case)
        self.cases: tuple[EvalCase, ...] = tuple(
            case.model_copy(update={"id": case_id}) for case_id, case in sorted(cases.items())
        )

    def __len__(self) -> int:
        return len(self.cases)

    def __iter__(self) -> Iterator[EvalCase]:
        return iter(self.cases)

    def sample(self, n: int, seed: int = 0) -> list[EvalCase]:
        """n cases picked at random but reproducibly: the same seed always gives the same cases."""
        picked = random.Random(seed).sample(range(len(self.cases)), min(n, len(self.cases)))
        return [self.cases[index] for index in sorted(picked)]


def case_for(guide: Guide, figure: Figure, phrasing: str, number: int = 1) -> EvalCase | None:
    """The case asking for one figure in one phrasing; None when the cell holds no figure."""
    expected = _expected(figure)
    if not expected:
        return None
    stale = any(problem.kind is ProblemKind.stale for problem in guide.problems)
    tags = [Tag.single_figure]
    flags: list[Flag] = []
    if figure.mixed_currency:
        tags.append(Tag.defect)
        flags.append(Flag.defect)
    if stale:
        tags.append(Tag.stale_data)
        flags.append(Flag.stale)
    role = f"{figure.level} {guide.role}" if figure.level else guide.role
    question = phrasing.format(
        component=_component_words(figure),
        role=role,
        a_role=_with_article(role),
        company=guide.company,
        region=figure.region,
    )
    parts = [
        "/".join(_slug(part) for part in guide.id.split("/")),
        _slug(figure.region_key),
        _slug(figure.level or ""),
        _slug(figure.header),
        f"q{number}",
    ]
    return EvalCase(
        id="gen:" + ":".join(part for part in parts if part),
        question=question,
        tags=tags,
        expect=expected,
        forbid=[f for f in _forbidden(figure) if (f.value, f.currency) not in _money_of(guide)],
        must_flag=flags,
        note=f"generated from line {figure.line} of {guide.path}: {figure.source_text}",
    )


def _expected(figure: Figure) -> list[ExpectedFigure]:
    where = {"guide": figure.guide_id, "section": figure.section}
    if figure.currency is not None and figure.low is not None:
        if figure.high is None:
            return [ExpectedFigure(value=figure.low, currency=figure.currency, **where)]
        return [
            ExpectedFigure(
                low=figure.low, high=figure.high, currency=figure.currency, high_currency=figure.high_currency, **where
            )
        ]
    if figure.bonus_pct_low is not None:
        if figure.bonus_pct_high is None:
            return [ExpectedFigure(value=figure.bonus_pct_low, currency=PERCENT, **where)]
        return [ExpectedFigure(low=figure.bonus_pct_low, high=figure.bonus_pct_high, currency=PERCENT, **where)]
    return []


def _forbidden(figure: Figure) -> list[ForbiddenFigure]:
    """The ways a currency goes wrong: a mixed range made one currency, a converted pair's signs swapped."""
    forbidden: list[ForbiddenFigure] = []
    if figure.mixed_currency and figure.high is not None and figure.currency is not None:
        forbidden.append(ForbiddenFigure(value=figure.high, currency=figure.currency))
    other = figure.secondary
    if other is not None and figure.currency is not None and other.currency != figure.currency:
        if figure.low is not None and figure.low != other.low:
            forbidden.append(ForbiddenFigure(value=figure.low, currency=other.currency))
        if other.low != figure.low:
            forbidden.append(ForbiddenFigure(value=other.low, currency=figure.currency))
    return forbidden


def _with_article(noun: str) -> str:
    """'an' before a vowel sound: 'an Analyst', 'an ML/AI Engineer' (acronyms read letter by letter)."""
    first = noun.split()[0] if noun.strip() else ""
    spelled_out = first.isupper() and first[:1] in "AEFHILMNORSX"
    return f"{'an' if spelled_out or first[:1].lower() in 'aeiou' else 'a'} {noun}"


def _money_of(guide: Guide) -> set[tuple[float, str | None]]:
    """Every (amount, currency) the guide's tables show: never forbidden, since a right answer may quote it."""
    money: set[tuple[float, str | None]] = set()
    for figure in guide.figures:
        pairs = [(figure.low, figure.currency), (figure.high, figure.high_currency or figure.currency)]
        if figure.secondary is not None:
            pairs += [
                (figure.secondary.low, figure.secondary.currency),
                (figure.secondary.high, figure.secondary.currency),
            ]
        money |= {(value, currency) for value, currency in pairs if value is not None}
    return money


def _component_words(figure: Figure) -> str:
    return COMPONENT_WORDS.get(figure.component) or figure.header.strip().lower()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _unique_id(case_id: str, figure: Figure, taken: dict[str, EvalCase]) -> str:
    # Two cells can share region, level and header only in an oddly shaped table; the line tells them apart.
    return case_id if case_id not in taken else f"{case_id}:line{figure.line}"
