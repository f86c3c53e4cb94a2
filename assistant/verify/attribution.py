"""Attribution: a supported number must also be stated as what it is.

- A table figure must be stated for its own place and component: "New York base: £195K - £275K" citing the
  London row is refused even though the number is in the cited passage.
- A number from a guide's prose is that guide's advice: it may be shown only quoted (a blockquote) or
  labelled as advice, and never beside another company's name.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from assistant.evidence import Passage
from assistant.guide import Component, Figure
from assistant.places import matching, read_label
from assistant.response import DerivedFigure
from assistant.verify.mentions import Mention
from assistant.vocabulary import Vocabulary
from assistant.vocabulary.components import components_in

# Words that present a number as the guide's own words or advice rather than as a benchmark.
_ADVICE_LABEL = re.compile(
    r"\b(?:the guide|guide's|its guide|according to|advice|advises|recommend\w*|suggest\w*|strategy|anchor)\b",
    re.IGNORECASE,
)


@dataclass(frozen=True)
class AnswerContext:
    """What a line of an answer claims about: the places it names (the cited figures' labels, and with the
    index's vocabulary every place it knows) and, in an LLM's draft only, the companies it names by a full name or
    an exact alias token. The offline engine's lines are never read for company names: what each states is known."""

    labels: dict[str, frozenset[str]]  # a cited figure's place name, lower case -> the keys it stands for
    vocabulary: Vocabulary | None
    read_companies: bool = True
    # A line holding several figures is read once: (what was read, the line) -> the names found.
    _read: dict[tuple[str, str], set[str]] = field(default_factory=dict, compare=False, repr=False)

    @classmethod
    def of(cls, passages: dict[int, Passage], vocabulary: Vocabulary | None = None, read_companies: bool = True
           ) -> AnswerContext:  # fmt: skip
        labels: dict[str, set[str]] = {}
        for passage in passages.values():
            for figure in passage.figures:
                written = read_label(figure.region).written
                for name in {re.sub(r"\s*\(.*", "", written), *re.split(r"\s*/\s*", written)}:
                    if len(name) > 1:
                        labels.setdefault(name.lower(), set()).update(figure.keys)
        return cls({name: frozenset(keys) for name, keys in labels.items()}, vocabulary, read_companies)

    def places_named(self, line: str) -> set[str]:
        if ("places", line) not in self._read:
            named = {key for name, keys in self.labels.items() if _named(name, line) for key in keys}
            if self.vocabulary is not None:
                named |= self.vocabulary.places_in(line)
            self._read["places", line] = named
        return set(self._read["places", line])

    def companies_named(self, line: str, cited: set[str]) -> set[str]:
        """The company names a line writes (display names); `cited` are the cited passages' companies, read even
        without a vocabulary."""
        if not self.read_companies:
            return set()
        if ("companies", line) not in self._read:
            if self.vocabulary is not None:
                vocabulary = self.vocabulary
                named = {vocabulary.company_names.get(slug, slug) for slug in vocabulary.companies_written(line)}
            else:  # names as written, capitals and all: "target" in a sentence is no company
                named = {company for company in cited if re.search(rf"(?<!\w){re.escape(company)}(?!\w)", line)}
            self._read["companies", line] = named
        return set(self._read["companies", line])


def _named(name: str, line: str) -> bool:
    return re.search(rf"(?<!\w){re.escape(name)}(?!\w)", line, re.I) is not None


@dataclass(frozen=True)
class Claim:
    """Where a supported number belongs: its place (as labelled, and its keys) and its component."""

    region: str
    keys: list[str]
    component: Component | None


def table_problem(mention: Mention, figures: list[Figure], passage: Passage, context: AnswerContext) -> str | None:
    """The line's place and component, where it names them, must be the supporting figure's."""
    claims = [Claim(f.region, f.keys, f.component) for f in figures]
    return _claim_problem(mention, claims, context) or _company_problem(mention, passage.company, context)


def derived_attribution(
    mention: Mention, figure: DerivedFigure, passages: dict[int, Passage], context: AnswerContext
) -> str | None:
    """A derived figure is stated for the place and component of its inputs, and their company."""
    claims = [Claim(value.region or "", value.place_keys, value.component) for value in figure.inputs]
    companies = {passages[value.citation].company for value in figure.inputs if value.citation in passages}
    named = context.companies_named(mention.line, companies)
    if named and not named & companies:
        return f"{mention.text} is computed from {', '.join(sorted(companies))}'s figures, not another company's"
    return _claim_problem(mention, claims, context)


def _claim_problem(mention: Mention, claims: list[Claim], context: AnswerContext) -> str | None:
    named_places = context.places_named(mention.line)
    if named_places and not any(_at(claim.keys, named_places) for claim in claims):
        return f"{mention.text} is the figure for {claims[0].region}, not for the place the answer names"
    named = set(components_in(mention.line))
    if named and not any(c.component in named or c.component in (Component.other, None) for c in claims):
        component = claims[0].component.value if claims[0].component else "other"
        return f"{mention.text} is the {component} figure, not the component the answer names"
    return None


def _at(keys: list[str], places: set[str]) -> bool:
    """Whether a label with these keys is a place the line names ('London' finds `London / Amsterdam`)."""
    return any(matching(place, [keys]) for place in places)


def prose_problem(mention: Mention, passage: Passage, context: AnswerContext) -> str | None:
    """A number from prose: only as the guide's own quoted or labelled advice, about its own company."""
    if not (mention.quoted or _ADVICE_LABEL.search(mention.line)):
        return (f"{mention.text} comes from {passage.company}'s prose, so it may only be quoted as that guide's "
                "advice, not stated as a benchmark")  # fmt: skip
    return _company_problem(mention, passage.company, context)


def _company_problem(mention: Mention, company: str, context: AnswerContext) -> str | None:
    named = context.companies_named(mention.line, {company})
    if named and company not in named:
        return f"{mention.text} comes from {company}'s guide, not {', '.join(sorted(named))}'s"
    return None
