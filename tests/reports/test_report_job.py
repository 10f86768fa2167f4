"""The rendering job: reuse of unchanged content, staleness, claims, retries, failures."""

from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from scorecards import tasks
from scorecards.models import Report, ReportKind, ReportStatus, Scorecard, ScorecardStatus
from scorecards.reports import (
    MAX_ATTEMPTS,
    Subject,
    report_is_stale,
    report_render,
    report_request,
    report_retry,
    reports_expire_stuck,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def subject(scored_interview):
    return Subject(kind=ReportKind.CANDIDATE_REPORT, interview=scored_interview)


def _stored_reports() -> list[Path]:
    return sorted(Path(settings.MEDIA_ROOT).rglob("*.pdf"))


def test_it_returns_the_ready_report_for_unchanged_content(render_now, recruiter, lead, subject):
    first = render_now(user=recruiter, subject=subject)
    again = render_now(user=lead, subject=subject)
    assert again.pk == first.pk
    assert Report.objects.count() == 1
    assert len(_stored_reports()) == 1


def test_it_goes_stale_when_a_scorecard_is_submitted(
    render_now, recruiter, subject, scored_interview, panelist
):
    first = render_now(user=recruiter, subject=subject)
    Scorecard.objects.create(
        interview=scored_interview,
        panelist=panelist,
        status=ScorecardStatus.SUBMITTED,
        recommendation="yes",
        submitted_at=timezone.now(),
    )
    assert report_is_stale(report=first)
    second = render_now(user=recruiter, subject=subject)
    assert second.pk != first.pk and second.status == ReportStatus.READY
    assert not report_is_stale(report=second)


def test_it_goes_stale_when_a_scorecard_is_reopened(render_now, recruiter, lead, subject):
    first = render_now(user=recruiter, subject=subject)
    Scorecard.objects.filter(panelist=lead).update(status=ScorecardStatus.DRAFT)
    assert report_is_stale(report=first)


def test_it_queues_the_task_only_after_commit(
    django_capture_on_commit_callbacks, recruiter, subject
):
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        report = report_request(user=recruiter, subject=subject)
    assert len(callbacks) == 1
    report.refresh_from_db()
    assert report.status == ReportStatus.QUEUED


def test_it_renders_once_when_the_task_runs_twice(recruiter, subject):
    report = report_request(user=recruiter, subject=subject)
    tasks.render_report.apply(args=[report.pk])
    tasks.render_report.apply(args=[report.pk])
    report.refresh_from_db()
    assert report.status == ReportStatus.READY
    assert report.attempts == 1
    assert len(_stored_reports()) == 1


def test_it_discards_the_file_of_a_superseded_run(recruiter, subject):
    report = report_request(user=recruiter, subject=subject)
    # A redelivered message claims the row again while the first run is still going.
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.RENDERING, attempts=1)
    report_render(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.READY and report.attempts == 2
    assert len(_stored_reports()) == 1


def test_it_fails_fast_with_the_message_on_a_deterministic_error(recruiter, subject):
    report = report_request(user=recruiter, subject=subject)
    Report.objects.filter(pk=report.pk).update(paper_size="Tabloid")
    result = tasks.render_report.apply(args=[report.pk])
    report.refresh_from_db()
    assert result.successful()
    assert report.status == ReportStatus.FAILED
    assert report.attempts == 1
    assert "unknown paper size 'Tabloid'" in report.error


def test_it_gives_up_after_the_attempt_bound(recruiter, subject):
    report = report_request(user=recruiter, subject=subject)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.RENDERING, attempts=MAX_ATTEMPTS)
    assert report_render(report_id=report.pk) is None
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "Gave up after 3 attempts" in report.error


def test_it_retries_transient_errors_then_records_them(recruiter, subject, settings):
    report = report_request(user=recruiter, subject=subject)
    # MEDIA_ROOT under a regular file: every save raises OSError (a storage outage).
    blocker = settings.MEDIA_ROOT.parent / "not-a-directory"
    blocker.write_text("")
    settings.MEDIA_ROOT = blocker / "media"
    result = tasks.render_report.apply(args=[report.pk])
    report.refresh_from_db()
    assert result.failed()
    assert report.status == ReportStatus.FAILED
    assert report.attempts == MAX_ATTEMPTS
    assert "Error" in report.error


def test_it_expires_reports_stuck_in_rendering(recruiter, subject):
    report = report_request(user=recruiter, subject=subject)
    long_ago = timezone.now() - timezone.timedelta(hours=1)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.RENDERING, started_at=long_ago)
    assert tasks.expire_stuck_reports.apply().get() == 1
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert "time limit" in report.error


def test_it_leaves_a_recent_render_alone(recruiter, subject):
    report = report_request(user=recruiter, subject=subject)
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.RENDERING, started_at=timezone.now()
    )
    assert reports_expire_stuck() == 0


def test_it_lets_a_failed_report_be_retried(django_capture_on_commit_callbacks, recruiter, subject):
    report = report_request(user=recruiter, subject=subject)
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.FAILED, attempts=MAX_ATTEMPTS, error="boom"
    )
    with django_capture_on_commit_callbacks(execute=True):
        assert report_retry(report=report)
    report.refresh_from_db()
    assert report.status == ReportStatus.READY
    assert report.attempts == 1 and report.error == ""
