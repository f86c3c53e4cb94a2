"""Pieces of a self-contained HTML report: one file, inline CSS and SVG, no scripts, no links out.

Every piece of text passes through `esc`, because answers under test can contain anything,
including markup.
"""

from __future__ import annotations

import html
import re

CSS = """
body { font: 14px/1.45 system-ui, sans-serif; margin: 2rem auto; max-width: 72rem; color: #1d232a; padding: 0 1rem; }
h1 { font-size: 1.5rem; } h2 { font-size: 1.15rem; margin-top: 2rem; }
table { border-collapse: collapse; width: 100%; margin: .5rem 0 1rem; }
th, td { border-bottom: 1px solid #d8dde3; padding: .3rem .5rem; text-align: left; vertical-align: top; }
th { background: #f2f4f7; }
td.num { text-align: right; font-variant-numeric: tabular-nums; }
.pass { color: #176b2c; font-weight: 600; } .fail { color: #b3261e; font-weight: 600; }
tr.fail td { background: #fdf1f0; } tr.better td { background: #eef8f0; } tr.worse td { background: #fdf1f0; }
.verdict { font-size: 1.2rem; padding: .5rem 1rem; display: inline-block; border-radius: 4px; }
.verdict.pass { background: #e5f4e8; } .verdict.fail { background: #fbe4e2; }
pre { white-space: pre-wrap; background: #f7f8fa; padding: .5rem; border-radius: 4px; margin: .25rem 0; }
ul { margin: 0; padding-left: 1.2rem; } .muted { color: #5b6670; }
"""

SERIES_COLOURS = ("#3b6ea8", "#d08c2f", "#5a9e6f")
# Cells right-aligned as numbers: "12", "93.3%", "120 ms", "n/a".
_NUMERIC_RE = re.compile(r"^(?:[+-]?[\d.,]+(?:%| ms)?|n/a)$")


def esc(text: object) -> str:
    return html.escape(str(text), quote=True)


def ratio(value: float | None) -> str:
    return "n/a" if value is None else f"{value:.1%}"


def page(title: str, body: str) -> str:
    return (
        "<!DOCTYPE html>\n<html lang='en'>\n<head>\n<meta charset='utf-8'>\n"
        f"<title>{esc(title)}</title>\n<style>{CSS}</style>\n</head>\n"
        f"<body>\n<h1>{esc(title)}</h1>\n{body}\n</body>\n</html>\n"
    )


def verdict(passed: bool, text: str) -> str:
    state = "pass" if passed else "fail"
    return f"<p class='verdict {state}'>{esc(text)}</p>"


def table(headers: list[str], rows: list[list[str]], row_classes: list[str] | None = None) -> str:
    """A table of plain text cells (all escaped); a cell that looks like a number is right-aligned."""
    head = "".join(f"<th>{esc(h)}</th>" for h in headers)
    body = []
    for index, row in enumerate(rows):
        css = f" class='{esc(row_classes[index])}'" if row_classes and row_classes[index] else ""
        cells = "".join(_cell(cell) for cell in row)
        body.append(f"<tr{css}>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def listing(items: list[str]) -> str:
    return "<ul>" + "".join(f"<li>{esc(item)}</li>" for item in items) + "</ul>" if items else ""


def preformatted(text: str) -> str:
    return f"<pre>{esc(text)}</pre>"


def bar_chart(labels: list[str], series: list[tuple[str, list[float | None]]], marks: list[float | None]) -> str:
    """Horizontal bars of ratios (0..1): one group per label, one bar per series, a tick at each mark."""
    label_width, bar_width, bar_height, gap = 170, 420, 14, 10
    group_height = bar_height * len(series) + gap
    height = group_height * len(labels) + 30
    parts = [f"<svg role='img' width='{label_width + bar_width + 70}' height='{height}'>"]
    for row, label in enumerate(labels):
        top = row * group_height
        parts.append(f"<text x='0' y='{top + bar_height}' font-size='12'>{esc(label)}</text>")
        for index, (_name, values) in enumerate(series):
            parts.append(_bar(values[row], label_width, top + index * bar_height, bar_width, bar_height, index))
        mark = marks[row] if row < len(marks) else None
        if mark is not None:
            x = label_width + bar_width * mark
            parts.append(
                f"<line x1='{x:.1f}' x2='{x:.1f}' y1='{top}' y2='{top + group_height - gap}' "
                "stroke='#b3261e' stroke-width='2'/>"
            )
    parts.append(_legend(series, height - 10, any(mark is not None for mark in marks)))
    parts.append("</svg>")
    return "".join(parts)


def _bar(value: float | None, left: int, top: int, width: int, height: int, index: int) -> str:
    colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
    length = width * max(0.0, min(1.0, value or 0.0))
    return (
        f"<rect x='{left}' y='{top}' width='{length:.1f}' height='{height - 2}' fill='{colour}'/>"
        f"<text x='{left + length + 4:.1f}' y='{top + height - 3}' font-size='11'>{esc(ratio(value))}</text>"
    )


def _legend(series: list[tuple[str, list[float | None]]], baseline: int, has_marks: bool) -> str:
    items = []
    for index, (name, _values) in enumerate(series):
        colour = SERIES_COLOURS[index % len(SERIES_COLOURS)]
        x = 170 + index * 160
        items.append(f"<rect x='{x}' y='{baseline - 9}' width='10' height='10' fill='{colour}'/>")
        items.append(f"<text x='{x + 14}' y='{baseline}' font-size='11'>{esc(name)}</text>")
    if has_marks:
        items.append(f"<text x='0' y='{baseline}' font-size='11' fill='#b3261e'>| threshold</text>")
    return "".join(items)


def _cell(text: str) -> str:
    numeric = bool(_NUMERIC_RE.match(text))
    return f"<td class='num'>{esc(text)}</td>" if numeric else f"<td>{esc(text)}</td>"
