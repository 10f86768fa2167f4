"""Fixtures of the reports tests: a scored interview with a panel, and people around it."""

import pytest

from interviews.roles import Role
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
    import io

    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    return " ".join(" ".join(page.extract_text() for page in reader.pages).split())


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
