"""Fixtures of the reports tests: a scored interview with a panel, and people around it."""

from dataclasses import dataclass

import pytest

from interviews.roles import Role
from tests.factories import UserFactory

from .panel_data import scored_interview_create


@pytest.fixture
def second_panelist(db):
    return UserFactory(username="panelist2", first_name="Paul", roles=[Role.INTERVIEWER])


@pytest.fixture
def scored_interview(lead, panelist, second_panelist, hiring_manager):
    """Lead and second panelist have submitted; ``panelist`` is seated and has not."""
    return scored_interview_create(
        panelists=[lead, second_panelist, panelist],
        submitted=[lead, second_panelist],
        questions=4,
        hiring_managers=[hiring_manager],
    )


def pdf_text(data: bytes) -> str:
    """The PDF's text with whitespace collapsed (lines wrap anywhere)."""
    return " ".join(page.text for page in pdf_pages(data))


PT_MM = 25.4 / 72
# The page margins of _pdf.css: the running header above, the footer below.
TOP_MARGIN_MM, BOTTOM_MARGIN_MM = 20, 18


@dataclass
class PdfPage:
    """One page read back: its text (whitespace collapsed), and the text of its body (between
    the header and footer margins) as (distance from the top of the page in mm, text) runs."""

    height_mm: float
    text: str
    body: list[tuple[float, str]]

    @property
    def body_text(self) -> str:
        return " ".join(" ".join(text for _top, text in self.body).split())

    @property
    def filled(self) -> float:
        """How far down the body area its lowest text reaches: 0.0 (empty) to 1.0 (full)."""
        area = self.height_mm - TOP_MARGIN_MM - BOTTOM_MARGIN_MM
        lowest = max((top for top, _text in self.body), default=TOP_MARGIN_MM)
        return (lowest - TOP_MARGIN_MM) / area


def pdf_pages(data: bytes) -> list[PdfPage]:
    import io

    from pypdf import PdfReader

    pages = []
    for page in PdfReader(io.BytesIO(data)).pages:
        height_mm = float(page.mediabox.height) * PT_MM
        runs: list[tuple[float, str]] = []

        def visit(text, cm, tm, _font, _size, runs=runs, page_height=float(page.mediabox.height)):
            if text.strip():
                # The text origin (baseline) through the text and page matrices, from the top.
                y = cm[1] * tm[4] + cm[3] * tm[5] + cm[5]
                runs.append(((page_height - y) * PT_MM, text))

        text = page.extract_text(visitor_text=visit)
        body = [
            (top, text) for top, text in runs if TOP_MARGIN_MM < top < height_mm - BOTTOM_MARGIN_MM
        ]
        pages.append(PdfPage(height_mm=height_mm, text=" ".join(text.split()), body=body))
    return pages


@pytest.fixture
def render_now(django_capture_on_commit_callbacks):
    """Request a report and run its queued task in-process (Celery's eager mode)."""
    from scorecards.reports import report_request

    def request(*, user, subject, paper_size=None):
        with django_capture_on_commit_callbacks(execute=True):
            report = report_request(user=user, subject=subject, paper_size=paper_size)
        report.refresh_from_db()
        return report

    return request
