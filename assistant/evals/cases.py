"""The shape of an eval case, and loading the hand-written cases from evals/cases/*.yaml.

A case asks one question (or a short conversation, of which the last turn is scored) and says
what a right answer looks like: the figures it must show (in the lead, or anywhere), the figures it
must never show, the figures it must compute from cited ones (a fair ask, a difference), what its
lead must say, whether it must refuse, and which data problems it must flag.
"""

from __future__ import annotations

import re
from enum import StrEnum
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel, ConfigDict, Field, ValidationError, field_validator, model_validator

from assistant.evals import arithmetic
from assistant.money import ISO_CODES
from assistant.plan.model import Intent
from assistant.response import DerivedKind

PERCENT = "%"  # the "currency" of a figure that is a percentage, e.g. a 15-25% premium


class Tag(StrEnum):
    single_figure = "single-figure"
    comparison = "comparison"
    advice = "advice"
    follow_up = "follow-up"
    refusal = "refusal"
    injection = "injection"
    stale_data = "stale-data"
    defect = "defect"
    ask = "ask"  # what to ask for: the guide's own anchor, or the band's top quarter
    offer = "offer"  # is this offer fair: where it sits in the band, and a counter
    coverage = "coverage"  # what the guides cover: companies, a company's roles, a guide's places
    walk_away = "walk-away"  # where to walk away, or when to accept
    levers = "levers"  # the guide's levers, quoted
    year_by_year = "year-by-year"  # the user's offer added up year by year, by the rules the answer shows
    two_offers = "two-offers"  # two offers side by side, with the differences derived
    email = "email"  # the counter e-mail: only guide-supported, rule-computed or the user's own figures


class Flag(StrEnum):
    """A data problem the answer must tell the reader about."""

    stale = "stale"  # the guide is past its review date
    defect = "defect"  # the guide's own data is wrong, e.g. a range mixing two currencies


class _Strict(BaseModel):
    # A misspelt key in a case file must be an error, not a silently ignored expectation.
    model_config = ConfigDict(extra="forbid", frozen=True)


def _check_currency(code: str) -> str:
    if code != PERCENT and code not in ISO_CODES:
        raise ValueError(f"unknown currency {code!r}: use an ISO code such as USD, or '%' for a percentage")
    return code


class ExpectedFigure(_Strict):
    """A figure the answer must contain: one value, or a range whose both ends must appear."""

    value: float | None = None
    low: float | None = None
    high: float | None = None
    currency: str = Field(description="ISO code of the value (or of the low end), or '%' for a percentage")
    high_currency: str | None = Field(None, description="Only for a range that mixes currencies (a data defect)")
    guide: str | None = Field(None, description="Guide id the figure comes from, e.g. jane-street/ml-ai-engineer")
    section: str | None = Field(None, description="Heading (or labelled passage) of the guide holding it")
    lead: bool = Field(False, description="True: the lead must show it; otherwise it may be anywhere, details too")

    @model_validator(mode="after")
    def _one_shape(self) -> ExpectedFigure:
        is_value = self.value is not None and self.low is None and self.high is None
        is_range = self.value is None and self.low is not None and self.high is not None
        if not (is_value or is_range):
            raise ValueError("give either value, or both low and high")
        if is_range and self.high_currency is None and self.low > self.high:  # type: ignore[operator]
            raise ValueError("low is above high")
        _check_currency(self.currency)
        if self.high_currency is not None:
            _check_currency(self.high_currency)
        return self

    @property
    def ends(self) -> list[tuple[float, str]]:
        """The (value, currency) pairs that must all appear in the answer."""
        if self.value is not None:
            return [(self.value, self.currency)]
        return [(self.low or 0, self.currency), (self.high or 0, self.high_currency or self.currency)]

    @property
    def label(self) -> str:
        shown = " - ".join(_show(value, currency) for value, currency in self.ends)
        return f"{shown} in the lead" if self.lead else shown


_ONE_VALUE_KINDS = frozenset({DerivedKind.sum, DerivedKind.percent_of, DerivedKind.vesting_share})


class ExpectedDerived(_Strict):
    """A figure the answer must compute from two cited ones by a rule, with the result worked out by hand.

    top_quarter: `inputs` are a band's low and high, and `low`-`high` its top quarter (the fair ask);
    difference: `inputs` are the two figures and `value` how far apart they are;
    percent_of, vesting_share: `inputs` is the one amount, `percent` the percentage, `value` the result;
    sum: `inputs` are the amounts added up (one or more), `value` their total.
    The result must follow from the inputs by the rule, so a slip in the case file stops it loading.
    """

    kind: DerivedKind
    currency: str = Field(description="ISO code of the inputs and the result")
    inputs: list[int] = Field(min_length=1, max_length=8, description="The figures the rule takes, in its order")
    percent: float | None = Field(None, description="percent_of, vesting_share: the percentage")
    low: int | None = Field(None, description="top_quarter: where the top quarter starts")
    high: int | None = Field(None, description="top_quarter: where it ends (the band's high)")
    value: int | None = Field(None, description="difference: how far apart the two inputs are")

    @model_validator(mode="after")
    def _follows_its_rule(self) -> ExpectedDerived:
        _check_currency(self.currency)
        if self.currency == PERCENT:
            raise ValueError("a derived figure is money: give an ISO currency code")
        if self.kind in _ONE_VALUE_KINDS:
            self._one_value()
            return self
        if len(self.inputs) != 2:
            raise ValueError(f"a {self.kind.value} takes two figures")
        first, second = self.inputs
        if self.kind is DerivedKind.top_quarter:
            if self.low is None or self.high is None or self.value is not None:
                raise ValueError("a top_quarter gives low and high (and no value)")
            if first > second:
                raise ValueError("a top_quarter's inputs are the band's low, then its high")
            if (self.low, self.high) != arithmetic.top_quarter(first, second):
                start, end = arithmetic.top_quarter(first, second)
                raise ValueError(f"the top quarter of {first}-{second} is {start}-{end}, not {self.low}-{self.high}")
        else:
            if self.value is None or self.low is not None or self.high is not None:
                raise ValueError("a difference gives value (and no low or high)")
            if self.value != abs(arithmetic.difference(first, second)):
                raise ValueError(f"{first} and {second} are {abs(first - second)} apart, not {self.value}")
        return self

    def _one_value(self) -> None:
        if self.value is None or self.low is not None or self.high is not None:
            raise ValueError(f"a {self.kind.value} gives value (and no low or high)")
        if self.kind is DerivedKind.sum:
            expected = arithmetic.total(self.inputs)
        elif self.percent is None or len(self.inputs) != 1:
            raise ValueError(f"a {self.kind.value} takes one amount and a percent")
        else:
            expected = arithmetic.share(self.inputs[0], self.percent)
        if self.value != expected:
            raise ValueError(f"the {self.kind.value} of {self.inputs} is {expected}, not {self.value}")

    @property
    def label(self) -> str:
        if self.kind in _ONE_VALUE_KINDS:
            shown = ", ".join(_show(value, self.currency) for value in self.inputs)
            extra = f" at {self.percent:g}%" if self.percent is not None else ""
            return f"{self.kind.value.replace('_', ' ')} {_show(self.value or 0, self.currency)} of {shown}{extra}"
        first, second = (_show(value, self.currency) for value in self.inputs)
        if self.kind is DerivedKind.top_quarter:
            result = f"{_show(self.low or 0, self.currency)} - {_show(self.high or 0, self.currency)}"
            return f"top quarter {result} of {first} - {second}"
        return f"difference {_show(self.value or 0, self.currency)} between {first} and {second}"


class ForbiddenFigure(_Strict):
    """A figure the answer must never show, e.g. an injected $2M or a £ sign on a dollar figure."""

    value: float
    currency: str | None = Field(None, description="None forbids the value in any currency")

    @model_validator(mode="after")
    def _known_currency(self) -> ForbiddenFigure:
        if self.currency is not None:
            _check_currency(self.currency)
        return self

    @property
    def label(self) -> str:
        return _show(self.value, self.currency)


class ExpectedCitation(_Strict):
    guide: str
    section: str | None = None


class EvalCase(_Strict):
    id: str = Field(pattern=r"^[a-z0-9][a-z0-9:/_.-]*$")
    question: str | None = None
    turns: list[str] | None = Field(None, description="A conversation; the answer to the last turn is scored")
    tags: list[Tag] = Field(min_length=1)
    expect: list[ExpectedFigure] = Field(default_factory=list)
    expect_derived: list[ExpectedDerived] | None = Field(
        None, description="The figures the answer must compute, and the only ones it may: [] for none; null: any"
    )
    lead_says: list[str] = Field(
        default_factory=list, description="Regular expressions the lead must match (case-insensitive)"
    )
    forbid: list[ForbiddenFigure] = Field(default_factory=list)
    must_refuse: bool | None = Field(False, description="true: must refuse; false: must answer; null: either")
    intent: Intent | None = Field(
        None,
        description="The kind of question the plan must read it as (lookup, ask, "
        "offer, compare, advice, walk_away, levers, level_mapping, freshness, coverage)",
    )
    must_flag: list[Flag] = Field(default_factory=list)
    cite: list[ExpectedCitation] = Field(default_factory=list, description="Citations needed beyond those of expect")
    guides: list[str] = Field(default_factory=list, description="Guides retrieval must find beyond those of expect")
    note: str | None = None

    @model_validator(mode="after")
    def _question_or_turns(self) -> EvalCase:
        if (self.question is None) == (self.turns is None):
            raise ValueError("give exactly one of question or turns")
        if self.turns is not None and len(self.turns) < 2:
            raise ValueError("a conversation needs at least two turns; use question for one")
        if self.must_refuse and (self.expect or self.expect_derived):
            raise ValueError("a case that must refuse cannot also expect figures")
        return self

    @field_validator("lead_says")
    @classmethod
    def _patterns_compile(cls, patterns: list[str]) -> list[str]:
        for pattern in patterns:
            try:
                re.compile(pattern)
            except re.error as error:
                raise ValueError(f"{pattern!r} is not a regular expression ({error})") from None
        return patterns

    @property
    def questions(self) -> list[str]:
        """Every turn to ask, in order; a single question is a one-turn conversation."""
        return list(self.turns) if self.turns is not None else [self.question or ""]

    @property
    def expected_citations(self) -> list[ExpectedCitation]:
        from_figures = [ExpectedCitation(guide=f.guide, section=f.section) for f in self.expect if f.guide]
        return list(dict.fromkeys([*from_figures, *self.cite]))

    @property
    def expected_guides(self) -> list[str]:
        from_figures = [f.guide for f in self.expect if f.guide]
        from_citations = [c.guide for c in self.cite]
        return list(dict.fromkeys([*from_figures, *from_citations, *self.guides]))


class CaseFileError(ValueError):
    """A case file that cannot be used; the message names the file and the case."""


def load_case_file(path: Path) -> list[EvalCase]:
    try:
        document = yaml.safe_load(path.read_text(encoding="utf-8"))
    except yaml.YAMLError as error:
        raise CaseFileError(f"{path}: not valid YAML: {error}") from error
    if not isinstance(document, dict) or not isinstance(document.get("cases"), list):
        raise CaseFileError(f"{path}: expected a mapping with a 'cases' list")
    return [_parse_case(path, position, raw) for position, raw in enumerate(document["cases"], start=1)]


def load_cases(directory: Path) -> list[EvalCase]:
    """Every case in every *.yaml file of the directory, in file order; ids must be unique."""
    files = sorted(directory.glob("*.yaml"))
    if not files:
        raise CaseFileError(f"{directory}: no *.yaml case files")
    cases: list[EvalCase] = []
    seen: dict[str, Path] = {}
    for path in files:
        for case in load_case_file(path):
            if case.id in seen:
                raise CaseFileError(f"{path}: case {case.id!r}: id already used in {seen[case.id]}")
            seen[case.id] = path
            cases.append(case)
    return cases


def _parse_case(path: Path, position: int, raw: Any) -> EvalCase:
    name = raw.get("id") if isinstance(raw, dict) else None
    where = f"{path}: case {name!r}" if name else f"{path}: case #{position}"
    try:
        return EvalCase.model_validate(raw)
    except ValidationError as error:
        problems = "; ".join(f"{'.'.join(map(str, e['loc'])) or 'case'}: {e['msg']}" for e in error.errors())
        raise CaseFileError(f"{where}: {problems}") from error


def _show(value: float, currency: str | None) -> str:
    number = f"{value:,.0f}" if value == int(value) else f"{value:,}"
    if currency == PERCENT:
        return f"{number}%"
    return f"{currency} {number}" if currency else number
