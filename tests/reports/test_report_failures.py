"""A failed render leaves no file, tells the user in plain words what happened and what to do,
keeps the technical cause for staff, and the card offers "Make PDF" again."""

import signal
from pathlib import Path

import psycopg
import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.db import connection
from django.urls import reverse

from scorecards import tasks
from scorecards.models import Report, ReportKind, ReportStatus
from scorecards.reports import MAX_ATTEMPTS, Subject, report_render, report_request

from .panel_data import scored_interview_create

pytestmark = pytest.mark.django_db

STORAGE_FAILED = "The server could not store the PDF; try again later."
TOO_SLOW = "Making this PDF took longer than the time limit"
NOT_MADE = "This PDF could not be made"
DATABASE_DOWN = "The database was unavailable while making this PDF"


@pytest.fixture
def subject(scored_interview):
    return Subject(kind=ReportKind.CANDIDATE_REPORT, interview=scored_interview)


def _pdfs() -> list[Path]:
    return sorted(Path(settings.MEDIA_ROOT).rglob("*.pdf"))


def test_it_fails_at_once_with_a_plain_message_when_the_pdf_cannot_be_stored(
    settings, recruiter, subject
):
    report = report_request(user=recruiter, subject=subject)
    # MEDIA_ROOT under a regular file: every save raises OSError, as on a broken volume.
    blocker = settings.MEDIA_ROOT.parent / "not-a-directory"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker / "media"
    tasks.render_report.apply(args=[report.pk])
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.attempts == 1, "a storage failure is not re-rendered"
    assert report.error == STORAGE_FAILED
    assert "NotADirectoryError" in report.error_detail
    assert str(blocker) not in report.error


def test_it_shows_a_plain_message_and_keeps_the_cause_for_staff_only(
    client, recruiter, admin_user, subject
):
    report = report_request(user=recruiter, subject=subject)
    Report.objects.filter(pk=report.pk).update(paper_size="B5")
    tasks.render_report.apply(args=[report.pk])
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.error.startswith(NOT_MADE)
    assert "unknown paper size 'B5'" in report.error_detail
    status_url = reverse("reports:status", args=[report.pk])

    client.force_login(recruiter)
    page = client.get(status_url).content.decode()
    assert NOT_MADE in page
    assert "paper size" not in page and "ValueError" not in page

    client.force_login(admin_user)
    assert "unknown paper size" in client.get(status_url).content.decode()


def test_it_fails_with_a_plain_message_past_the_soft_time_limit(recruiter, lead, second_panelist):
    interview = scored_interview_create(panelists=[lead, second_panelist], questions=200)
    report = report_request(
        user=recruiter, subject=Subject(kind=ReportKind.CANDIDATE_REPORT, interview=interview)
    )

    # Celery's soft time limit is a signal whose handler raises SoftTimeLimitExceeded in the
    # middle of the render; an alarm does the same here. It rings every 50 ms but raises only
    # while WeasyPrint's own code runs: WeasyPrint swallows exceptions in a few places (one
    # raised there would let the render finish), and our failure handling must not be hit.
    def soft_limit(signum, frame):
        if frame is not None and frame.f_globals.get("__name__", "").startswith("weasyprint"):
            raise SoftTimeLimitExceeded()

    previous = signal.signal(signal.SIGALRM, soft_limit)
    signal.setitimer(signal.ITIMER_REAL, 0.5, 0.05)
    try:
        report_render(report_id=report.pk)
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)
        signal.signal(signal.SIGALRM, previous)
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.attempts == 1
    assert report.error.startswith(TOO_SLOW)
    assert "SoftTimeLimitExceeded" in report.error_detail
    assert _pdfs() == []


@pytest.mark.django_db(transaction=True)
def test_it_retries_a_database_outage_then_fails_with_a_plain_message(recruiter, subject):
    if connection.vendor != "postgresql":
        pytest.skip("locks another connection's table on PostgreSQL")
    # A queued row as a request leaves it (a committed request would render it at once here).
    report = Report.objects.create(**subject.filter(), requested_by=recruiter)
    dsn = "postgresql://{USER}@{HOST}:{PORT}/{NAME}".format(**connection.settings_dict)
    # Another session holds the interview questions: every read of them times out, like a
    # database that does not answer, while the report row itself can still be written.
    with psycopg.connect(dsn) as locker:
        locker.execute("LOCK TABLE interviews_interviewquestion IN ACCESS EXCLUSIVE MODE")
        with connection.cursor() as cursor:
            cursor.execute("SET lock_timeout = '100ms'")
        try:
            tasks.render_report.apply(args=[report.pk])
        finally:
            with connection.cursor() as cursor:
                cursor.execute("RESET lock_timeout")
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.attempts == MAX_ATTEMPTS
    assert report.error.startswith(DATABASE_DOWN)
    assert "lock timeout" in report.error_detail


def test_it_offers_make_pdf_again_on_a_failed_report(client, recruiter, subject, scored_interview):
    report = report_request(user=recruiter, subject=subject)
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.FAILED, error=STORAGE_FAILED, attempts=1
    )
    request_url = reverse("reports:request", args=["interview-report", scored_interview.pk])
    client.force_login(recruiter)

    page = client.get(reverse("interviews:interview", args=[scored_interview.pk])).content
    card = page.decode().split('id="reports-heading"')[1]
    assert STORAGE_FAILED in card
    assert f'hx-post="{request_url}"' in card
    assert "Make PDF" in card

    status = client.get(reverse("reports:status", args=[report.pk])).content.decode()
    assert f'hx-post="{request_url}"' in status

    response = client.post(request_url, {"paper_size": "A4"}, HTTP_HX_REQUEST="true")
    assert response.status_code == 200
    assert Report.objects.count() == 2
