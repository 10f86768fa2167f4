"""The rendering job: reuse of unchanged content, staleness, claims, the attempt bound.

Leases and the sweep: test_report_lease.py; sending and re-sending: test_report_outbox.py;
failures and their messages: test_report_failures.py.
"""

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


def test_it_takes_over_a_run_that_holds_no_lease(recruiter, subject):
    report = report_request(user=recruiter, subject=subject)
    # A redelivered message finds the row claimed by a run whose lease is gone.
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.RENDERING, attempts=1)
    report_render(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.READY and report.attempts == 2
    assert len(_stored_reports()) == 1


def test_it_fails_fast_with_the_cause_on_a_deterministic_error(recruiter, subject):
    report = report_request(user=recruiter, subject=subject)
    Report.objects.filter(pk=report.pk).update(paper_size="Tabloid")
    result = tasks.render_report.apply(args=[report.pk])
    report.refresh_from_db()
    assert result.successful()
    assert report.status == ReportStatus.FAILED
    assert report.attempts == 1
    assert "unknown paper size 'Tabloid'" in report.error_detail


def test_it_gives_up_after_the_attempt_bound(recruiter, subject):
    report = report_request(user=recruiter, subject=subject)
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.RENDERING, attempts=MAX_ATTEMPTS)
    assert report_render(report_id=report.pk) is None
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert f"stopped while rendering this report, {MAX_ATTEMPTS} times" in report.error
