"""The interview kit: the questions with their rubrics, follow-ups and room for notes; no scores."""

from __future__ import annotations

import math
from typing import Any

from django.utils.html import strip_tags
from django.utils.text import slugify
from django.utils.translation import gettext as _

from ...models import Recommendation
from ..subject import Subject
from .common import ReportContent, base_canonical, question_canonical, rich_text
from .reader import ContentReader, panel_of

# Interview kit pagination (see _kit_row). The kit's CSS sets these widths: the text column of
# A4 (Letter is wider, so the estimate errs tall there), guides beside a 34 mm label column.
KIT_PROMPT_WIDTH_MM, KIT_GUIDE_WIDTH_MM, KIT_LIST_WIDTH_MM = 178, 135, 155
# Average advance of a character of Liberation Sans at 9.5 pt and 8.5 pt, and the line heights.
KIT_PROMPT_CHAR_MM, KIT_SMALL_CHAR_MM = 1.62, 1.45
KIT_PROMPT_LINE_MM, KIT_SMALL_LINE_MM = 4.63, 3.9
# Heading, paddings, list titles, the "not asked" box and the notes box.
KIT_FIXED_MM = 47
# A question kept whole is pushed to the next page when it does not fit, leaving the rest of
# the page empty: only one estimated at most this tall is kept whole (about a third of a page:
# A4 has 259 mm between the margins, Letter 241 mm), so no page is left more than a third
# empty. A taller one breaks once, between asking and rating (the default bank's all do).
KIT_KEEP_TOGETHER_MM = 90


def _lines(text: str, width_mm: float, char_mm: float) -> int:
    return max(1, math.ceil(len(text) * char_mm / width_mm))


def _kit_height_mm(
    *, prompt: str, guides: list[str], follow_ups: list[str], key_points: list[str]
) -> float:
    """The printed height of a kit question, estimated from its text. Calibrated against
    WeasyPrint's layout of the default bank: from 2 mm short to 14 mm tall."""
    # The lists stand side by side when both are there, else one runs across the width.
    list_width = KIT_LIST_WIDTH_MM / 2 if follow_ups and key_points else KIT_LIST_WIDTH_MM
    list_lines = max(
        (
            1 + sum(_lines(item, list_width, KIT_SMALL_CHAR_MM) for item in items)
            for items in (follow_ups, key_points)
            if items
        ),
        default=0,
    )
    guide_lines = sum(_lines(guide, KIT_GUIDE_WIDTH_MM, KIT_SMALL_CHAR_MM) for guide in guides)
    prompt_lines = _lines(prompt, KIT_PROMPT_WIDTH_MM, KIT_PROMPT_CHAR_MM)
    return (
        KIT_FIXED_MM
        + prompt_lines * KIT_PROMPT_LINE_MM
        + (list_lines + guide_lines) * KIT_SMALL_LINE_MM
    )


def _kit_row(question, *, labels: dict[int, str]) -> dict[str, Any]:
    """One question of the interview kit and whether it is short enough to keep on one page."""
    guides = question.guides()
    follow_ups, key_points = question.follow_up_list(), question.key_point_list()
    levels = [(level, label, guides.get(level, "")) for level, label in labels.items()]
    height = _kit_height_mm(
        prompt=strip_tags(question.prompt),
        guides=[guide for _level, _label, guide in levels],
        follow_ups=follow_ups,
        key_points=key_points,
    )
    return {
        "question": question,
        "prompt": rich_text(question.prompt),
        "follow_ups": follow_ups,
        "key_points": key_points,
        "levels": levels,
        "keep_together": height <= KIT_KEEP_TOGETHER_MM,
    }


def _interview(subject: Subject, reader: ContentReader):
    if not subject.interview:
        raise ValueError(f"no report of kind {subject.kind!r} for this subject")
    return reader.interview(subject.interview.pk)


def canonical(subject: Subject, *, reader: ContentReader, paper_size: str) -> dict[str, Any]:
    interview = _interview(subject, reader)
    data = base_canonical(
        kind=subject.kind,
        candidate=interview.candidate,
        paper_size=paper_size,
        labels=reader.labels(),
    )
    data.update(
        interview=interview.pk,
        scheduled_at=interview.scheduled_at.isoformat(),
        plan=interview.plan.name if interview.plan else "",
        panel=panel_of(reader.seats(interview.pk)),
        questions=[question_canonical(q) for q in reader.questions(interview.pk)],
    )
    return data


def content(subject: Subject, *, reader: ContentReader, paper_size: str) -> ReportContent:
    interview = _interview(subject, reader)
    labels = reader.labels()
    return ReportContent(
        template="scorecards/reports/interview_kit.html",
        title=_("Interview kit: %(name)s") % {"name": interview.candidate.full_name},
        filename=f"interview-kit-{slugify(interview.candidate.full_name) or 'candidate'}",
        context={
            "interview": interview,
            "candidate": interview.candidate,
            "panel": panel_of(reader.seats(interview.pk)),
            "rows": [_kit_row(q, labels=labels) for q in reader.questions(interview.pk)],
            "recommendations": Recommendation.choices,
        },
        canonical=canonical(subject, reader=reader, paper_size=paper_size),
    )
