"""Inline SVG charts for the PDF reports, drawn here so no image is ever fetched."""

from __future__ import annotations

from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe

from .selectors import CategorySummary

SCALE_MIN, SCALE_MAX = 1, 4
LABEL_WIDTH, BAR_WIDTH, ROW_HEIGHT, TOP = 190, 300, 22, 22


def _x(value: float) -> float:
    return LABEL_WIDTH + (value - SCALE_MIN) / (SCALE_MAX - SCALE_MIN) * BAR_WIDTH


def category_chart_svg(categories: list[CategorySummary]) -> SafeString:
    """A horizontal bar per category: the panel's mean rating, a whisker from lowest to highest.

    Every text in the SVG is escaped (category names come from the bank).
    """
    height = TOP + ROW_HEIGHT * max(len(categories), 1) + 8
    width = LABEL_WIDTH + BAR_WIDTH + 40
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
    for row, category in enumerate(categories):
        y = TOP + row * ROW_HEIGHT
        name = category.name if len(category.name) <= 32 else category.name[:31] + "…"
        parts.append(
            format_html(
                '<text x="{}" y="{}" font-size="9.5" text-anchor="end" fill="#222">{}</text>',
                LABEL_WIDTH - 8,
                y + 13,
                name,
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
            continue
        colour = "#b03a2e" if category.disagreements else "#2e6da4"
        parts.append(
            format_html(
                '<rect x="{}" y="{}" width="{}" height="11" fill="{}" rx="2"/>'
                '<line x1="{}" y1="{}" x2="{}" y2="{}" stroke="#1d2329" stroke-width="1.2"/>'
                '<text x="{}" y="{}" font-size="9" fill="#222">{}</text>',
                LABEL_WIDTH,
                y + 3,
                f"{max(_x(spread.mean) - LABEL_WIDTH, 1.5):.1f}",
                colour,
                f"{_x(min(spread.values)):.1f}",
                y + 18,
                f"{_x(max(spread.values)):.1f}",
                y + 18,
                f"{_x(SCALE_MAX) + 6:.1f}",
                y + 14,
                f"{spread.mean:.2f}",
            )
        )
    parts.append(mark_safe("</svg>"))
    return mark_safe("".join(parts))
