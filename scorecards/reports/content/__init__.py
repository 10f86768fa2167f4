"""Report content: one builder per report kind, registered in ``BUILDERS``.

Each builder reads the subject's canonical data (what the report says: the fingerprint is made
of it alone, so checking staleness never sanitises rich text, draws a chart or renders a
template) and, for rendering only, the template context.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from ...models import ReportKind
from ...rendering import paper_size_css
from ..subject import Subject
from . import candidate_report, interview_kit, scorecard
from .common import TEMPLATE_VERSION, ReportContent, fingerprint_of, rich_text
from .reader import ContentReader

__all__ = [
    "BUILDERS",
    "TEMPLATE_VERSION",
    "ContentReader",
    "ReportContent",
    "report_content",
    "report_fingerprint",
    "rich_text",
]


@dataclass(frozen=True)
class Builder:
    """How one kind of report reads its canonical data and its full content."""

    canonical: Callable[..., dict[str, Any]]
    content: Callable[..., ReportContent]


BUILDERS: dict[str, Builder] = {
    ReportKind.CANDIDATE_REPORT: Builder(candidate_report.canonical, candidate_report.content),
    ReportKind.SCORECARD: Builder(scorecard.canonical, scorecard.content),
    ReportKind.INTERVIEW_KIT: Builder(interview_kit.canonical, interview_kit.content),
}


def _builder(subject: Subject, paper_size: str) -> Builder:
    # An unknown paper size must fail here, before the queries, not later inside the renderer.
    paper_size_css(paper_size)
    try:
        return BUILDERS[subject.kind]
    except KeyError:
        raise ValueError(f"no report of kind {subject.kind!r} for this subject") from None


def report_content(
    *, subject: Subject, paper_size: str, reader: ContentReader | None = None
) -> ReportContent:
    """Read the subject's current content; raises ValueError for a subject that cannot be drawn."""
    builder = _builder(subject, paper_size)
    return builder.content(subject, reader=reader or ContentReader(), paper_size=paper_size)


def report_fingerprint(
    *, subject: Subject, paper_size: str, reader: ContentReader | None = None
) -> str:
    """The fingerprint of the subject's current content, from its canonical data alone."""
    builder = _builder(subject, paper_size)
    return fingerprint_of(
        builder.canonical(subject, reader=reader or ContentReader(), paper_size=paper_size)
    )
