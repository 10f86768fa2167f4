"""A report's content drawn as HTML and printed to PDF (in the worker, by the rendering job)."""

from __future__ import annotations

from django.template.loader import render_to_string
from django.utils import timezone

from ..rendering import html_to_pdf, paper_size_css
from .content import ReportContent, report_content
from .subject import Subject


def report_html(*, content: ReportContent, paper_size: str, generated_at) -> str:
    return render_to_string(
        content.template,
        {
            **content.context,
            "title": content.title,
            "page_size": paper_size_css(paper_size),
            "generated_at": generated_at,
            "short_fingerprint": content.fingerprint[:12],
        },
    )


def report_pdf(*, subject: Subject, paper_size: str) -> tuple[bytes, ReportContent]:
    """Render a subject's current content to PDF bytes in this process (used by the task)."""
    content = report_content(subject=subject, paper_size=paper_size)
    html = report_html(content=content, paper_size=paper_size, generated_at=timezone.now())
    return html_to_pdf(html=html), content
