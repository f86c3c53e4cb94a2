"""Stage 4: the evidence for one planned question, common to every kind of question.

Which guides answer (the plan's companies and roles, or the one choice to offer back), their figures from an
exact catalog look-up, and passages from the hybrid retriever. What only one kind of question needs (the
guide's strategy, advice sentences, levers, level mappings, dates) its handler adds through `EvidenceNeeds`
(answer/handlers/), with the helpers below.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from itertools import zip_longest
from typing import ClassVar, Protocol

from assistant.evidence import Evidence, Passage, figure_row_passage, source_lines
from assistant.guide import Component, Figure, Guide, ProblemKind
from assistant.places import matching
from assistant.response import Intent, QuestionPlan
from assistant.retrieve.advice import Sentence, prose_sentences, ranked, strategy_sentences, without_names
from assistant.retrieve.choices import MAX_COMPANIES_WITHOUT_ASKING, Clarification, clarification, closest_companies
from assistant.retrieve.retriever import IndexReader, ScoredChunk
from assistant.vocabulary.components import is_pay_word, patterns_for
from assistant.vocabulary.levels import level_tokens
from assistant.vocabulary.names import Vocabulary

MAX_TEXT_PASSAGES = 3
MAX_ADVICE_SENTENCES = 3
_FRONT_MATTER_DATES = re.compile(r"^(last_updated|salary_data_quarter|next_review_due|data_quality):")


@dataclass
class Gathered:
    evidence: Evidence
    targets: list[Guide]
    retrieved_guides: list[str]
    missing_regions: dict[str, list[str]] = field(default_factory=dict)  # guide id -> place keys it lacks
    unmatched_levels: dict[str, list[str]] = field(default_factory=dict)  # guide id -> its level labels
    unreadable_cells: dict[str, list[str]] = field(default_factory=dict)  # guide id -> "London Base Salary", ...
    role_missing: bool = False
    clarify: Clarification | None = None  # several guides (or none) fit: the answer asks which
    strategy: dict[str, list[Passage]] = field(default_factory=dict)  # guide id -> its strategy, sentence by sentence
    advice: dict[str, list[Passage]] = field(default_factory=dict)  # guide id -> its sentences that answer best
    closest_companies: list[str] = field(default_factory=list)  # for a company the guides don't cover
    companies_covered: int = 0
    vocabulary: Vocabulary | None = None  # the index's names, for the verifier to read an answer's claims by


class EvidenceNeeds(Protocol):
    """What a kind of question asks of the evidence (a handler of answer/handlers/ is one)."""

    retrieves: ClassVar[bool]  # passages from the hybrid retriever

    def wants_figures(self, plan: QuestionPlan) -> bool: ...

    def add_evidence(self, found: GuideEvidence) -> None: ...


@dataclass
class GuideEvidence:
    """One target guide while its evidence is gathered: what a handler reads and adds to."""

    gathered: Gathered
    guide: Guide
    lines: list[str]
    question: str
    plan: QuestionPlan
    reader: IndexReader
    dense: bool = True  # rank by meaning (the embedding model); False: by the question's words alone


def gather(
    reader: IndexReader, question: str, plan: QuestionPlan, needs: EvidenceNeeds, k: int = 8, dense: bool = True
) -> Gathered:
    """dense: passages and advice sentences ranked by meaning too; False ranks by keywords and never loads the model."""
    asked = clarification(reader.vocabulary, plan)
    target_ids, role_missing = ([], False) if asked else _target_guides(reader, plan)
    searching = not asked and needs.retrieves
    # With the guides named, their own evidence comes first and the passage search after: a first question's
    # search may wait for the vector store to open (retrieve/meaning.py), which then overlaps ranking sentences.
    passages = _retrieve(reader, question, target_ids, k, dense) if searching and not target_ids else None
    if passages and not target_ids and not asked and _has_topic(plan):
        target_ids = [passages[0].chunk.guide_id]  # no company named, but a topic: trust the best passage's guide
    gathered = Gathered(Evidence(), [], [], role_missing=role_missing, clarify=asked, vocabulary=reader.vocabulary)
    if plan.unknown_companies:
        gathered.closest_companies = closest_companies(reader.vocabulary, plan.unknown_companies[0])
        gathered.companies_covered = len(reader.vocabulary.company_names)
    for guide_id in target_ids:
        guide = reader.catalog.guide(guide_id)
        if guide is None:
            continue
        gathered.targets.append(guide)
        gathered.evidence.guides[guide.id] = guide
        lines = source_lines(reader.catalog.source(guide_id) or "")
        found = GuideEvidence(gathered, guide, lines, question, plan, reader, dense)
        if needs.wants_figures(plan) and not guide.figures:
            add_advice(found, FIGURELESS_ADVICE)  # a guide without a pay table answers with its advice instead
            continue
        if needs.wants_figures(plan):
            _add_figures(gathered, guide, lines, plan)
        needs.add_evidence(found)
    if passages is None:
        passages = _retrieve(reader, question, target_ids, k, dense) if searching else []
    gathered.retrieved_guides = list(dict.fromkeys(scored.chunk.guide_id for scored in passages))
    for chunk in (scored.chunk for scored in passages):
        guide = gathered.evidence.guides.get(chunk.guide_id)
        if guide is not None and sum(p.kind == "text" for p in gathered.evidence.passages) < MAX_TEXT_PASSAGES:
            in_span = [f for f in guide.figures if chunk.start_line <= f.line <= chunk.end_line]
            gathered.evidence.add(guide, chunk.section, chunk.start_line, chunk.end_line, chunk.text, "text", in_span)
    return gathered


def _retrieve(reader: IndexReader, question: str, target_ids: list[str], k: int, dense: bool) -> list[ScoredChunk]:
    """Search the named guides; with several, each gets its share so none is crowded out."""
    if k <= 0:
        return []  # retrieval switched off (evals do this to prove the thresholds bite)
    if len(target_ids) <= 1:
        return reader.search(question, k, dense, target_ids or None)
    share = max(2, k // len(target_ids))
    per_guide = [reader.search(question, share, dense, [guide_id]) for guide_id in target_ids]
    return [scored for rank in zip_longest(*per_guide) for scored in rank if scored is not None]


def _target_guides(reader: IndexReader, plan: QuestionPlan) -> tuple[list[str], bool]:
    if plan.companies:
        ids = reader.guide_ids_for(plan.companies, plan.roles)
        if plan.unknown_roles and not plan.roles:
            return ids, True  # a role no guide covers: the company's guides are named in the refusal
        if ids or not plan.roles:
            return ids, False
        return reader.guide_ids_for(plan.companies, []), True
    if plan.roles or _has_topic(plan):
        # No company named: answer across the matching guides when they are few enough to list.
        ids = reader.guide_ids_for([], plan.roles)
        return (ids if len(ids) <= MAX_COMPANIES_WITHOUT_ASKING else []), False
    return [], False


def _has_topic(plan: QuestionPlan) -> bool:
    """Something to answer about even without a company: a place, a pay component or a clear intent.
    Without any ("hi"), the nearest passage would be a guess, so nothing is targeted."""
    if plan.unknown_companies or plan.roles:
        return False
    return bool(plan.regions or plan.components or plan.intent != Intent.lookup)


def wanted_components(plan: QuestionPlan) -> list[Component]:
    if plan.components:
        return plan.components
    if plan.intent == Intent.compare:
        return [Component.total]
    return []  # every component


def _add_figures(gathered: Gathered, guide: Guide, lines: list[str], plan: QuestionPlan) -> None:
    in_place, missing = figures_in_places(guide.figures, plan.regions)
    if missing:
        gathered.missing_regions[guide.id] = missing
    components = wanted_components(plan)
    chosen = [figure for figure in in_place if not components or figure.component in components]
    unread = _unclean_cells(guide, plan.regions, components)
    if unread:
        gathered.unreadable_cells[guide.id] = unread
    chosen = _at_levels(gathered, guide, chosen, plan.levels)
    if plan.regions and not chosen and missing == plan.regions:
        return
    rows: dict[int, list[Figure]] = {}
    for figure in chosen:
        rows.setdefault(figure.line, []).append(figure)
    for row in rows.values():
        figure_row_passage(gathered.evidence, guide, lines, row)


def figures_in_places(figures: list[Figure], regions: list[str]) -> tuple[list[Figure], list[str]]:
    """The figures whose place label a person asking for these places means, and the places none has."""
    if not regions:
        return figures, []
    keys = [figure.keys for figure in figures]
    found: set[int] = set()
    missing = []
    for region in regions:
        hits = matching(region, keys)
        found.update(hits)
        if not hits:
            missing.append(region)
    return [figure for index, figure in enumerate(figures) if index in found], missing


def _unclean_cells(guide: Guide, regions: list[str], components: list[Component]) -> list[str]:
    """Which cells of the asked places and components do not read as money ("London Base Salary")."""
    problems = [p for p in guide.problems if p.kind == ProblemKind.unclean_cell and p.place_keys]
    if regions:
        hits = {i for region in regions for i in matching(region, [p.place_keys for p in problems])}
        problems = [p for i, p in enumerate(problems) if i in hits]
    return [p.message.split(":")[0] for p in problems if not components or p.component in components]


def _at_levels(gathered: Gathered, guide: Guide, figures: list[Figure], levels: list[str]) -> list[Figure]:
    """The rows of the asked level; all rows, with a note, when the guide has no such level (or no levels)."""
    if not levels:
        return figures
    wanted = set(levels)
    at_level = [figure for figure in figures if figure.level and level_tokens(figure.level) & wanted]
    if at_level:
        return at_level
    gathered.unmatched_levels[guide.id] = list(dict.fromkeys(f.level for f in guide.figures if f.level))
    return figures


def add_strategy(found: GuideEvidence) -> None:
    """The guide's Negotiate Up Strategy, sentence by sentence: its anchors, targets and walk-away points."""
    found.gathered.strategy[found.guide.id] = [
        _sentence_passage(found.gathered.evidence, found.guide, s) for s in strategy_sentences(found.guide)
    ]


FIGURELESS_ADVICE = 3  # sentences of advice shown for a guide that has no compensation table


def add_advice(found: GuideEvidence, k: int, only: list[re.Pattern[str]] | None = None,
               also: list[re.Pattern[str]] | None = None) -> None:  # fmt: skip
    """The guide's k sentences that best answer the question (ranked by meaning); with `only`, among those that
    say one of those words ("derivatives-native"), and with `also` one of those too (the component asked)."""
    sentences = prose_sentences(found.guide)
    for words in (only, also):
        if words:
            sentences = [s for s in sentences if any(pattern.search(s.text) for pattern in words)]
    embeddings = found.reader.embeddings if found.dense else None  # None: by the question's words alone
    best = ranked(without_names(found.question, found.guide), sentences, embeddings, k=k)
    found.gathered.advice[found.guide.id] = [_sentence_passage(found.gathered.evidence, found.guide, s) for s in best]


def add_sections(found: GuideEvidence, heading: re.Pattern[str]) -> None:
    """Whole sections whose heading matches ("Global Levers"), quoted as the guide writes them."""
    for section in found.guide.sections:
        if heading.search(section.path_label) and len(section.text.splitlines()) > 1:
            found.gathered.evidence.add(found.guide, section.path_label, section.start_line, section.end_line,
                                        section.text, "text")  # fmt: skip


def add_level_tables(found: GuideEvidence) -> None:
    """The guide's tables that hold no pay: its level mappings."""
    for table in found.guide.tables:
        if not table.is_compensation:
            quote = "\n".join(found.lines[table.start_line - 1 : table.end_line])
            found.gathered.evidence.add(found.guide, table.section, table.start_line, table.end_line, quote, "text")


def add_front_matter_dates(found: GuideEvidence) -> None:
    dated = [(n, line) for n, line in enumerate(found.lines, 1) if _FRONT_MATTER_DATES.match(line)]
    if dated:
        quote = "\n".join(line for _, line in dated)
        found.gathered.evidence.add(found.guide, "Front matter", dated[0][0], dated[-1][0], quote, "text")


def _sentence_passage(evidence: Evidence, guide: Guide, sentence: Sentence) -> Passage:
    return evidence.add(guide, sentence.section, sentence.line, sentence.line, sentence.text, "advice")


_COMMON = frozenset(
    """what whats which when where does should could would about much many your their there this that with from
    have into guide guides salary salaries base bonus bonuses total comp compensation package range band pays paid
    earn make offer offers offered negotiate negotiation negotiating fair good able level levels role roles years
    engineer engineers manager managers ask asking expect expected typical large big size give gives giving point
    target targets targeting anchor anchoring accept accepting walk away aim""".split()  # noqa: SIM905
)


def beyond_the_table(question: str, guide: Guide, plan: QuestionPlan, vocabulary: Vocabulary | None
                     ) -> list[re.Pattern[str]]:  # fmt: skip
    """Words of the question the table can't answer ("premium", "refresher"), or a component it lacks ("sign-on"
    at a guide with no sign-on column): the guide's prose must answer them."""
    return words_beyond(question, guide, vocabulary) + patterns_for(missing_components(guide, plan))


def missing_components(guide: Guide, plan: QuestionPlan) -> set[Component]:
    """Components the question asks for that the guide's table has no figure of."""
    return set(plan.components) - {figure.component for figure in guide.figures}


def words_beyond(question: str, guide: Guide, vocabulary: Vocabulary | None) -> list[re.Pattern[str]]:
    """Words of the question that name nothing the table has ("premium", "derivatives-native", "refresher")."""
    names = {guide.company.lower(), guide.role.lower(), *(f.region.lower() for f in guide.figures),
             *(alias.lower() for alias in guide.company_aliases)}  # fmt: skip
    if vocabulary is not None and guide.role_slug in vocabulary.roles:  # "product designer" names a UX Designer
        names |= vocabulary.roles[guide.role_slug].words
    words = [w for w in re.findall(r"[a-z][a-z-]{3,}", question.lower())
             if w not in _COMMON and not is_pay_word(w) and not any(w in name for name in names)
             and (vocabulary is None or w not in vocabulary.places)]  # fmt: skip
    return [re.compile(rf"\b{re.escape(word)}", re.I) for word in words]
