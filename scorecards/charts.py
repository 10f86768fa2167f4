"""Inline SVG charts for the PDF reports, drawn here so no image is ever fetched."""

from __future__ import annotations

import textwrap

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext as _

from questionbank.models import RATING_LEVELS

from .selectors import CategorySummary

SCALE_MIN, SCALE_MAX = RATING_LEVELS[0], RATING_LEVELS[-1]
LABEL_WIDTH, BAR_WIDTH, NOTE_WIDTH, ROW_HEIGHT, LINE_HEIGHT, TOP = 230, 300, 140, 22, 11, 22
# SVG text does not wrap: names are broken into lines this long (measured against Liberation
# Sans at the label size, capitals included, so a line never runs into the bars).
LABEL_CHARS = 34
# Questions named beside a red bar before the rest are counted ("Q2, Q5, Q9 +3").
NAMED_QUESTIONS = 3


def _x(value: float) -> float:
    return LABEL_WIDTH + (value - SCALE_MIN) / (SCALE_MAX - SCALE_MIN) * BAR_WIDTH


def _label_lines(name: str) -> list[str]:
    return textwrap.wrap(name, LABEL_CHARS) or [name]


def _disagreement_note(positions: list[int]) -> str:
    named = ", ".join(f"Q{position}" for position in positions[:NAMED_QUESTIONS])
    rest = len(positions) - NAMED_QUESTIONS
    if rest > 0:
        named = f"{named} +{rest}"
    return _("split on %(questions)s") % {"questions": named}


def category_chart_svg(
    categories: list[CategorySummary], *, disagreements: dict[str, list[int]] | None = None
) -> SafeString:
    """A horizontal bar per category: the panel's mean rating, a whisker from lowest to highest.

    A bar is red when the panel disagrees on one of the category's questions; ``disagreements``
    maps a category name to those questions' positions, printed beside its bar. Names are
    wrapped, never cut. Every text in the SVG is escaped (category names come from the bank).
    """
    disagreements = disagreements or {}
    rows = [(category, _label_lines(category.name)) for category in categories]
    heights = [max(ROW_HEIGHT, LINE_HEIGHT * len(lines) + 10) for _category, lines in rows]
    height = TOP + (sum(heights) if rows else ROW_HEIGHT) + 8
    width = LABEL_WIDTH + BAR_WIDTH + NOTE_WIDTH
    parts = [
        format_html(
            '<svg xmlns="http://www.w3.org/2000/svg" class="chart" width="{}" height="{}" '
            'viewBox="0 0 {} {}" role="img" font-family="Liberation Sans, sans-serif">',
            width,
            height,
            width,
            height,
        )
    ]
    for tick in range(SCALE_MIN, SCALE_MAX + 1):
        x = _x(tick)
        parts.append(
            format_html(
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#d5d8dc" stroke-width="0.6"/>'
                '<text x="{}" y="12" font-size="9" text-anchor="middle" fill="#555">{}</text>',
                x,
                TOP - 4,
                x,
                height - 6,
                x,
                tick,
            )
        )
    y = TOP
    for (category, lines), row_height in zip(rows, heights, strict=True):
        for number, line in enumerate(lines):
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="9.5" text-anchor="end" fill="#222">{}</text>',
                    LABEL_WIDTH - 8,
                    y + 13 + number * LINE_HEIGHT,
                    line,
                )
            )
        spread = category.spread
        if spread.mean is None:
            parts.append(
                format_html(
                    '<text x="{}" y="{}" font-size="9" fill="#777">{}</text>',
                    LABEL_WIDTH + 4,
                    y + 13,
                    "–",
                )
            )
            y += row_height
            continue
        colour = "#b03a2e" if category.disagreements else "#2e6da4"
        note = (
            _disagreement_note(disagreements[category.name])
            if disagreements.get(category.name)
            else ""
        )
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="11" fill="{}" rx="2"/>'
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#1d2329" stroke-width="1.2"/>'
                '<text x="{}" y="{}" font-size="9" fill="#222">{}'
                '<tspan font-size="8" fill="#b03a2e" dx="6">{}</tspan></text>',
                LABEL_WIDTH,
                y + 3,
                f"{max(_x(spread.mean) - LABEL_WIDTH, 1.5):.1f}",
                colour,
                f"{_x(min(spread.values)):.1f}",
                y + 18,
                f"{_x(max(spread.values)):.1f}",
                y + 18,
                f"{_x(SCALE_MAX) + 6:.1f}",
                y + 12,
                f"{spread.mean:.2f}",
                note,
            )
        )
        y += row_height
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))
