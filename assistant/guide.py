"""The typed shape of a parsed negotiation guide.

Everything downstream (chunking, the figure store, the answer engines, the API)
works on these models, never on raw markdown.
"""

from __future__ import annotations

from datetime import date
from enum import StrEnum
from typing import Any

from pydantic import BaseModel, Field


class Component(StrEnum):
    """What part of the package a compensation figure describes."""

    base = "base"
    stock = "stock"
    bonus = "bonus"
    total = "total"
    pnl = "pnl"
    sign_on = "sign_on"
    other = "other"


class ProblemKind(StrEnum):
    """Machine-readable data-quality problems that `guides validate` reports."""

    unreadable = "unreadable"  # binary, empty, oversize, undecodable, broken YAML
    no_title = "no_title"
    no_compensation_table = "no_compensation_table"
    mixed_currency = "mixed_currency"
    low_above_high = "low_above_high"
    frontmatter_mismatch = "frontmatter_mismatch"
    stale = "stale"
    unparsed_cell = "unparsed_cell"
    unclean_cell = "unclean_cell"  # money that does not read cleanly ("£1,2,3K", "£-5K"): no figure, never a guess
    unrecognised_table = "unrecognised_table"  # money in a table whose rows and columns can't be told apart
    company_mismatch = "company_mismatch"  # the title's company is not the folder's
    role_mismatch = "role_mismatch"  # the title's role is not the file name's
    not_a_guide = "not_a_guide"  # a document in the corpus that is not a guide: skipped
    instruction_text = "instruction_text"  # prose addressing the assistant or telling it what to say: never quoted
    foreign_pay = "foreign_pay"  # prose stating another company's pay as fact: never quoted
    duplicate = "duplicate"  # another guide claims the same company and role, and wins (ingest/claims.py): not indexed


# Problems that make a guide unusable: it cannot be indexed at all.
UNUSABLE_KINDS = frozenset({ProblemKind.unreadable, ProblemKind.duplicate})


class Problem(BaseModel):
    guide_id: str
    kind: ProblemKind
    message: str
    line: int | None = None
    place_keys: list[str] = Field(default_factory=list, description="For a problem in one cell: the places it names")
    component: Component | None = Field(None, description="For a problem in one cell: the component it holds")

    @property
    def unusable(self) -> bool:
        return self.kind in UNUSABLE_KINDS


class Money(BaseModel):
    """A range of money as one currency writes it, in whole units (not thousands)."""

    currency: str = Field(description="ISO 4217 code, e.g. GBP")
    low: int
    high: int | None = None


class Figure(BaseModel):
    """One compensation cell: a typed, exact, traceable benchmark figure."""

    guide_id: str
    region: str = Field(description="The place label as written, without markdown, emoji or currency codes")
    region_key: str = Field(description="Key of the main place it names, e.g. 'london', 'new-york'")
    place_keys: list[str] = Field(default_factory=list, description="Every place the label names, e.g. for "
                                  "'London / Amsterdam' or 'Dallas TX' ('dallas', 'dallas-tx')")  # fmt: skip
    level: str | None = None
    component: Component
    header: str = Field(description="The column header as written (for component rows, the row's label)")
    currency: str | None = Field(None, description="ISO code of the primary range; None for a bare percentage")
    low: int | None = None
    high: int | None = None
    high_currency: str | None = Field(None, description="Set only when the range mixes currencies")
    open_ended: bool = False
    period: str | None = Field(None, description="'/yr' or '/mo' when the cell says so")

    @property
    def monthly(self) -> bool:
        """A month's pay: shown as written, never used for asks or differences beside yearly bands."""
        return self.period == "/mo"

    @property
    def comparable(self) -> bool:
        """A band with a top in one currency, paid, and yearly: one a difference may be computed from."""
        return self.high is not None and not self.not_paid and not self.mixed_currency and not self.monthly

    bonus_pct_low: float | None = Field(
        None, description="A percentage the cell gives: a bonus target, an equity share"
    )
    bonus_pct_high: float | None = None
    secondary: Money | None = Field(None, description="The second currency the cell gives, e.g. USD")
    note: str | None = None
    not_paid: bool = Field(False, description="The cell says the component is not paid there ('None', 'N/A', '—')")
    source_text: str = Field(description="The cell exactly as written")
    line: int = Field(description="1-based line of the table row in the guide file")
    section: str = Field(description="Heading path of the section holding the table")
    layout: str = Field("", description="How the table is laid out: region_rows, level_rows, component_rows, ...")

    def names_place(self, key: str) -> bool:
        return key in self.place_keys or key == self.region_key

    @property
    def keys(self) -> list[str]:
        """The places the label stands for: every place it names ('London / Amsterdam'), else its main one."""
        return self.place_keys or [self.region_key]

    @property
    def mixed_currency(self) -> bool:
        return self.high_currency is not None and self.high_currency != self.currency


class Section(BaseModel):
    heading: str
    heading_path: list[str]
    start_line: int
    end_line: int
    text: str = Field(description="The section's lines, with sentences the guide may never have quoted as '[…]'")

    @property
    def path_label(self) -> str:
        return " > ".join(self.heading_path)


class Table(BaseModel):
    header: list[str]
    rows: list[list[str]]
    start_line: int
    end_line: int
    section: str
    layout: str | None = Field(None, description="How its money is laid out; None for a table without pay figures")

    @property
    def is_compensation(self) -> bool:
        return self.layout is not None


class FrontMatter(BaseModel):
    """Optional YAML metadata some guides carry; unknown keys are kept."""

    company: str | None = None
    company_display: str | None = None
    role: str | None = None
    role_display: str | None = None
    last_updated: date | None = None
    data_quality: str | None = None
    salary_data_quarter: str | None = None
    next_review_due: date | None = None
    compensation: list[dict[str, Any]] = Field(default_factory=list)
    extra: dict[str, Any] = Field(default_factory=dict)


class Guide(BaseModel):
    id: str = Field(description="Path under the corpus root without .md, e.g. jane-street/ml-ai-engineer")
    path: str
    content_hash: str
    company: str
    company_slug: str
    company_aliases: list[str] = Field(default_factory=list, description="Other names: a parent company, a ticker")
    ordinary_name_words: list[str] = Field(
        default_factory=list, description="Words of the company's names that are ordinary English ('compass')"
    )
    role: str
    role_slug: str
    title: str
    front_matter: FrontMatter | None = None
    sections: list[Section]
    tables: list[Table]
    figures: list[Figure]
    problems: list[Problem] = Field(default_factory=list)
    withheld: dict[int, list[str]] = Field(default_factory=dict, description="Line -> sentences never quoted")
    line_count: int

    @property
    def regions(self) -> list[str]:
        return list(dict.fromkeys(f.region for f in self.figures))

    @property
    def currencies(self) -> list[str]:
        found: list[str] = []
        for fig in self.figures:
            for code in (fig.currency, fig.high_currency, fig.secondary.currency if fig.secondary else None):
                if code and code not in found:
                    found.append(code)
        return found

    @property
    def last_updated(self) -> date | None:
        return self.front_matter.last_updated if self.front_matter else None

    def section_at(self, line: int) -> Section | None:
        """The innermost section whose span holds the line."""
        holding = [s for s in self.sections if s.start_line <= line <= s.end_line]
        return max(holding, key=lambda s: s.start_line, default=None)


class GuideNames(BaseModel):
    """What planning a question needs of a guide: its names and its place labels, not its figures or text.
    The catalog reads these alone, so a vocabulary over 50,000 guides is built without loading any guide."""

    company: str
    company_slug: str
    company_aliases: list[str] = Field(default_factory=list)
    ordinary_name_words: list[str] = Field(default_factory=list)
    role: str
    role_slug: str
    labels: list[tuple[str, list[str]]] = Field(default_factory=list, description="(place label, its place keys)")

    @classmethod
    def of(cls, guide: Guide) -> GuideNames:
        labels = dict.fromkeys((f.region, tuple(f.keys)) for f in guide.figures)
        return cls(company=guide.company, company_slug=guide.company_slug, company_aliases=guide.company_aliases,
                   ordinary_name_words=guide.ordinary_name_words,
                   role=guide.role, role_slug=guide.role_slug,
                   labels=[(region, list(keys)) for region, keys in labels])  # fmt: skip
