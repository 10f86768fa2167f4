"""Fixtures of the reports tests: a scored interview with a panel, and people around it."""

from dataclasses import dataclass

import pytest

from accounts.roles import Role
from tests.factories import UserFactory

from .panel_data import scored_interview_create


def second_panelist_create():
    return UserFactory(username="panelist2", first_name="Paul", roles=[Role.INTERVIEWER])


def half_scored_interview_create(*, lead, panelist, second_panelist, hiring_manager):
    """Lead and second panelist have submitted; ``panelist`` is seated and has not."""
    return scored_interview_create(
        panelists=[lead, second_panelist, panelist],
        submitted=[lead, second_panelist],
        questions=4,
        hiring_managers=[hiring_manager],
    )


@pytest.fixture
def second_panelist(db):
    return second_panelist_create()


@pytest.fixture
def scored_interview(lead, panelist, second_panelist, hiring_manager):
    return half_scored_interview_create(
        lead=lead, panelist=panelist, second_panelist=second_panelist, hiring_manager=hiring_manager
    )


def pdf_text(data: bytes) -> str:
    """The PDF's text with whitespace collapsed (lines wrap anywhere)."""
    return " ".join(page.text for page in pdf_pages(data))


PT_MM = 25.4 / 72
# The page margins of _pdf.css: the running header above, the footer below.
TOP_MARGIN_MM, BOTTOM_MARGIN_MM = 20, 18


@dataclass
class PdfPage:
    """One page read back: its text (whitespace collapsed), the text of its body (between the
    header and footer margins) in drawing order, and where the body's lowest word ends."""

    height_mm: float
    text: str
    body_text: str
    lowest_mm: float

    @property
    def filled(self) -> float:
        """How far down the body area its text reaches: 0.0 (empty) to 1.0 (full)."""
        area = self.height_mm - TOP_MARGIN_MM - BOTTOM_MARGIN_MM
        return (self.lowest_mm - TOP_MARGIN_MM) / area


def _in_body(top_mm: float, height_mm: float) -> bool:
    return TOP_MARGIN_MM < top_mm < height_mm - BOTTOM_MARGIN_MM


def _word_bottoms(data: bytes) -> list[list[float]]:
    """Per page, the bottom of every word in mm from the top of the page. Poppler places the
    words of the SVG chart (a form XObject) where they are drawn; pypdf's positions do not."""
    import subprocess
    import xml.etree.ElementTree as ElementTree

    xhtml = subprocess.run(
        ["pdftotext", "-bbox", "-", "-"], input=data, capture_output=True, check=True
    ).stdout
    namespace = "{http://www.w3.org/1999/xhtml}"
    return [
        [float(word.get("yMax")) * PT_MM for word in page.iter(f"{namespace}word")]
        for page in ElementTree.fromstring(xhtml).iter(f"{namespace}page")
    ]


def pdf_pages(data: bytes) -> list[PdfPage]:
    import io

    from pypdf import PdfReader

    pages = []
    bottoms = _word_bottoms(data)
    for page, word_bottoms in zip(PdfReader(io.BytesIO(data)).pages, bottoms, strict=True):
        height_pt = float(page.mediabox.height)
        height_mm = height_pt * PT_MM
        body: list[str] = []

        def visit(text, cm, tm, _font, _size, body=body, height_pt=height_pt, height_mm=height_mm):
            # The baseline through the text and page matrices, from the top of the page.
            top_mm = (height_pt - (cm[1] * tm[4] + cm[3] * tm[5] + cm[5])) * PT_MM
            if text.strip() and _in_body(top_mm, height_mm):
                body.append(text)

        text = page.extract_text(visitor_text=visit)
        pages.append(
            PdfPage(
                height_mm=height_mm,
                text=" ".join(text.split()),
                body_text=" ".join(" ".join(body).split()),
                lowest_mm=max(
                    (bottom for bottom in word_bottoms if _in_body(bottom, height_mm)),
                    default=TOP_MARGIN_MM,
                ),
            )
        )
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
