"""The printed interview kit."""

import pytest

from scorecards.models import ReportKind, ReportStatus
from scorecards.reports import Subject

from .conftest import pdf_pages

pytestmark = pytest.mark.django_db


def kit_pages(render_now, user, interview):
    report = render_now(
        user=user, subject=Subject(kind=ReportKind.INTERVIEW_KIT, interview=interview)
    )
    assert report.status == ReportStatus.READY, report.error
    return report, pdf_pages(report.file.read())


def test_it_names_the_kit_version_in_every_footer(render_now, lead, scored_interview):
    report, pages = kit_pages(render_now, lead, scored_interview)
    version = report.rendered_fingerprint[:12]

    for page in pages:
        assert f"Kit version {version}" in page.text
        assert version not in page.body_text
    assert f"content {version}" not in pages[0].text
