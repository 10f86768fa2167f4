"""A report's content drawn as HTML and printed to PDF (in the worker, by the rendering job)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from ..rendering import html_to_pdf, paper_size_css
from .chunked import chunked_pdf
from .content import ReportContent, report_content
from .subject import Subject


def report_html(
    *, content: ReportContent, paper_size: str, generated_at, frame_pages: int = 0
) -> str:
    """The report's HTML; with ``frame_pages``, only its margin boxes over that many empty pages
    (drawn under the pages of a report rendered in chunks)."""
    return render_to_string(
        content.template,
        {
            **content.context,
            "title": content.title,
            "page_size": paper_size_css(paper_size),
            "generated_at": generated_at,
            "short_fingerprint": content.fingerprint[:12],
            "frame_pages": range(frame_pages),
        },
    )


def report_renderer_warm() -> bytes:
    """Draw one empty page of the reports' template (stylesheet, fonts, margin boxes) here.

    The worker's main process calls it before it forks its pool (scorecards.tasks), so every
    pool child, also the ones that replace a child after CELERY_WORKER_MAX_TASKS_PER_CHILD,
    starts with the template compiled and WeasyPrint's lazy imports and caches filled.
    """
    return html_to_pdf(
        html=render_to_string(
            "scorecards/reports/_pdf_base.html",
            {
                "title": "Panel",
                "page_size": paper_size_css("A4"),
                "generated_at": timezone.now(),
                "short_fingerprint": "",
                "frame_pages": range(0),
            },
        )
    )


def report_pdf(*, subject: Subject, paper_size: str) -> tuple[bytes, ReportContent]:
    """Render a subject's current content to PDF bytes in this process (used by the task)."""
    content = report_content(subject=subject, paper_size=paper_size)
    generated_at = timezone.now()
    html = report_html(content=content, paper_size=paper_size, generated_at=generated_at)

    def frame_html(pages: int) -> str:
        return report_html(
            content=content, paper_size=paper_size, generated_at=generated_at, frame_pages=pages
        )

    return chunked_pdf(html=html, frame_html=frame_html), content
