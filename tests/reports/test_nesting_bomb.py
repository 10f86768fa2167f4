"""A frozen question nested thousands deep (saved before depth was limited) still renders."""

import pytest

from interviews.models import InterviewQuestion
from scorecards.models import ReportKind, ReportStatus
from scorecards.reports import Subject

from .conftest import pdf_text

pytestmark = pytest.mark.django_db

BOMB = "<ul><li>" * 5000 + "deepest words" + "</li></ul>" * 5000


def test_it_prints_a_nesting_bomb_as_plain_text(render_now, recruiter, scored_interview):
    InterviewQuestion.objects.filter(interview=scored_interview, position=1).update(prompt=BOMB)
    report = render_now(
        user=recruiter, subject=Subject(kind=ReportKind.INTERVIEW_KIT, interview=scored_interview)
    )
    assert report.status == ReportStatus.READY, report.error
    assert "deepest words" in pdf_text(report.file.read())
