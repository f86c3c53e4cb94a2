"""Table questions about the corpus twin, asked formally and as people type them, each tagged with the kinds
of name it exercises.

The company, role and place in a question come from the guide itself (benchmarks/twin.py), never from the
product. The name kinds are decided by rules over the twin, so a corpus with new names is tagged the same
way:
- ordinary word: a word of the company's name is a common English word ("Compass", "Target", "Box");
- role word: a word of the company's name is a word of some role title ("C3.ai", "Elastic Security");
- place word: the company's name holds a place label of the corpus ("Palo Alto Networks");
- product line: the company's base name is another folder's company too (Elastic and Elastic Security);
- symbol: the name holds '&', '.' or a digit ("AT&T", "Bill.com");
- collision: the question holds another company's one-word name or ticker outside the asked names
  ("comp" beside Compass's COMP, "security" beside Elastic Security, "Palo Alto" beside Palo Alto Networks).
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass

from benchmarks.twin import TwinCell, TwinGuide

FORMAL = [
    "What is the {component} range for {a_role} at {company} in {place}?",
    "How much {component} does {company} pay {a_role} in {place}?",
    "What's the {component} for {a_role} at {company} in {place}?",
    "{company} {role} {place} {component} range",
]
FORMAL_NO_PLACE = ["What is the {component} range for {a_role} at {company}?"]
FORMAL_LEVEL = [
    "What's the {level} {component} for {a_role} at {company} in {place}?",
    "{company} {role}, {level}: {component} in {place}?",
]
FORMAL_LEVEL_NO_PLACE = ["What's the {level} {component} for {a_role} at {company}?"]
TYPED = [
    "{role} {company} {place} {component}",
    "{role} at {company}, {place} - {component}?",
    "{company} {role} {component} {place}",
    "{company} {role} {component} in {place}?",
    "how much {component} does {company} pay {role} in {place}",
]
TYPED_LEVEL = ["{company} {level} {role} {component} {place}", "{level} {role} at {company} {place} {component}"]
COMPONENT_WORDS = {"base": ["base salary", "base pay"], "total": ["total comp", "total compensation"]}
TYPED_COMPONENT = {"base": ["base", "base salary", "salary"], "total": ["total comp", "tc", "total compensation"]}
# How people type the common roles (role titles are the corpus's; these are ordinary abbreviations).
TYPED_ROLES = {
    "software engineer": ["swe", "software engineer", "sde", "sofware engineer"],
    "senior software engineer": ["senior swe", "sr swe", "senior software engineer"],
    "staff software engineer": ["staff swe", "staff engineer", "staff software engineer"],
    "ml/ai engineer": ["ml engineer", "ml/ai engineer", "ai engineer", "mle", "ml / ai engineer"],
    "ml / ai engineer": ["ml engineer", "ml/ai engineer", "ai engineer"],
    "product manager": ["pm", "product manager"],
    "data scientist": ["data scientist", "ds"],
    "data engineer": ["data engineer", "data eng"],
    "engineering manager": ["em", "eng manager", "engineering manager"],
    "technical program manager": ["tpm", "technical program manager"],
    "security engineer": ["security engineer", "security eng"],
    "solutions architect": ["solutions architect"],
    "devops engineer": ["devops engineer", "devops"],
    "product designer": ["product designer", "designer"],
}
TYPED_PLACES = {
    "new york": ["nyc", "new york", "ny"], "new york city": ["nyc", "new york"],
    "san francisco": ["sf", "san francisco"],
    "bay area": ["bay area", "sf bay area"], "london": ["london", "ldn"], "los angeles": ["la", "los angeles"],
    "remote us": ["remote us", "us remote"], "washington dc": ["dc"], "seattle": ["seattle", "sea"],
}  # fmt: skip


@dataclass(frozen=True)
class TwinQuestion:
    text: str
    guide: TwinGuide
    cell: TwinCell
    style: str  # formal_person, formal_label, typed
    kinds: tuple[str, ...]


class NameKinds:
    """The rules above, over the whole twin."""

    def __init__(self, guides: list[TwinGuide]) -> None:
        from wordfreq import zipf_frequency

        self._common = lambda word: zipf_frequency(word, "en") >= 3.0
        self.role_words = {w for g in guides for w in _words(g.role)}
        self.labels = {c.place.lower() for g in guides for c in g.cells if c.place}
        folders = {g.folder for g in guides}
        names = {g.company.lower() for g in guides}
        # Another folder's guides carry this guide's name (Brex / Brex AI both titled "Brex"), or its name is
        # another company's name and more ("Hugging Face Enterprise").
        self.shared_name = {g.folder for g in guides if slug(g.company) in folders - {g.folder}}
        self.product_lines = self.shared_name | {
            g.folder for g in guides if any(g.company.lower().startswith(n + " ") for n in names)
        }
        self.one_word = {w for g in guides for w in [g.company.lower()] if " " not in w}
        self.one_word |= {g.ticker.lower() for g in guides if g.ticker}

    def of(self, guide: TwinGuide, name: str, question: str) -> tuple[str, ...]:
        kinds = []
        words = _words(name)
        if any(self._common(w) for w in words if len(w) > 2):
            kinds.append("ordinary word")
        if any(w in self.role_words for w in words):
            kinds.append("role word")
        if any(label in name.lower() for label in self.labels if len(label) > 3):
            kinds.append("place word")
        if guide.folder in self.product_lines:
            kinds.append("product line")
        if re.search(r"[&.\d]", name):
            kinds.append("symbol")
        own = set(words) | set(_words(guide.role))
        others = [w for w in re.findall(r"[a-z0-9&.]+", question.lower()) if w not in own]
        if any(w in self.one_word for w in others):
            kinds.append("collision")
        return tuple(kinds) or ("plain",)


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def _words(text: str) -> list[str]:
    return re.findall(r"[a-z0-9]+", text.lower())


def asked_company(guide: TwinGuide, kinds: NameKinds) -> str:
    """The name a person asks by: a product line's full name ("Elastic Security", "Brex AI"), else the title's."""
    if guide.folder not in kinds.shared_name:
        return guide.company
    inner = re.search(r"\(([^)]+)\)", guide.company_full)
    if inner:
        return f"{guide.company} {inner.group(1)}"
    extra = guide.folder.removeprefix(slug(guide.company) + "-").split("-")
    return " ".join([guide.company, *(w.upper() if len(w) <= 2 else w.title() for w in extra)])


def sample_cells(guides: list[TwinGuide], count: int, rng: random.Random) -> list[TwinCell]:
    """Cells spread over layouts: each layout gets its share, at least a fifth of the sample when it has that many."""
    by_layout: dict[str, list[TwinCell]] = {}
    for guide in guides:
        for cell in guide.cells:
            by_layout.setdefault(cell.layout, []).append(cell)
    total = sum(len(cells) for cells in by_layout.values())
    chosen: list[TwinCell] = []
    for cells in by_layout.values():
        share = max(round(count * len(cells) / total), count // 5)
        chosen += rng.sample(cells, min(share, len(cells)))
    return chosen


def person_place(label: str) -> str:
    """How a person names a labelled place: 'New York (HQ)' -> 'New York', 'Bay Area / San Francisco' -> 'Bay Area',
    'Seattle WA' stays (a state is part of how people say it)."""
    place = re.sub(r"\s*\([^)]*\)|:[a-z]{2}:", "", label).strip()  # ":us: New York": a flag's short code
    return re.split(r"\s*/\s*", place)[0].strip() or label


def _a(role: str) -> str:
    return f"{'an' if role[:1].upper() in 'AEIOU' else 'a'} {role}"


def formal_questions(guide: TwinGuide, cell: TwinCell, kinds: NameKinds, rng: random.Random) -> list[TwinQuestion]:
    company = asked_company(guide, kinds)
    role = guide.role.replace(" | ", " ")
    component = rng.choice(COMPONENT_WORDS[cell.component])
    places = {person_place(cell.place): "formal_person", cell.place: "formal_label"} if cell.place else {"": "formal"}
    questions = []
    for place, style in places.items():
        if cell.level:
            templates = FORMAL_LEVEL if place else FORMAL_LEVEL_NO_PLACE
        else:
            templates = FORMAL if place else FORMAL_NO_PLACE
        text = rng.choice(templates).format(component=component, a_role=_a(role), role=role, company=company,
                                            place=place, level=cell.level)  # fmt: skip
        questions.append(TwinQuestion(text, guide, cell, style, kinds.of(guide, company, text)))
    return questions


def typed_question(guide: TwinGuide, cell: TwinCell, kinds: NameKinds, rng: random.Random) -> TwinQuestion:
    company = _typed_company(guide, kinds, rng)
    plain = re.sub(r"\s*\([^)]*\)", "", guide.role).lower().replace(" | ", " ")  # "(SIGNATURE ROLE)" is no one's word
    role = rng.choice(TYPED_ROLES.get(plain, [plain]))
    component = rng.choice(TYPED_COMPONENT[cell.component])
    person = person_place(cell.place).lower() if cell.place else ""
    place = rng.choice(TYPED_PLACES.get(person, [person]))
    if cell.level:
        level = re.sub(r"\s*\(([^)]*)\)", r" \1", cell.level).lower()
        text = rng.choice(TYPED_LEVEL).format(company=company, level=level, role=role, component=component, place=place)
    else:
        text = rng.choice(TYPED).format(company=company, role=role, component=component, place=place)
    text = re.sub(r"\s+", " ", text.replace(" in ?", "?").replace(", -", " -")).strip()
    return TwinQuestion(text, guide, cell, "typed", kinds.of(guide, asked_company(guide, kinds), text))


def _typed_company(guide: TwinGuide, kinds: NameKinds, rng: random.Random) -> str:
    """Lower case; sometimes the ticker (where it is no common word) or one letter dropped from a long name."""
    name = asked_company(guide, kinds).lower()
    roll = rng.random()
    if roll < 0.15 and guide.ticker and not kinds._common(guide.ticker.lower()) and len(guide.ticker) >= 3:
        return guide.ticker.lower()
    if roll > 0.9 and len(name) >= 8 and name.replace(" ", "").isalpha():
        cut = rng.randrange(2, len(name) - 2)
        if name[cut] != " " and name[cut - 1] != " ":
            return name[:cut] + name[cut + 1 :]
    return name
