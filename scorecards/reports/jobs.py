"""The rendering job of a report: send its task, claim the row with a lease, render and store
the PDF, and sweep up what a broker or a worker lost.

The report row is the job's truth and a broker message only a nudge (DESIGN, known pitfalls):
sending can fail after the row is committed, Redis can restart without its data, a worker can
die mid-render and its message come back only after the visibility timeout (hours). So a
render is claimed with a conditional UPDATE that takes a lease, the worker renews the lease
while it renders, and the sweep (Celery beat, every PANEL_REPORT_SWEEP_SECONDS) re-sends
queued rows the broker may not have and re-queues renders whose lease ran out, MAX_ATTEMPTS
times in all. A dead worker's report is rendering again within PANEL_REPORT_LEASE_SECONDS +
PANEL_REPORT_SWEEP_SECONDS (90 s by default); any message may arrive twice, and the claim
makes sure a report is rendered by one worker at a time.
"""

from __future__ import annotations

import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import timedelta

from celery.exceptions import SoftTimeLimitExceeded
from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import DatabaseError, InterfaceError, OperationalError, connections
from django.db.models import F, Q
from django.utils import timezone
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from ..models import Report, ReportStatus
from .rendering import report_pdf
from .subject import Subject

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 3
# Errors worth retrying: the database was briefly unavailable. A storage error is not: the PDF
# is made again only if the user asks, once the disk is fixed.
TRANSIENT_ERRORS = (OperationalError, InterfaceError)
# The Celery task that renders a report, looked up by name when a report is sent: the tasks
# module imports this one, never the other way round (see report_send).
RENDER_TASK = "scorecards.tasks.render_report"

# The longest pause between two re-sends of a report that waits behind a long queue.
RESEND_MAX_PAUSE = timedelta(minutes=15)


class ReportStorageError(Exception):
    """The PDF was made but could not be stored (disk full, read-only or missing volume)."""


@dataclass(frozen=True)
class SweepResult:
    """What one sweep did: reports re-sent to the broker, re-queued after their worker died, and
    failed because their worker died at every attempt."""

    resent: int = 0
    requeued: int = 0
    failed: int = 0


def _lease() -> timedelta:
    return timedelta(seconds=settings.PANEL_REPORT_LEASE_SECONDS)


def _resend_after() -> timedelta:
    return timedelta(seconds=settings.PANEL_REPORT_RESEND_AFTER_SECONDS)


def _lease_ran_out(now) -> Q:
    return Q(status=ReportStatus.RENDERING) & (
        Q(lease_expires_at__lt=now) | Q(lease_expires_at__isnull=True)
    )


def _worker_died_message() -> str:
    return _(
        "The worker stopped while rendering this report, %(n)d times, so it was not tried again. "
        "Make the PDF again later; if this happens again, tell an administrator."
    ) % {"n": MAX_ATTEMPTS}


def _failure_message(exc: BaseException) -> str:
    """What the user is told about a failed render: what happened and what to do, no internals."""
    if isinstance(exc, ReportStorageError):
        return _("The server could not store the PDF; try again later.")
    if isinstance(exc, SoftTimeLimitExceeded):
        return _("Making this PDF took longer than the time limit; try again later.")
    if isinstance(exc, TRANSIENT_ERRORS):
        return _("The database was unavailable while making this PDF; try again later.")
    return _("This PDF could not be made. Try again; if it fails again, tell an administrator.")


def _failure_detail(exc: BaseException) -> str:
    """The technical cause, for the log and for staff: the underlying exception and its text."""
    cause = exc.__cause__ or exc
    return f"{type(cause).__name__}: {cause}"[:4000]


def report_waits_too_long(*, report: Report, now=None) -> bool:
    """Queued past the re-send grace period, or rendering on a lease that ran out."""
    now = now or timezone.now()
    if report.status == ReportStatus.QUEUED:
        return report.queued_at < now - _resend_after()
    if report.status == ReportStatus.RENDERING:
        return report.lease_expires_at is None or report.lease_expires_at < now
    return False


def report_send(*, report_id: int) -> bool:
    """Hand a queued report's task to the broker; False (logged) if the broker did not take it.

    The row stays queued either way and records the outcome in ``sent_at``: the sweep re-sends
    what the broker never took. Without REDIS_URL the task runs here and now (embedded mode).
    """
    # By name and at call time, not by import: the tasks module imports this one. A name looked
    # up in Celery's registry would not do: the web process never imports the tasks module, and
    # ``send_task`` bypasses eager mode (no REDIS_URL), which must run the task here and now.
    render_report = import_string(RENDER_TASK)
    try:
        render_report.delay(report_id)
    except Exception:
        # Whatever the broker client raised (connection refused, timeout, auth), the row is the
        # truth and the sweep sends it again: a request must never fail for this.
        logger.warning(
            "report %s: the broker did not take its task; the sweep will send it again",
            report_id,
            exc_info=True,
        )
        Report.objects.filter(pk=report_id, status=ReportStatus.QUEUED).update(sent_at=None)
        return False
    Report.objects.filter(pk=report_id, status=ReportStatus.QUEUED).update(sent_at=timezone.now())
    return True


def _fail(*, report_id: int, attempt: int | None, exc: BaseException) -> int:
    rows = Report.objects.filter(pk=report_id).exclude(status=ReportStatus.READY)
    if attempt is not None:
        rows = rows.filter(attempts=attempt)
    return rows.update(
        status=ReportStatus.FAILED,
        error=_failure_message(exc),
        error_detail=_failure_detail(exc),
        finished_at=timezone.now(),
    )


def report_fail(*, report_id: int, exc: BaseException) -> int:
    """Mark a report failed because its task gave up (retries of a transient error ran out)."""
    return _fail(report_id=report_id, attempt=None, exc=exc)


def _claim(*, report_id: int, now) -> bool:
    """Take the report for one attempt: queued, or rendering on a lease that ran out."""
    claimable = Q(status=ReportStatus.QUEUED) | _lease_ran_out(now)
    return bool(
        Report.objects.filter(claimable, pk=report_id, attempts__lt=MAX_ATTEMPTS).update(
            status=ReportStatus.RENDERING,
            attempts=F("attempts") + 1,
            started_at=now,
            lease_expires_at=now + _lease(),
        )
    )


def _release(*, report_id: int, attempt: int) -> None:
    """Give a claimed render back to the queue; its task retries after a pause (and sends)."""
    now = timezone.now()
    Report.objects.filter(pk=report_id, status=ReportStatus.RENDERING, attempts=attempt).update(
        status=ReportStatus.QUEUED, queued_at=now, sent_at=now, lease_expires_at=None
    )


def report_requeue(*, report_id: int, now) -> bool:
    """Put a render whose lease ran out back in the queue (its worker died)."""
    return bool(
        Report.objects.filter(_lease_ran_out(now), pk=report_id, attempts__lt=MAX_ATTEMPTS).update(
            status=ReportStatus.QUEUED, queued_at=now, sent_at=None, lease_expires_at=None
        )
    )


def reports_fail_worn_out(*, now, report_id: int | None = None) -> int:
    """Fail renders whose lease ran out at the attempt limit: their worker died every time."""
    rows = Report.objects.filter(_lease_ran_out(now), attempts__gte=MAX_ATTEMPTS)
    if report_id is not None:
        rows = rows.filter(pk=report_id)
    failed = rows.update(
        status=ReportStatus.FAILED,
        error=_worker_died_message(),
        error_detail=(
            f"The lease of attempt {MAX_ATTEMPTS} ran out with no worker renewing it: the worker "
            "was killed (SIGKILL, out of memory) or passed the hard time limit, every time."
        ),
        finished_at=now,
    )
    if failed:
        logger.error("%s report(s) failed: their worker died %s times", failed, MAX_ATTEMPTS)
    return failed


@contextmanager
def _lease_kept(*, report_id: int, attempt: int) -> Iterator[None]:
    """Renew the lease every third of its length while the block runs.

    Rendering holds this thread, so a second one renews (with its own database connection); it
    stops when the block ends or when the row is no longer this attempt's (superseded).
    """
    stop = threading.Event()
    every = settings.PANEL_REPORT_LEASE_SECONDS / 3

    def renew() -> None:
        try:
            while not stop.wait(every):
                try:
                    kept = Report.objects.filter(
                        pk=report_id, status=ReportStatus.RENDERING, attempts=attempt
                    ).update(lease_expires_at=timezone.now() + _lease())
                except DatabaseError:
                    # Keep trying: if the database stays away past the lease, the sweep
                    # re-queues the report and this attempt's result is discarded.
                    logger.warning("report %s: could not renew the lease", report_id, exc_info=True)
                    continue
                if not kept:
                    return
        finally:
            connections.close_all()

    keeper = threading.Thread(target=renew, name=f"report-{report_id}-lease", daemon=True)
    keeper.start()
    try:
        yield
    finally:
        stop.set()
        keeper.join(timeout=5)


def _pdf_store(*, name: str, pdf: bytes) -> str:
    """Store the PDF; on failure remove what was written of it and raise ReportStorageError."""
    name = default_storage.get_available_name(name)
    try:
        return default_storage.save(name, ContentFile(pdf))
    except Exception as exc:
        try:
            default_storage.delete(name)
        except Exception:
            logger.warning("could not remove the partial file %s", name, exc_info=True)
        raise ReportStorageError(str(exc)) from exc


def report_render(*, report_id: int) -> Report | None:
    """Claim the report, render it and store the file; safe to run twice or concurrently.

    Returns None when there was nothing to claim (done, or another worker holds the lease).
    Only the run holding the latest attempt may mark the row ready; a superseded run deletes
    its own file. A transient database error gives the row back to the queue and propagates
    (the task retries); anything else fails the row with a plain message and the cause.
    """
    now = timezone.now()
    if not _claim(report_id=report_id, now=now):
        reports_fail_worn_out(now=now, report_id=report_id)
        return None
    report = Report.objects.select_related("interview", "candidate", "scorecard").get(pk=report_id)
    attempt = report.attempts
    name = ""
    try:
        with _lease_kept(report_id=report_id, attempt=attempt):
            pdf, content = report_pdf(subject=Subject.of(report), paper_size=report.paper_size)
            name = _pdf_store(
                name=f"reports/{now:%Y/%m}/{content.filename}-{report_id}-{attempt}.pdf", pdf=pdf
            )
            # The row points at the file only once it is completely written.
            fingerprint = content.fingerprint
            stored = Report.objects.filter(
                pk=report_id, status=ReportStatus.RENDERING, attempts=attempt
            ).update(
                status=ReportStatus.READY,
                file=name,
                fingerprint=fingerprint,
                rendered_fingerprint=fingerprint,
                error="",
                error_detail="",
                finished_at=timezone.now(),
            )
    except Exception as exc:
        if name:
            default_storage.delete(name)
        if isinstance(exc, TRANSIENT_ERRORS) and attempt < MAX_ATTEMPTS:
            logger.warning("report %s attempt %s: database unavailable", report_id, attempt)
            _release(report_id=report_id, attempt=attempt)
            raise
        logger.exception("report %s attempt %s failed", report_id, attempt)
        _fail(report_id=report_id, attempt=attempt, exc=exc)
        return Report.objects.get(pk=report_id)
    if not stored:
        default_storage.delete(name)
        logger.info("report %s attempt %s superseded; discarded its file", report_id, attempt)
    return Report.objects.get(pk=report_id)


def _resend_due(report: Report, now) -> bool:
    """Is it time to send a queued report's task again?

    Never taken by the broker: yes (it is past the grace period). Taken: once it has waited
    since that send as long as it had waited before it (at least the grace period, at most
    RESEND_MAX_PAUSE), so a report behind a long queue is not sent again and again.
    """
    if report.sent_at is None:
        return True
    pause = min(max(_resend_after(), report.sent_at - report.queued_at), RESEND_MAX_PAUSE)
    return report.sent_at + pause < now


def reports_sweep() -> SweepResult:
    """Fail renders whose worker died at every attempt, re-queue the ones with attempts left, and
    re-send queued reports whose task the broker may not have (run by Celery beat)."""
    now = timezone.now()
    failed = reports_fail_worn_out(now=now)
    requeued = resent = 0
    dead = Report.objects.filter(_lease_ran_out(now), attempts__lt=MAX_ATTEMPTS)
    for report_id in dead.values_list("pk", flat=True):
        if report_requeue(report_id=report_id, now=now):
            requeued += 1
            logger.warning("report %s: its worker stopped renewing the lease; re-queued", report_id)
            report_send(report_id=report_id)
    waiting = Report.objects.filter(
        status=ReportStatus.QUEUED, queued_at__lt=now - _resend_after()
    ).only("pk", "queued_at", "sent_at")
    for report in waiting:
        if _resend_due(report, now) and report_send(report_id=report.pk):
            resent += 1
    if resent:
        logger.info("sweep: re-sent %s queued report(s)", resent)
    return SweepResult(resent=resent, requeued=requeued, failed=failed)
