"""Asking for reports: a new job or the ready one for unchanged content, and "try again"."""

from __future__ import annotations

from django.conf import settings
from django.db import transaction
from django.utils import timezone

from ..models import Report, ReportStatus
from ..rendering import PAPER_SIZES
from .content import report_fingerprint
from .jobs import (
    report_requeue,
    report_send,
    report_waits_too_long,
    reports_fail_worn_out,
)
from .subject import Subject

# A request for content one of these already has returns it rather than a new job.
ACTIVE = (ReportStatus.QUEUED, ReportStatus.RENDERING, ReportStatus.READY)


def default_paper_size() -> str:
    return settings.PANEL_PAPER_SIZE if settings.PANEL_PAPER_SIZE in PAPER_SIZES else "A4"


def _queue(report_id: int) -> None:
    """Send the report's task once its row is committed; the sweep re-sends it if that fails."""
    transaction.on_commit(lambda: report_send(report_id=report_id))


def report_request(*, user, subject: Subject, paper_size: str | None = None) -> Report:
    """The report of this subject's current content: a ready or pending one, or a new job.

    The caller has checked ``can_request``. A new job's task is sent after the transaction
    commits; if the broker does not take it, the row stays queued (``sent_at`` empty) and says so.
    """
    paper_size = paper_size or default_paper_size()
    fingerprint = report_fingerprint(subject=subject, paper_size=paper_size)
    with transaction.atomic():
        existing = (
            Report.objects.filter(
                **subject.filter(),
                paper_size=paper_size,
                fingerprint=fingerprint,
                status__in=ACTIVE,
            )
            .order_by("-created_at")
            .first()
        )
        if existing:
            return existing
        report = Report.objects.create(
            **subject.filter(),
            requested_by=user,
            paper_size=paper_size,
            fingerprint=fingerprint,
            status=ReportStatus.QUEUED,
        )
        _queue(report.pk)
    return report


def report_nudge(*, report: Report) -> bool:
    """Do now what the sweep would do later for a report that waits too long: the status's
    "Still waiting — try again". False if it is not waiting too long (done, or within its time).
    """
    now = timezone.now()
    if not report_waits_too_long(report=report, now=now):
        return False
    if report.status == ReportStatus.RENDERING:
        if reports_fail_worn_out(now=now, report_id=report.pk):
            return True
        if not report_requeue(report_id=report.pk, now=now):
            return False
    else:
        # The user starts the wait afresh: "Still waiting" shows again only after another while.
        Report.objects.filter(pk=report.pk, status=ReportStatus.QUEUED).update(queued_at=now)
    report_send(report_id=report.pk)
    return True
