"""A claimed render holds a lease: a dead worker's report is re-queued when the lease runs out,
up to the attempt limit, and a redelivered message never renders a report twice at once."""

from datetime import timedelta
from pathlib import Path

import pytest
from django.conf import settings
from django.utils import timezone

from scorecards.models import Report, ReportKind, ReportStatus
from scorecards.reports import MAX_ATTEMPTS, Subject, report_render, report_request, reports_sweep

from .panel_data import scored_interview_create

pytestmark = pytest.mark.django_db

WORKER_DIED = f"The worker stopped while rendering this report, {MAX_ATTEMPTS} times"


@pytest.fixture
def report(recruiter, scored_interview):
    # Not rendered: these tests run outside a committed transaction, so nothing is sent.
    return report_request(
        user=recruiter,
        subject=Subject(kind=ReportKind.CANDIDATE_REPORT, interview=scored_interview),
    )


def _rendering(report, *, attempts: int, lease_left: timedelta) -> None:
    """As a worker leaves it: claimed ``attempts`` times, with this much lease left."""
    now = timezone.now()
    Report.objects.filter(pk=report.pk).update(
        status=ReportStatus.RENDERING,
        attempts=attempts,
        started_at=now - timedelta(minutes=5),
        lease_expires_at=now + lease_left,
    )


def _pdfs() -> list[Path]:
    return sorted(Path(settings.MEDIA_ROOT).rglob("*.pdf"))


EXPIRED = timedelta(seconds=-1)
LIVE = timedelta(minutes=1)


def test_it_requeues_and_renders_a_report_whose_worker_died(report):
    _rendering(report, attempts=1, lease_left=EXPIRED)
    assert reports_sweep().requeued == 1
    report.refresh_from_db()
    # Tests run tasks in-process: the re-sent task has already rendered it.
    assert report.status == ReportStatus.READY
    assert report.attempts == 2
    assert len(_pdfs()) == 1


def test_it_leaves_a_render_with_a_live_lease_alone(report):
    _rendering(report, attempts=1, lease_left=LIVE)
    result = reports_sweep()
    assert (result.requeued, result.failed) == (0, 0)
    report.refresh_from_db()
    assert report.status == ReportStatus.RENDERING


def test_it_fails_a_report_whose_worker_died_at_every_attempt(report):
    _rendering(report, attempts=MAX_ATTEMPTS, lease_left=EXPIRED)
    assert reports_sweep().failed == 1
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.error.startswith(WORKER_DIED)
    assert "lease" in report.error_detail
    assert _pdfs() == []


def test_it_lets_a_redelivered_message_take_over_an_expired_lease(report):
    _rendering(report, attempts=1, lease_left=EXPIRED)
    report_render(report_id=report.pk)
    report.refresh_from_db()
    assert report.status == ReportStatus.READY
    assert report.attempts == 2


def test_it_drops_a_redelivered_message_while_a_live_worker_holds_the_lease(report):
    _rendering(report, attempts=1, lease_left=LIVE)
    assert report_render(report_id=report.pk) is None
    report.refresh_from_db()
    assert (report.status, report.attempts) == (ReportStatus.RENDERING, 1)
    assert _pdfs() == []


def test_it_renders_a_redelivered_message_for_a_report_requeued_meanwhile(report):
    Report.objects.filter(pk=report.pk).update(status=ReportStatus.QUEUED, attempts=1)
    report_render(report_id=report.pk)
    report.refresh_from_db()
    assert (report.status, report.attempts) == (ReportStatus.READY, 2)


def test_it_fails_a_redelivered_message_at_the_attempt_limit_with_the_true_cause(report):
    _rendering(report, attempts=MAX_ATTEMPTS, lease_left=EXPIRED)
    assert report_render(report_id=report.pk) is None
    report.refresh_from_db()
    assert report.status == ReportStatus.FAILED
    assert report.error.startswith(WORKER_DIED)


@pytest.mark.django_db(transaction=True)
def test_it_renews_the_lease_while_it_renders(settings, recruiter, lead, second_panelist):
    settings.PANEL_REPORT_LEASE_SECONDS = 1
    interview = scored_interview_create(panelists=[lead, second_panelist], questions=150)
    # Committed, so the task runs (in-process) and its lease keeper renews from another thread.
    report = report_request(
        user=recruiter, subject=Subject(kind=ReportKind.CANDIDATE_REPORT, interview=interview)
    )
    report.refresh_from_db()
    assert report.status == ReportStatus.READY
    render_seconds = (report.finished_at - report.started_at).total_seconds()
    assert render_seconds > 0.5, "the render was too quick to need a renewal"
    assert report.lease_expires_at > report.started_at + timedelta(seconds=1)
