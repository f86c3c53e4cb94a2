"""The shapes measured over the real corpus, on invented guides (tests/corpus_shapes): each failure the
fidelity issue lists, as the exact figures and the exact answer a person gets, on a real index."""

from __future__ import annotations

from datetime import date

import pytest

from assistant.guide import Guide, ProblemKind
from assistant.ingest.parse import parse_guide_file
from assistant.ingest.report import validate_corpus
from assistant.response import AnswerResponse
from assistant.service import Assistant
from assistant.vocabulary.names import Vocabulary
from tests.conftest import CORPUS_SHAPES, TODAY


def parsed(guide_id: str) -> Guide:
    return parse_guide_file(CORPUS_SHAPES / f"{guide_id}.md", CORPUS_SHAPES, today=TODAY)


def shown(response: AnswerResponse) -> set[tuple[str, str | None, int | None, int | None]]:
    """(guide, currency, low, high) of every benchmark the answer shows, each also written in its text."""
    return {(f.guide_id, f.currency, f.low, f.high) for f in response.figures if f.text in response.answer}


# --- reading tables by structure --------------------------------------------------------------------


def test_a_row_per_component_and_a_column_per_place_yields_every_figure() -> None:
    figures = {(f.region, f.component.value): f for f in parsed("acme/product-manager").figures}
    assert len(figures) == 12
    lyon_base, pune_total = figures[("Lyon", "base")], figures[("Pune", "total")]
    assert (lyon_base.currency, lyon_base.low, lyon_base.high, lyon_base.layout) == ("EUR", 64_000, 88_000,
                                                                                      "component_rows")  # fmt: skip
    assert (pune_total.currency, pune_total.low, pune_total.high) == ("INR", 3_200_000, 5_000_000)
    lyon_bonus = figures[("Lyon", "bonus")]
    assert (lyon_bonus.low, lyon_bonus.high, lyon_bonus.bonus_pct_low) == (6_400, 8_800, 10.0)
    assert figures[("Springfield", "bonus")].not_paid


def test_level_mapping_headers_never_become_places() -> None:
    guide = parsed("acme/product-manager")
    assert guide.regions == ["Lyon", "Springfield", "Pune"]
    assert [table.layout for table in guide.tables] == ["component_rows", None]


@pytest.mark.parametrize(
    ("level", "place", "expected"),
    [
        ("Mid (L3-L4)", "Zurich", ("CHF", 128_000, 165_000, None)),
        ("Mid (L3-L4)", "Dubai", ("AED", 310_000, 455_000, ("USD", 84_000, 124_000))),
        ("Mid (L3-L4)", "London / Dublin", ("GBP", 71_000, 96_000, ("USD", 89_000, 120_000))),
        ("Mid (L3-L4)", "Bengaluru", ("INR", 1_800_000, 2_600_000, None)),
        ("Senior (L5)", "Bengaluru", ("INR", 2_800_000, 4_000_000, None)),
        ("Staff (L6)", "Bengaluru", ("INR", 4_200_000, 6_000_000, None)),
        ("Principal (L7)", "Bengaluru", ("INR", 11_000_000, 14_000_000, None)),
    ],
)
def test_cells_in_every_notation_read_exactly(level: str, place: str, expected: tuple[object, ...]) -> None:
    figure = next(f for f in parsed("quorholt/software-engineer").figures if (f.level, f.region) == (level, place))
    second = (figure.secondary.currency, figure.secondary.low, figure.secondary.high) if figure.secondary else None
    assert (figure.currency, figure.low, figure.high, second) == expected


def test_unclean_cells_give_no_figure_and_a_problem() -> None:
    guide = parsed("velmark/data-engineer")
    written = {f.source_text for f in guide.figures}
    assert not written & {"£1,2,3K", "£-5K", "$12.3.4K - €5K"}
    unclean = sorted(p.message for p in guide.problems if p.kind == ProblemKind.unclean_cell)
    assert unclean == [
        "London Base Salary: '£1,2,3K' does not read as money",
        "London Bonus: '£-5K' holds a negative amount",
        "New York Stock (RSU/4yr): '$12.3.4K - €5K' does not read as money",
    ]


def test_a_citation_names_the_section_of_the_table_even_with_a_heading_right_after() -> None:
    guide = parsed("acme/senior-product-manager")
    assert {figure.section for figure in guide.figures} == {"Compensation Benchmarks by Region"}


# --- identity --------------------------------------------------------------------------------------


def test_validate_reports_new_problem_kinds_and_a_corpus_summary() -> None:
    report = validate_corpus(CORPUS_SHAPES, date(2026, 11, 22))
    assert (report.guides_checked, report.guides_read, report.guides_with_figures) == (9, 8, 8)
    assert (report.not_guides, report.unusable) == (1, 0)
    assert report.figures_by_layout == {"region_rows": 59, "level_rows": 14, "component_rows": 12}
    assert report.problems_by_kind == {"unclean_cell": 3, "not_a_guide": 1, "company_mismatch": 1}
    mismatch = next(p for p in report.problems if p.kind == ProblemKind.company_mismatch)
    assert mismatch.guide_id == "velmark/security-engineer" and "Ostmere Systems" in mismatch.message


def test_parents_and_tickers_are_other_names_and_roles_may_hold_a_pipe() -> None:
    assert parsed("quorholt/software-engineer").company_aliases == ["Brammere Group", "QRHT"]
    edge = parsed("velmark/edge-cloud-platform-engineer")
    assert (edge.company, edge.role) == ("Velmark", "Edge | Cloud Platform Engineer")
    assert parsed("velmark/security-engineer").company == "Velmark"  # the folder, not the misfiled title


def test_the_non_guide_document_never_becomes_a_company(shapes: Assistant) -> None:
    assert "acme-research-dossier" not in {guide.id for guide in shapes.guides()}
    response = shapes.ask("What does Acme pay a product manager in Lyon?")
    assert ("acme/product-manager", "EUR", 64_000, 88_000) in shown(response)
    assert "Dossier" not in response.answer


def test_acme_and_acme_ai_each_get_their_own_answer(shapes: Assistant) -> None:
    acme = shapes.ask("What's the base salary for a product manager at Acme in Springfield?")
    assert shown(acme) == {("acme/product-manager", "USD", 150_000, 190_000)}
    acme_ai = shapes.ask("acme ai pm london base")
    assert shown(acme_ai) == {("acme-ai/product-manager", "GBP", 120_000, 150_000)}
    assert shapes.ask("pm acme london base").answer.startswith(
        "The guides don't cover London for Acme (Product Manager); its guide covers Lyon, Springfield and Pune."
    )


# --- questions as people type them -----------------------------------------------------------------


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("What's the base for a Senior Product Manager at Acme in London?", ("GBP", 105_000, 140_000)),
        ("acme senior pm base london uk", ("GBP", 105_000, 140_000)),
        ("Sr PM at acme, dallas - base salary?", ("USD", 172_000, 215_000)),
        ("acme senior product manager base in Dallas TX", ("USD", 172_000, 215_000)),
        ("senior pm acme san diego base", ("USD", 178_000, 224_000)),
        ("Acme senior PM base in Cambridge, MA?", ("USD", 185_000, 232_000)),
        ("acme sr pm bozeman base", ("USD", 181_000, 229_000)),
        ("acme sr pm san mateo base salary", ("USD", 181_000, 229_000)),
        ("acme senior pm munich base", ("EUR", 98_000, 126_000)),
        ("acme senior pm rotterdam base", ("EUR", 96_000, 124_000)),
        ("Quorholt L5 software engineer total comp in Zurich?", ("CHF", 170_000, 215_000)),
        ("brammere group swe senior tc dubai", ("AED", 455_000, 610_000)),
        ("QRHT l6 swe tc bengaluru", ("INR", 4_200_000, 6_000_000)),
        ("quorholt software engineer mid total comp in london", ("GBP", 71_000, 96_000)),
        ("quorholt swe l4 total comp dublin", ("GBP", 71_000, 96_000)),
        ("quorholt staff engineer base zurich", ("CHF", 205_000, 250_000)),
        ("UX designer at acme ai, SF", None),
        ("velmark cloud platform engineer base remote canada", ("USD", 140_000, 180_000)),
        ("velmark cloud platform engineer base nyc", ("USD", 160_000, 205_000)),
    ],
)
def test_questions_as_typed_find_the_exact_range(shapes: Assistant, question: str, expected: tuple | None) -> None:
    response = shapes.ask(question)
    if expected is None:
        assert response.refused and not response.figures
        return
    assert expected in {(currency, low, high) for _guide, currency, low, high in shown(response)}, response.answer
    assert response.verification.action == "passed"


def test_a_none_cell_is_answered_as_not_paid(shapes: Assistant) -> None:
    response = shapes.ask("Does Acme pay product managers a bonus in Springfield?")
    assert "- Springfield — Bonus: not paid (the table says “None”) [1]" in response.answer
    assert [f.not_paid for f in response.figures] == [True]


def test_an_unclean_cell_is_named_not_guessed(shapes: Assistant) -> None:
    response = shapes.ask("velmark data engineer base in london")
    assert "£1,2,3K" not in {f.text for f in response.figures}
    assert ("Velmark's guide's London Base Salary cell doesn't read cleanly as money, so no figure is shown for it."
            in response.answer)  # fmt: skip
    assert "£1,2,3K" not in response.answer


def test_a_level_the_guide_lacks_is_said_and_the_levels_it_has_are_shown(shapes: Assistant) -> None:
    response = shapes.ask("quorholt swe l9 total comp zurich")
    assert response.answer.startswith("Quorholt's Software Engineer guide has no L9 row; its levels are Mid (L3-L4), "
                                      "Senior (L5), Staff (L6) and Principal (L7), all shown below.")  # fmt: skip
    assert len(shown(response)) == 4


def test_several_matching_roles_are_offered_back_not_listed_in_full(shapes: Assistant) -> None:
    response = shapes.ask("What's the base for a manager at Acme in Dallas?")
    assert response.refused
    assert response.answer == "Acme's guides cover Product Manager and Senior Product Manager — which one?"


def test_a_role_no_guide_covers_names_the_closest(shapes: Assistant) -> None:
    response = shapes.ask("How much does Quorholt pay a software architect in Zurich?")
    assert response.refused and not response.figures
    assert response.answer == (
        "The guides don't cover software architect at Quorholt, so I won't quote another role's figures. "
        "The closest roles Quorholt's guides cover are Software Engineer and Staff Software Engineer."
    )


def test_the_vocabulary_read_from_the_catalogs_names_is_the_one_full_guides_give(shapes: Assistant) -> None:
    """Questions are understood from names and labels read straight from SQLite (no guide loaded): exactly
    what building from every parsed guide gives, decorated labels, parents and two-place labels included."""
    catalog = shapes.reader.catalog
    light, full = Vocabulary.build(catalog.names()), Vocabulary.build(catalog.guides())
    assert light == full
    assert light.places["london"] == "london" and len(light.company_names) == 4
    assert light.company_aliases["brammere group"] == {"quorholt": 2}  # "Quorholt (Brammere Group)": its parent
