"""An invented benchmark corpus: thousands of guides in the shapes real guides take.

`write_corpus(out_dir, count, seed)` writes `<company-slug>/<role-slug>.md` files (6-10 KB each) spread
over the title, table, cell and heading shapes of shared/GUIDE_FORMATS.md in roughly its proportions,
and returns one `GeneratedGuide` per file with a figure its table is known to hold, for query
benchmarks. Companies, figures and prose are invented; the same seed writes the same bytes.

Run: python benchmarks/corpus.py OUT_DIR N
"""

from __future__ import annotations

import random
import re
import sys
import time
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

# Company names are a coined word (head + middle + tail) and a sector: see company_names().
HEADS = ["Vel", "Quor", "Bram", "Cal", "Dun", "Esk", "Fal", "Gor", "Hal", "Isk", "Jor", "Kel", "Lum", "Mor", "Nev",
         "Ost", "Pel", "Rav", "Sol", "Tam"]  # fmt: skip
TAILS = ["vane", "mere", "holt", "wick", "dale", "thorn", "brook", "crest", "field", "gate", "lund", "mark", "ridge",
         "stead", "ton", "vale", "wyn", "more"]  # fmt: skip
SECTORS = ["Labs", "Systems", "Capital", "Health", "Robotics", "Analytics", "Pay", "Networks", "Studios", "Bio",
           "Logistics", "Energy"]  # fmt: skip
ROLES = {  # role -> New York base salary midpoint, USD
    "Software Engineer": 185_000, "ML/AI Engineer": 215_000, "Data Scientist": 175_000, "Product Manager": 190_000,
    "Data Engineer": 170_000, "Site Reliability Engineer": 180_000, "Security Engineer": 185_000,
    "Frontend Engineer": 165_000, "Backend Engineer": 175_000, "Quantitative Researcher": 240_000,
    "Engineering Manager": 230_000, "Product Designer": 150_000, "Technical Program Manager": 175_000,
    "Solutions Architect": 165_000,
}  # fmt: skip


@dataclass(frozen=True)
class Place:
    key: str  # the region_key the parser should file it under
    labels: tuple[str, ...]  # ways guides write it
    currency: str
    symbol: str
    scale: float  # local pay per US$1 of New York pay
    style: str  # how amounts are written: "k" ($182K), "full" ($182,000) or "m" (HK$1.95M)


PLACES = [  # the first five are US places, one of which heads every table
    Place("new-york", ("New York", "New York City", "NYC"), "USD", "$", 1.0, "k"),
    Place("san-francisco", ("San Francisco", "Bay Area / San Francisco"), "USD", "$", 1.05, "k"),
    Place("seattle", ("Seattle",), "USD", "$", 0.95, "full"),
    Place("chicago", ("Chicago",), "USD", "$", 0.9, "k"),
    Place("remote-us", ("Remote US",), "USD", "$", 0.85, "k"),
    Place("london", ("London", "London, UK"), "GBP", "£", 0.62, "k"),
    Place("dublin", ("Dublin", "Dublin, Ireland"), "EUR", "€", 0.58, "full"),
    Place("berlin", ("Berlin", "Berlin, Germany"), "EUR", "€", 0.55, "k"),
    Place("bangalore", ("Bangalore",), "INR", "₹", 18.0, "full"),
    Place("singapore", ("Singapore",), "SGD", "S$", 0.95, "k"),
    Place("toronto", ("Toronto",), "CAD", "C$", 0.9, "k"),
    Place("sao-paulo", ("São Paulo",), "BRL", "R$", 1.4, "k"),
    Place("sydney", ("Sydney", "Sydney, Australia"), "AUD", "A$", 1.05, "k"),
    Place("hong-kong", ("Hong Kong",), "HKD", "HK$", 6.5, "m"),
    Place("tokyo", ("Tokyo",), "JPY", "¥", 95.0, "m"),
    Place("stockholm", ("Stockholm",), "SEK", "kr", 5.5, "k"),
    Place("taipei", ("Taipei",), "TWD", "NT$", 14.0, "m"),
    Place("tel-aviv", ("Tel Aviv",), "ILS", "₪", 2.4, "k"),
]
USD_PER_UNIT = {"GBP": 1.26, "EUR": 1.08, "HKD": 0.128}  # currencies guides also give in dollars
# Weighted shapes, after the counts in GUIDE_FORMATS.md.
TITLES = {"pipe": 85, "dash": 13, "hash": 1, "extra_pipe": 0.5, "bold": 0.5}
TITLE_FORMS = {
    "pipe": "### {role} | {company} Global Negotiation Guide",
    "dash": "### {role} — {company} Salary Negotiation Guide",
    "hash": "# {role} | {company} Global Negotiation Guide",
    "extra_pipe": "### {role} | {company} | Global Negotiation Guide",
    "bold": "### **{role}** | **{company}** Global Negotiation Guide",
}
TABLES = {"rsu": 52, "equity": 15, "no_bonus": 4, "no_equity": 2, "pnl": 1, "one_off": 12, "level_location": 13,
          "none": 1}  # fmt: skip
EQUITY_HEADERS = {"rsu": ["Stock (RSU/4yr)"], "no_bonus": ["Options (4yr)", "RSU (4yr)"],
                  "equity": ["Stock (Options/4yr)", "Equity (Pre-IPO/4yr)", "Stock (Equity/4yr)"],
                  "one_off": ["Phantom Equity/4yr", "Stock ({ticker} RSUs — NYSE: {ticker}, 4yr vest)"]}  # fmt: skip
# Each column's range as a share of base pay; any header not listed is equity, at 0.3.
SHARE_OF_BASE = {"Base Salary": 1.0, "Bonus": 0.15, "PnL Participation": 0.3, "Sign-On / Bonus": 0.1,
                 "Profit Sharing": 0.06}  # fmt: skip
LEVELS = ["Junior (L3)", "Mid (L4)", "Senior (L5)", "Staff (L6)"]
COMP_HEADINGS = ["Compensation Benchmarks by Region", "Compensation Overview", "Pay by Region"]
MAPPING_HEADINGS = {"bold": "**Level Mapping:**", "heading": "#### Level Mapping",
                    "heading_titles": "#### Level Mapping & Internal Titles"}  # fmt: skip
TOPICS = ["Working at {company}", "How {company} Builds Offers", "Interview Loop and Levelling",
          "Equity and Refreshers", "Remote Work and Relocation", "What Moves the Number"]  # fmt: skip
TAGS = ["Equity Heavy", "Cash Rich", "Remote Friendly", "Level Driven", "Refresh Cycle", "Sign-On Flex", "Pod Model",
        "Public RSUs", "Pre-IPO Options", "Bonus Discretion", "Fast Offers", "Band Transparency"]  # fmt: skip
LEVERS = ["Competing Offer", "Scope and Level", "Shipped Impact", "Scarce Skills", "Equity Terms", "Start Date"]
SOURCES = ["Levels.fyi — {role} offers, 2025-2026", "Blind — {company} compensation threads",
           "Glassdoor — {company} salary reports", "{company} careers page — benefits and equity policy",
           "Pave — compensation percentiles by stage", "Hired — salary report for {city}"]  # fmt: skip
SENTENCES = [
    "{company} hires {role}s into teams of {count} that own a product area end to end, and offers reflect that scope.",
    "Recruiters at {company} have more room on the initial grant than on base, so push on equity first.",
    "The strongest candidates bring a competing written offer; {peer} is the comparison {company} takes seriously.",
    "Levelling decides most of the package: one level is worth about {pct}% of total pay, more than any sign-on.",
    "In {city}, {company} benchmarks against local peers rather than headquarters, which compresses the top.",
    "Ask how refreshers are decided; at {company} they follow a {months}-month calibration cycle, not tenure.",
    "Hiring managers for {role} roles care about shipped work you can measure, so bring numbers, not adjectives.",
    "A candidate who can describe an outage they led, and what changed afterwards, is levelled higher here.",
    "{company} reviews pay every {months} months, so the offer you sign sets your pay until the next cycle.",
    "Counter in writing, keep it short, and tie every request to a reason the hiring manager can repeat.",
    "About {pct}% of offers land in the upper half of the band, almost all of them competing-offer cases.",
    "The recruiter will ask for your expectations early; answer with the band's top, not your current pay.",
    "Bonus targets are discretionary in practice, so weigh guaranteed cash above the headline target.",
    "Relocation support exists but is rarely offered first; ask for it and for the {months}-month repayment terms.",
    "Remote offers are banded about {pct}% below {city}, and the gap narrows when the posting was location-flexible.",
    "{peer} and {company} recruit from the same pool of {role}s, and their recruiters know each other's bands.",
    "Offers at {company} usually expire after {count} business days; ask for more time before you need it.",
    "The hiring committee meets weekly, so a counter sent on a Friday rarely moves before the next meeting.",
]


Stated = dict[str, tuple[int, int] | None]  # a row's money ranges by front-matter prefix ("base", "stock", …)
Row = tuple[str, str, Stated]  # region, currency, stated ranges


@dataclass(frozen=True)
class KnownFigure:
    """One figure a guide's table holds, as the parser should report it."""

    region: str
    region_key: str
    component: str
    currency: str
    low: int
    high: int
    level: str | None = None


@dataclass(frozen=True)
class GeneratedGuide:
    id: str
    company: str
    role: str
    regions: tuple[str, ...]  # as the parser should report them (emphasis removed)
    known: KnownFigure | None  # None only for the rare guide without a compensation table
    shapes: frozenset[str]  # e.g. "table:pnl", "cell:dual_slash", "levers:bold_paragraphs"
    size: int


@dataclass
class Draft:
    """A guide being written: its lines, and a record of what went into it."""

    rng: random.Random
    company: str
    role: str
    lines: list[str] = field(default_factory=list)
    shapes: set[str] = field(default_factory=set)
    regions: list[str] = field(default_factory=list)
    known: KnownFigure | None = None

    def pick(self, weights: Mapping[str, float], kind: str) -> str:
        choice = self.rng.choices(list(weights), list(weights.values()))[0]
        self.shapes.add(f"{kind}:{choice}")
        return choice

    def prose(self, sentences: int) -> str:
        rng = self.rng
        values: dict[str, object] = {"company": self.company, "role": self.role, "city": rng.choice(PLACES).labels[0]}
        values |= {"peer": f"{rng.choice(HEADS)}{rng.choice(TAILS)} {rng.choice(SECTORS)}", "pct": rng.randint(5, 30)}
        values |= {"months": rng.choice([6, 9, 12, 18]), "count": rng.randint(3, 9)}
        return " ".join(sentence.format(**values) for sentence in rng.sample(SENTENCES, sentences))


def slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


def rounded(value: float, place: Place) -> int:
    unit = 10_000 if place.style == "m" else 1_000  # M amounts are written to two decimals
    return max(unit, round(value / unit) * unit)


def amount(value: int, symbol: str, style: str) -> str:
    if style == "full":
        number = f"{value:,}"
    elif style == "m" and value >= 1_000_000:
        number = f"{value / 1_000_000:.2f}".rstrip("0").rstrip(".") + "M"
    else:
        number = f"{value // 1000}K"
    return f"{number} kr" if symbol == "kr" else f"{symbol}{number}"


def span(low: int, high: int, place: Place, dash: str, symbol: str | None = None) -> str:
    symbol = symbol or place.symbol
    return f"{amount(low, symbol, place.style)}{dash}{amount(high, symbol, place.style)}"


def with_dollars(text: str, low: int, high: int, place: Place, dual: str | None, dash: str) -> str:
    """Add the USD conversion the way dual-currency guides write it: '(…)' or ' / …'."""
    if dual is None or place.currency not in USD_PER_UNIT:
        return text
    rate, us = USD_PER_UNIT[place.currency], PLACES[0]
    usd = span(rounded(low * rate, us), rounded(high * rate, us), us, dash)
    return f"{text} ({usd})" if dual == "paren" else f"{text} / {usd}"


def component_cell(
    draft: Draft, place: Place, header: str, bounds: tuple[int, int], dual: str | None
) -> tuple[str, tuple[int, int] | None]:
    """A non-total cell in one of the forms guides use, and the money range it states (None for a percentage)."""
    (low, high), roll, dash = bounds, draft.rng.random(), draft.rng.choice([" - ", "–", "-"])
    if header == "Bonus" and roll < 0.12:
        draft.shapes.add("cell:percent")
        return draft.rng.choice(["10–15%", "10-20%", "15–25%"]), None
    if header == "Bonus" and roll < 0.2:
        draft.shapes.add("cell:money_and_percent")
        return span(low, high, place, dash) + " (15-25%)", bounds
    if header == "Bonus" and roll < 0.25:
        draft.shapes.add("cell:note")
        return span(0, high, place, "-") + " (senior only)", (0, high)
    cell = span(low, high, place, dash)
    if "Stock" in header and draft.rng.random() < 0.5:
        draft.shapes.add("cell:per_year")
        cell += "/yr"
    return with_dollars(cell, low, high, place, dual, dash), bounds


def defect_cell(draft: Draft, place: Place, low: int, high: int) -> str:
    """The two data defects real guides carry: a range that mixes currencies, or a low above the high."""
    if draft.pick({"mixed_currency": 1, "low_above_high": 1}, "defect") == "mixed_currency":
        other = "£" if "$" in place.symbol else "$"  # never a second kind of dollar, which would be ambiguous
        return f"{amount(low, place.symbol, 'k')} - {amount(high, other, 'k')}"
    return span(high, low, place, " - ")


def front_matter_key(header: str) -> str | None:
    """The front-matter field prefix mirroring a column, if any."""
    fixed = {"Base Salary": "base", "Bonus": "bonus", "Total Comp": "total_comp", "PnL Participation": None}
    return fixed.get(header, "stock" if header not in SHARE_OF_BASE else None)


def region_row(
    draft: Draft, place: Place, headers: list[str], dual: str | None, defect: bool
) -> tuple[list[str], Stated]:
    """One Region-table row (total = sum of the parts) and the ranges it states, by front-matter prefix."""
    mid, lows, highs = ROLES[draft.role] * place.scale, 0, 0
    cells: list[str] = []
    stated: Stated = {}
    for header in headers[:-1]:
        share = SHARE_OF_BASE.get(header, 0.3)
        low, high = rounded(mid * share * 0.85, place), rounded(mid * share * draft.rng.uniform(1.15, 1.45), place)
        lows, highs = lows + low, highs + high
        if defect and len(cells) == 1:  # the cell after the base
            cell, stated_range = defect_cell(draft, place, low, high), None
        else:
            cell, stated_range = component_cell(draft, place, header, (low, high), dual)
        cells.append(cell)
        stated[front_matter_key(header) or header] = stated_range
    total = span(lows, highs, place, "–") + ("+" if draft.rng.random() < 0.1 else "")
    draft.shapes.update({"cell:open_ended"} if total.endswith("+") else set())
    stated["total_comp"] = (lows, highs)
    return [*cells, with_dollars(total, lows, highs, place, dual, " - ")], stated


def region_table(draft: Draft, shape: str, plain: bool) -> list[Row]:
    """Writes a Region table (`plain`: no defects, so front matter can mirror it); returns its rows."""
    rng = draft.rng
    equity = rng.choice(EQUITY_HEADERS.get(shape, ["Stock (RSU/4yr)"])).format(ticker=slug(draft.company)[:4].upper())
    one_off = [equity, rng.choice(["Sign-On / Bonus", "Profit Sharing"])]
    middle = {"no_bonus": [equity], "no_equity": ["Bonus"], "pnl": ["Bonus", "PnL Participation"], "one_off": one_off}
    headers = ["Base Salary", *middle.get(shape, [equity, "Bonus"]), "Total Comp"]
    places = [PLACES[rng.randrange(5)], *rng.sample(PLACES[5:], rng.randint(1, 3))]
    dual = rng.choice([None, "paren", "slash"])
    draft.shapes.update({f"cell:dual_{dual}"} if dual and any(p.currency in USD_PER_UNIT for p in places) else set())
    known_row = rng.randrange(len(places))
    defect_row = rng.choice([i for i in range(len(places)) if i != known_row]) if rng.random() < 0.02 else None
    draft.lines += ["| Region | " + " | ".join(headers) + " |", "|" + "---|" * (len(headers) + 1)]
    rows = []
    for index, place in enumerate(places):
        label = rng.choice(place.labels) + (" (HQ)" if index == 0 and place.key != "remote-us" else "")
        cells, stated = region_row(draft, place, headers, dual, defect=index == defect_row and not plain)
        draft.lines.append("| " + " | ".join([f"**{label}**" if rng.random() < 0.3 else label, *cells]) + " |")
        draft.regions.append(label)
        rows.append((label, place.currency, stated))
        if index == known_row:
            low, high = stated["base"] or (0, 0)  # a base cell always states money
            draft.known = KnownFigure(label, place.key, "base", place.currency, low, high)
    return rows


def level_location_table(draft: Draft) -> None:
    """A row per level, a column per location, each cell a total-comp range."""
    rng = draft.rng
    places = [PLACES[rng.randrange(5)], *rng.sample(PLACES[5:], rng.randint(2, 3))]
    # Singapore sometimes writes a bare "$" under an "(SGD)" header: the header says which dollar.
    bare = {place.key for place in places if place.key == "singapore" and rng.random() < 0.5}
    draft.shapes.update({"cell:bare_dollar_sgd"} if bare else set())
    headers = [f"{p.labels[0]} ({p.currency})" if p.symbol == "$" or p.key in bare else
               f"{p.labels[0]} ({p.currency} {p.symbol})" for p in places]  # fmt: skip
    draft.lines += ["| Level | " + " | ".join(headers) + " |", "|" + "---|" * (len(headers) + 1)]
    for row, level in enumerate(LEVELS[: rng.randint(3, 4)]):
        cells = []
        for column, place in enumerate(places):
            mid = ROLES[draft.role] * place.scale * (1.0 + 0.3 * row)
            low, high = rounded(mid * 0.95, place), rounded(mid * 1.3, place)
            if (row, column) == (0, 0):
                draft.known = KnownFigure(place.labels[0], place.key, "total", place.currency, low, high, level)
            blank = (row, column) != (0, 0) and rng.random() < 0.04
            cells.append("—" if blank else span(low, high, place, "–", "$" if place.key in bare else None))
        draft.lines.append("| " + " | ".join([level, *cells]) + " |")
    draft.regions += [place.labels[0] for place in places]


def mapping_table(draft: Draft) -> None:
    """A level-mapping table: titles and years, no money."""
    draft.lines += [MAPPING_HEADINGS[draft.pick({key: 1 for key in MAPPING_HEADINGS}, "mapping")], ""]
    draft.lines += ["| Level | Title | Typical YoE |", "|---|---|---|"]
    for index, level in enumerate(LEVELS):
        name, code = level.rstrip(")").split(" (")
        draft.lines.append(f"| {code} | {name} {draft.role} | {1 + 3 * index}-{4 + 3 * index} |")


def front_matter(draft: Draft, rows: list[Row]) -> list[str]:
    """YAML metadata mirroring the table; one in three has a region null here but with figures in the table."""
    agrees, month = draft.pick({"agrees": 2, "disagrees": 1}, "front_matter") == "agrees", draft.rng.randint(1, 9)
    lines = ["---", f"company: {slug(draft.company)}", f"company_display: {draft.company}", f"role: {slug(draft.role)}",
             f"role_display: {draft.role}", f"last_updated: 2026-{month:02d}-15", "data_quality: medium",
             f"salary_data_quarter: 2026-Q{(month + 2) // 3}", f"next_review_due: 2026-{month + 3:02d}-15",
             "compensation:"]  # fmt: skip
    for index, (region, currency, stated) in enumerate(rows):
        blank = not agrees and index == len(rows) - 1
        lines.append(f"  - region: {region}")
        for prefix in ("base", "stock", "bonus", "total_comp"):
            low, high = (None, None) if blank else stated.get(prefix) or (None, None)
            lines += [
                f"    {prefix}_low: {'null' if low is None else low}",
                f"    {prefix}_high: {'null' if high is None else high}",
            ]
        lines.append(f"    currency: {currency}")
    return [*lines, "---"]


def levers_and_strategy(draft: Draft) -> None:
    style = draft.pick({"global_heading": 2, "lever_headings": 1, "bold_paragraphs": 1}, "levers")
    draft.lines += ["#### Global Levers", ""] if style == "global_heading" else []
    for number, name in enumerate(draft.rng.sample(LEVERS, draft.rng.randint(3, 4)), start=1):
        quote = f'"{draft.prose(3)}"'
        draft.lines += {
            "global_heading": [f"{number}. **{name}:** {quote}", ""],
            "lever_headings": [f"#### Lever {number}: {name}", "", quote, ""],
            "bold_paragraphs": [f"**Lever {number} — {name}:** {quote}", ""],
        }[style]
    lead = {"quote": "> **Negotiate Up Strategy:**", "bold": "**Negotiate Up Strategy**:"}
    anchor = ROLES[draft.role] * 1.2 // 1000
    plan = f"Anchor at ${anchor:.0f}K base and accept no less than ${anchor * 0.88:.0f}K. {draft.prose(2)}"
    draft.lines += [f"{lead[draft.pick({'quote': 9, 'bold': 1}, 'strategy')]} {plan}", "", "---", ""]


def evidence(draft: Draft) -> None:
    style = draft.pick({"numbered": 1, "bulleted": 1, "bold_bulleted": 1}, "evidence")
    draft.lines += ["**Evidence & Sources:**" if style == "bold_bulleted" else "#### Evidence & Sources", ""]
    city = draft.regions[0].removesuffix(" (HQ)") if draft.regions else "New York"
    for number, source in enumerate(SOURCES, start=1):
        text = source.format(company=draft.company, role=draft.role, city=city)
        draft.lines.append(f"{number}. {text}" if style == "numbered" else f"- {text}")


def build_guide(rng: random.Random, company: str, role: str) -> tuple[str, Draft]:
    draft = Draft(rng, company, role)
    title = TITLE_FORMS[draft.pick(TITLES, "title")].format(role=role, company=company)
    tags = " ".join(f"`{tag}`" for tag in rng.sample(TAGS, 5))
    draft.lines += [title, "", f"**Negotiation DNA:** {tags}", "", "---", ""]
    table, rows = draft.pick(TABLES, "table"), list[Row]()
    with_front_matter = table not in ("level_location", "none") and rng.random() < 0.12
    if table == "level_location":
        draft.lines += ["#### Total Compensation by Level and Location", ""]
        level_location_table(draft)
    elif table != "none":
        draft.lines += [f"#### {rng.choice(COMP_HEADINGS)}", ""]
        rows = region_table(draft, table, plain=with_front_matter)
    draft.lines += ["", "---", "", "#### Negotiation DNA", "", draft.prose(5), "", draft.prose(4), "", "---", ""]
    mapping_table(draft)
    head, draft.lines = [*draft.lines, "", "---", ""], []
    levers_and_strategy(draft)
    evidence(draft)
    matter = front_matter(draft, rows) if with_front_matter else []
    # Topic sections of prose until the guide reaches its size (6-10 KB like real guides).
    filler, target, topics = list[str](), rng.randint(6_300, 9_200), rng.sample(TOPICS, len(TOPICS))
    while len("\n".join([*matter, *head, *filler, *draft.lines]).encode()) < target:
        if not filler or rng.random() < 0.4:
            filler += [f"#### {topics.pop().format(company=company)}", ""] if topics else []
        filler += [draft.prose(rng.randint(3, 5)), ""]
    return "\n".join([*matter, *head, *filler, *draft.lines]) + "\n", draft


def company_names() -> list[str]:
    """4,320 invented names (coined word + sector): with 14 roles, 60,480 distinct guides.

    A coined word is head + middle + tail; the empty middle comes first, so the first 360 names are the
    two-part ones earlier corpora used.
    """
    middles = ["", "a", "en", "i", "o", "ar", "el", "u", "is", "ov", "er", "an"]
    coined = [head + middle + tail for middle in middles for head in HEADS for tail in TAILS]
    if len(set(coined)) != len(coined):
        raise AssertionError("two coined company words coincide: change a middle part")
    return [f"{name} {SECTORS[index % len(SECTORS)]}" for index, name in enumerate(coined)]


def write_corpus(out_dir: Path, count: int, seed: int = 0) -> list[GeneratedGuide]:
    """Write `count` distinct guides under out_dir; the same seed writes the same files."""
    pairs = [(company, role) for company in company_names() for role in ROLES]
    if count > len(pairs):
        raise ValueError(f"at most {len(pairs):,} distinct guides can be generated, asked for {count:,}")
    random.Random(f"pairs/{seed}").shuffle(pairs)
    written = []
    for company, role in pairs[:count]:
        guide_id = f"{slug(company)}/{slug(role)}"
        text, draft = build_guide(random.Random(f"{seed}/{guide_id}"), company, role)
        path = out_dir / f"{guide_id}.md"
        path.parent.mkdir(parents=True, exist_ok=True)
        size = path.write_bytes(text.encode("utf-8"))
        shapes = frozenset(draft.shapes)
        written.append(GeneratedGuide(guide_id, company, role, tuple(draft.regions), draft.known, shapes, size))
    return written


def main(argv: list[str]) -> int:
    if len(argv) != 2 or not argv[1].isdigit():
        print("usage: python benchmarks/corpus.py OUT_DIR N", file=sys.stderr)
        return 2
    started = time.perf_counter()
    guides = write_corpus(Path(argv[0]), int(argv[1]))
    megabytes = sum(guide.size for guide in guides) / 1_000_000
    print(f"wrote {len(guides):,} guides ({megabytes:.1f} MB) to {argv[0]} in {time.perf_counter() - started:.1f}s")
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
