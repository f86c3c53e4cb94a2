"""The prose of a generated guide: headings, tags, levers, sources and sentences, all invented."""

from __future__ import annotations

COMP_HEADINGS = [
    "Compensation by Level and Location",
    "Total Compensation by Level and Location",
    "Compensation by Component",
    "Base, Equity and Bonus by Location",
    "Pay Bands",
    "Compensation Snapshot",
    "Market Benchmarks",
    "Compensation Benchmarks by Region",
    "Compensation Overview",
    "Pay by Region",
]
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
