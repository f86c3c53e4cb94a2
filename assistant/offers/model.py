"""The typed shape of an offer letter, as read: every field the letter states, and None for what it doesn't.

Nothing here is ever guessed. A letter that names no bonus has `bonus=None`; an equity grant given as a share
count with no price has `shares` and no `grant`; a grant that says "over four years" and nothing of how it
vests has `years=4` and `schedule=None`. Amounts keep their own currency and the words they were written in.
"""

from __future__ import annotations

from enum import StrEnum

from pydantic import BaseModel, Field


class LetterAmount(BaseModel):
    """An amount the letter states, in whole units of its own currency."""

    value: int
    currency: str = Field(description="ISO 4217 code, e.g. GBP")
    text: str = Field(description="As the letter writes it, e.g. £230,000")


class Bonus(BaseModel):
    """A bonus target: an amount, or a percentage of base (one of the two, as the letter states it)."""

    amount: LetterAmount | None = None
    percent: float | None = Field(None, description="Percent of base, e.g. 15.0")


class SignOn(BaseModel):
    amount: LetterAmount
    clawback_months: int | None = Field(None, description="Repayable if you leave within this many months")


class Schedule(StrEnum):
    even = "even"  # the same share each year
    stated = "stated"  # the letter gives each year's share: 5/15/40/40, 33/33/22/12


class Equity(BaseModel):
    grant: LetterAmount | None = Field(None, description="The grant's value; None when only a share count is given")
    shares: int | None = Field(None, description="A share, unit or option count the letter gives")
    instrument: str | None = Field(None, description="RSUs, options, shares, as written")
    years: int | None = None
    cliff_months: int | None = None
    schedule: Schedule | None = None
    yearly_percent: list[float] = Field(default_factory=list, description="Share of the grant vesting in each "
                                        "year, in percent, when the letter states them (5, 15, 40, 40)")  # fmt: skip

    def year_shares(self) -> list[float] | None:
        """Each year's vesting share in percent, from what the letter states; None when it doesn't say."""
        if self.schedule == Schedule.stated and self.yearly_percent:
            return list(self.yearly_percent)
        if self.schedule == Schedule.even and self.years:
            return [100 / self.years] * self.years
        return None


class Offer(BaseModel):
    """An offer letter, read. The names are as written; matching them to guides is the plan's work."""

    company: str | None = None
    role: str | None = None
    level: str | None = None
    place: str | None = None
    base: LetterAmount | None = None
    bonus: Bonus | None = None
    sign_on: SignOn | None = None
    equity: Equity | None = None
    relocation: LetterAmount | None = None
    unreadable: list[str] = Field(default_factory=list, description="Parts the letter names whose amount does not "
                                  "read cleanly (e.g. 'base'): never a figure")  # fmt: skip

    def unknown(self) -> list[str]:
        """The parts the letter does not state."""
        parts = {"company": self.company, "role": self.role, "level": self.level, "place": self.place,
                 "base": self.base, "bonus": self.bonus, "sign-on": self.sign_on, "equity": self.equity,
                 "relocation": self.relocation}  # fmt: skip
        return [name for name, value in parts.items() if value is None]

    def amounts(self) -> list[LetterAmount]:
        """Every amount the letter states: what the user's own figures may show."""
        found = [self.base, self.bonus.amount if self.bonus else None, self.sign_on.amount if self.sign_on else None,
                 self.equity.grant if self.equity else None, self.relocation]  # fmt: skip
        return [amount for amount in found if amount is not None]

    def percents(self) -> list[float]:
        """Every percentage the letter states (a bonus target, vesting shares)."""
        found = [self.bonus.percent] if self.bonus and self.bonus.percent is not None else []
        return found + (list(self.equity.yearly_percent) if self.equity else [])
