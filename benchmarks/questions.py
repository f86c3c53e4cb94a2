"""Table questions about generated guides, asked formally and as people type them.

Each `Question` names the cell whose exact range the answer must show. Formal questions name the
company, role and place in full (the place as a person says it, or as the label writes it); typed
questions use lower case, abbreviations, short names and tickers, place shortcuts, level words,
and no question mark, after the examples measured on the real corpus.
"""

from __future__ import annotations

import random
from dataclasses import dataclass

from benchmarks.corpus import GeneratedGuide
from benchmarks.corpus.guide import PlacedCell
from benchmarks.corpus.vocab import LEVEL_SETS, PLACES, ROLES

COMPONENT_WORDS = {"base": ["base salary", "base pay", "base"], "total": ["total comp", "total compensation"]}
TYPED_COMPONENT = {"base": ["base", "base salary", "salary"], "total": ["total comp", "tc", "total compensation"]}
FORMAL = [
    "What's the {component} for {a_role} at {company} in {place}?",
    "How much {component} does {company} pay {a_role} in {place}?",
    "{company} {role} {place} {component} range",
    "In {place}, what {component} can {a_role} expect at {company}?",
]
FORMAL_LEVEL = [
    "What's the {level} total comp for {a_role} at {company} in {place}?",
    "{company} {role}, {level}: total compensation in {place}?",
]
TYPED = [
    "{role} {company} {place} {component}",
    "{role} at {company}, {place} - {component}?",
    "{company} {role} {component} {place}",
    "{role} at {company}, {place}",
    "{company} {role} {component} in {place}?",
]
TYPED_LEVEL = [
    "{company} {level} {role} {component} {place}",
    "{level} {role} at {company}, {place} - {component}?",
    "{company} {level} {role} {component} in {place}?",
]
LEVEL_TYPED = {level.label: level.typed for levels in LEVEL_SETS for level in levels}
PLACE_TYPED = {place.name: place.typed for place in PLACES}


@dataclass(frozen=True)
class Question:
    text: str
    guide: GeneratedGuide
    cell: PlacedCell
    style: str  # "formal_person", "formal_label", "typed"


def sample_cells(
    guides: list[GeneratedGuide], count: int, rng: random.Random
) -> list[tuple[GeneratedGuide, PlacedCell]]:
    """Base and total cells stating a clean range, spread over layouts (each layout gets its share, at least
    a fifth of the sample when it has that many cells)."""
    by_layout: dict[str, list[tuple[GeneratedGuide, PlacedCell]]] = {}
    for guide in guides:
        for placed in guide.cells:
            truth = placed.truth
            if truth.component in ("base", "total") and truth.cell.states_money:
                by_layout.setdefault(truth.layout, []).append((guide, placed))
    total = sum(len(cells) for cells in by_layout.values())
    chosen: list[tuple[GeneratedGuide, PlacedCell]] = []
    for cells in by_layout.values():
        share = max(round(count * len(cells) / total), count // 5)
        chosen += rng.sample(cells, min(share, len(cells)))
    return chosen


def formal_questions(guide: GeneratedGuide, placed: PlacedCell, rng: random.Random) -> list[Question]:
    truth = placed.truth
    role = guide.role.name.replace(" | ", " ")
    company = guide.company.name.split(" (")[0]
    person = rng.choice(truth.label.ask_names)
    asked = {person: "formal_person", truth.label.as_written: "formal_label"}  # one question when they agree
    questions = []
    for place, style in asked.items():
        if truth.level:
            template = rng.choice(FORMAL_LEVEL)
            text = template.format(level=truth.level, role=role, a_role=_a(role), company=company, place=place)
        else:
            component = rng.choice(COMPONENT_WORDS[truth.component])
            text = rng.choice(FORMAL).format(
                component=component, role=role, a_role=_a(role), company=company, place=place
            )
        questions.append(Question(text, guide, placed, style))
    return questions


def _a(role: str) -> str:
    return f"{'an' if role[0] in 'AEIOU' else 'a'} {role}"


def typed_question(guide: GeneratedGuide, placed: PlacedCell, rng: random.Random, siblings: set[str]) -> Question:
    """`siblings`: the seniority words of the company's level guides (e.g. "senior"), which a level word must
    not use for a level row, since they name that other guide."""
    truth = placed.truth
    company = rng.choice(guide.company.typed)
    role = rng.choice(guide.role.typed)
    name = rng.choice(truth.label.ask_names)
    place = rng.choice([*PLACE_TYPED.get(name, ()), name.lower()])
    component = rng.choice(TYPED_COMPONENT[truth.component])
    if truth.level:
        words = [word for word in LEVEL_TYPED.get(truth.level, ()) if word.rstrip(".") not in siblings]
        level = rng.choice(words or [truth.level.lower()])
        text = rng.choice(TYPED_LEVEL).format(company=company, level=level, role=role, component=component, place=place)
    else:
        text = rng.choice(TYPED).format(company=company, role=role, component=component, place=place)
    return Question(text, guide, placed, "typed")


def sibling_levels(guides: list[GeneratedGuide]) -> dict[str, set[str]]:
    """Company slug -> seniority words its level guides own ("senior" when it has a Senior Software Engineer)."""
    seniorities = {role.name: role.seniority for role in ROLES if role.seniority}
    owned: dict[str, set[str]] = {}
    for guide in guides:
        if guide.role.name in seniorities:
            word = seniorities[guide.role.name] or ""
            owned.setdefault(guide.company.slug, set()).update({word, "sr" if word == "senior" else word})
    return owned
